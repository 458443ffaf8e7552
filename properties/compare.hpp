#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "spec/graph_data.hpp"

namespace tapecheck::props {

/// Where two contexts first differ: the text ("position 3, element 1:
/// runtime 2.5, spec 2.75") and the position (none when their lengths differ).
struct Difference {
  std::string text;
  std::optional<std::size_t> position;
};

/// Where two contexts first differ under the domain's equality, or nothing
/// when they are equal.
template <class S>
std::optional<Difference> firstDifference(const spec::Context<S>& runtime,
                                           const spec::Context<S>& spec, std::string_view actual = "runtime");

/// Whether every element of every tensor is finite (always true in exact domains).
template <class S>
bool allFinite(const spec::Context<S>& values);

}  // namespace tapecheck::props
