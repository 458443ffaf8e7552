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
/// backwardDenseAll (floats: finite values only), from each output of
/// reachableCheckOutputs with the case's seed there.
template <class S>
Verdict reachableMatchesDense(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// The outputs reachableMatchesDense runs from: the last position, and the
/// node with the most ancestors when that is another one. Why the second: the
/// last node of a random graph depends on few nodes (1.7 op nodes on average
/// of 15.8), so fan-out inside its cone, where reachable-only loops go wrong,
/// is rare; the widest cone has it far more often.
std::vector<std::size_t> reachableCheckOutputs(const spec::Graph& g);

}  // namespace tapecheck::props
