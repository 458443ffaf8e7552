#pragma once
// The comparison as a part of the harness under test: every property's
// verdict rests on firstDifference seeing a difference wherever there is one.
// A comparison that skips the last element of each tensor, or the last
// position, would let every property hold on a broken runtime.
#include <functional>
#include <optional>

#include "properties/compare.hpp"

namespace tapecheck::props {

template <class S>
using DifferenceFinder =
    std::function<std::optional<Difference>(const spec::Context<S>& actual, const Expected<S>& expected)>;

/// The harness's own comparison, bit for bit (Comparison::exact()).
template <class S>
DifferenceFinder<S> exactComparison();

/// Plants one change at a time in c's forward values (the next value of the
/// domain) at the first, middle and last element of every position, and
/// fails unless `compare` reports each one at its position and element.
template <class S>
Verdict comparisonSeesEveryPlantedChange(const DifferenceFinder<S>& compare, const gen::GraphCase<S>& c);

}  // namespace tapecheck::props
