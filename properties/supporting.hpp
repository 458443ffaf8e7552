#pragma once
// Supporting properties: consequences of T3 and of the loop's structure that
// localize a failure faster than T3 alone.
#include "generators/graph_case.hpp"
#include "properties/adapter.hpp"
#include "properties/verdict.hpp"

namespace tapecheck::props {

/// An all-zero seed context gives all-zero gradients (needs finite forward
/// values in float: 0 * inf is NaN).
template <class S>
Verdict zeroSeedGivesZero(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// Running the reverse loop twice on one tape gives identical gradients.
template <class S>
Verdict backwardIsDeterministic(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// Every returned gradient has its node's value shape.
template <class S>
Verdict gradientShapesMatchValues(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// Exact domains: backward(a·s + t) == a·backward(s) + backward(t) for the
/// case's seed s, a second seed t and a constant a (the loop is linear in the seed).
template <class S>
Verdict linearInSeed(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// On graphs of zero-preserving ops, the reachable-only backwardDense equals
/// backwardDenseAll, seeded at the last position (floats: finite values only).
template <class S>
Verdict reachableMatchesDense(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

}  // namespace tapecheck::props
