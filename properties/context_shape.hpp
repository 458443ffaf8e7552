#pragma once
// Whether a context that a runtime or an engine replied with has the case's
// shape: one tensor per position, each of that position's shape and holding
// that many elements. Checked before a property reads a reply element by
// element, so that a short or misshapen reply is a verdict naming the
// position, never a read past the end of a vector.
#include <optional>
#include <span>
#include <string_view>

#include "properties/compare.hpp"
#include "spec/graph_data.hpp"

namespace tapecheck::props {

/// The first way `reply` departs from `shapes` (one per position), described
/// as `what` ("backwardDenseFrom's gradients", "the engine's values"), with
/// the position it concerns: the first missing one when there are too few,
/// none when there are too many. Nothing when the shapes match.
template <class S>
std::optional<Difference> contextShapeMismatch(const spec::Context<S>& reply, std::span<const spec::Shape> shapes,
                                               std::string_view what);

/// The same against the positions of case `c`, as a failed verdict (a
/// runtime's reply: the runtime is wrong) or nothing.
template <class S>
std::optional<Verdict> failsUnlessShaped(const spec::Context<S>& reply, const gen::GraphCase<S>& c,
                                         std::string_view what);

}  // namespace tapecheck::props
