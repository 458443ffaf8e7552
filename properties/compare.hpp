#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "spec/graph_data.hpp"

namespace tapecheck::props {

/// Where two contexts first differ under the domain's equality ("position 3,
/// element 1: runtime 2.5, spec 2.75"), or nothing when they are equal.
template <class S>
std::optional<std::string> firstDifference(const spec::Context<S>& runtime,
                                           const spec::Context<S>& spec, std::string_view actual = "runtime");

/// Whether every element of every tensor is finite (always true in exact domains).
template <class S>
bool allFinite(const spec::Context<S>& values);

}  // namespace tapecheck::props
