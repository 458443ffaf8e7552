#pragma once
// Float special values (NaN, ±Inf) in a case, named so that a failing verdict
// says when they are involved: such a failure may be an IEEE corner (NaN·0,
// Inf - Inf) rather than a wrong gradient. docs/floats.md has the rules.
#include <optional>
#include <string>

#include "generators/graph_case.hpp"
#include "properties/verdict.hpp"

namespace tapecheck::props {

/// "special values involved: NaN in inputs, +Inf in seed, -Inf in forward
/// values", or nothing when every input, seed and forward value is finite
/// (always nothing in exact domains; Tropical's -inf is its zero, not special).
template <class S>
std::optional<std::string> specialValuesIn(const gen::GraphCase<S>& c);

/// A failing verdict with " [special values involved: ...]" appended when the
/// case holds any; other verdicts unchanged.
template <class S>
Verdict noteSpecialValues(Verdict verdict, const gen::GraphCase<S>& c);

}  // namespace tapecheck::props
