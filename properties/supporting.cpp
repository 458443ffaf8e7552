#include "properties/supporting.hpp"

#include <boost/dynamic_bitset.hpp>

#include "generators/graph_builder.hpp"
#include "properties/compare.hpp"
#include "properties/context_shape.hpp"
#include "spec/eval.hpp"

namespace tapecheck::props {
namespace {

template <class S>
Result<spec::Context<S>> runFrom(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c,
                                 const spec::Context<S>& seed) {
  auto tape = runtime.compileAuxData(c.data, c.inputs, c.env);
  if (!tape) return fail("compileAuxData failed: " + tape.error());
  auto grads = runtime.backwardDenseFrom(*tape, seed);
  if (!grads) return fail("backwardDenseFrom failed: " + grads.error());
  return grads;
}

template <class S>
spec::Context<S> zerosLike(const gen::GraphCase<S>& c) {
  spec::Context<S> zeros;
  for (const spec::Shape& s : c.data.shapes) zeros.push_back(spec::Tensor<S>::zeros(s));
  return zeros;
}

template <class S>
bool forwardValuesFinite(const gen::GraphCase<S>& c) {
  auto values = spec::eval(c.data, c.inputs, c.env);
  return values && allFinite(*values);
}

}  // namespace

template <class S>
Verdict zeroSeedGivesZero(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  if (!forwardValuesFinite(c)) return Verdict::notApplicable(NotApplicableReason::NonFiniteValues, "non-finite forward values");
  const spec::Context<S> zeros = zerosLike(c);
  auto grads = runFrom(runtime, c, zeros);
  if (!grads) return Verdict::fails(grads.error());
  // Exactly zero in every comparison (a sum of zeros is zero in any order),
  // except where some order meets a pole: expectedZeroGradients.
  const auto want = expectedZeroGradients(c, zeros, runtime.compare);
  if (!want) return Verdict::fails("spec backpropAllCtx failed: " + want.error());
  if (auto diff = firstDifference(*grads, *want, Comparison::orderBound())) {
    return Verdict::failsAt(diff->position, "zero seed gave a non-zero gradient at " + diff->text + " (spec = zero)");
  }
  return Verdict::holds();
}

template <class S>
Verdict backwardIsDeterministic(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  auto tape = runtime.compileAuxData(c.data, c.inputs, c.env);
  if (!tape) return Verdict::fails("compileAuxData failed: " + tape.error());
  auto first = runtime.backwardDenseFrom(*tape, c.seed);
  auto second = runtime.backwardDenseFrom(*tape, c.seed);
  if (!first || !second) {
    return Verdict::fails("backwardDenseFrom failed: " + (first ? second.error() : first.error()));
  }
  // Why: the comparison indexes the spec's bounds by the first run's shape.
  if (auto bad = failsUnlessShaped(*first, c, "backwardDenseFrom's gradients")) return *bad;
  auto bounds = expectedGradients(c, c.seed, runtime.compare);
  if (!bounds) return Verdict::fails("spec backpropAllCtx failed: " + bounds.error());
  if (auto diff = firstDifference(*second, expectedAs(std::move(*first), *bounds), runtime.compare, "second run",
                                  "first run")) {
    return Verdict::failsAt(diff->position, "second run differs from the first at " + diff->text);
  }
  return Verdict::holds();
}

template <class S>
Verdict gradientShapesMatchValues(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  auto tape = runtime.compileAuxData(c.data, c.inputs, c.env);
  if (!tape) return Verdict::fails("compileAuxData failed: " + tape.error());
  auto grads = runtime.backwardDenseFrom(*tape, c.seed);
  if (!grads) return Verdict::fails("backwardDenseFrom failed: " + grads.error());
  if (grads->size() != tape->size()) {
    return Verdict::failsAt(grads->size() < tape->size() ? std::optional(Position{grads->size()}) : std::nullopt,
                            std::to_string(grads->size()) + " gradients for " + std::to_string(tape->size()) + " nodes");
  }
  for (std::size_t id = 0; id < tape->size(); ++id) {
    const auto& g = (*grads)[id];
    const auto& value = *tape->getNode(id)->value;
    if (g.shape != value.shape || g.size() != value.size()) {
      return Verdict::failsAt(Position{id}, "gradient " + std::to_string(id) + " has shape " + g.shape.str() +
                                                ", its value " + value.shape.str());
    }
  }
  return Verdict::holds();
}

template <class S>
Verdict linearInSeed(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  if constexpr (!spec::Domain<S>::exact || !spec::supports<S>(spec::Algebra::Ring)) {
    return Verdict::notApplicable(NotApplicableReason::WrongAlgebra, "linearity is exact only in exact rings");
  } else {
    // The second seed is drawn from the case's own shape, so it is the same
    // across runs and shrinks along with the case.
    spec::Rng rng(0x5eed0000u + c.data.positionCount() * 131u + c.nodeCount());
    gen::GenConfig config;
    const spec::Context<S> t = gen::drawSeed<S>(rng, c.data.shapes, gen::SeedKind::Full, config);
    const S a = spec::fromInt<S>(3);
    spec::Context<S> combined = c.seed;
    for (std::size_t p = 0; p < combined.size(); ++p) {
      for (std::size_t i = 0; i < combined[p].size(); ++i) {
        combined[p][i] = a * c.seed[p][i] + t[p][i];
      }
    }
    auto gs = runFrom(runtime, c, c.seed);
    auto gt = runFrom(runtime, c, t);
    auto gc = runFrom(runtime, c, combined);
    if (!gs || !gt || !gc) {
      return Verdict::fails(!gs ? gs.error() : !gt ? gt.error() : gc.error());
    }
    // Why: 3·gs + gt below reads both element by element.
    for (const auto& [grads, what] : {std::pair{&*gs, "gradients for s"}, {&*gt, "gradients for t"},
                                      {&*gc, "gradients for 3·s + t"}}) {
      if (auto bad = failsUnlessShaped(*grads, c, std::string("backwardDenseFrom's ") + what)) return *bad;
    }
    spec::Context<S> expected = *gs;
    for (std::size_t p = 0; p < expected.size(); ++p) {
      for (std::size_t i = 0; i < expected[p].size(); ++i) {
        expected[p][i] = a * (*gs)[p][i] + (*gt)[p][i];
      }
    }
    if (auto diff = firstDifference(*gc, expected)) {
      return Verdict::failsAt(diff->position, "backward(3·s + t) != 3·backward(s) + backward(t) at " + diff->text);
    }
    return Verdict::holds();
  }
}

template <class S>
Verdict reachableMatchesDense(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  for (const spec::GraphNode& node : c.graph().nodes) {
    if (!node.op->zeroPreserving) return Verdict::notApplicable(NotApplicableReason::OpOutsideHypotheses, "op " + node.op->name + " is not zero-preserving");
  }
  if (c.data.positionCount() == 0) return Verdict::notApplicable(NotApplicableReason::EmptyGraph, "empty graph");
  if (!forwardValuesFinite(c)) return Verdict::notApplicable(NotApplicableReason::NonFiniteValues, "non-finite forward values");
  auto tape = runtime.compileAuxData(c.data, c.inputs, c.env);
  if (!tape) return Verdict::fails("compileAuxData failed: " + tape.error());
  for (const std::size_t out : reachableCheckOutputs(c.graph())) {
    spec::Context<S> oneSeed = zerosLike(c);
    oneSeed[out] = c.seed[out];
    auto bounds = expectedGradients(c, oneSeed, runtime.compare);
    if (!bounds) return Verdict::fails("spec backpropAllCtx failed: " + bounds.error());
    auto dense = runtime.backwardDenseAll(*tape, out, c.seed[out]);
    auto reachable = runtime.backwardDense(*tape, out, c.seed[out]);
    if (!dense) return Verdict::fails("backwardDenseAll failed: " + dense.error());
    if (!reachable) return Verdict::fails("backwardDense failed: " + reachable.error());
    // Why: the comparison indexes the spec's bounds by the dense loop's shape.
    if (auto bad = failsUnlessShaped(*dense, c, "backwardDenseAll's gradients")) return *bad;
    if (auto diff = firstDifference(*reachable, expectedAs(std::move(*dense), *bounds), runtime.compare,
                                    "backwardDense", "backwardDenseAll")) {
      return Verdict::failsAt(diff->position,
                              "backwardDense != backwardDenseAll from output %" + std::to_string(out) + " at " + diff->text);
    }
  }
  return Verdict::holds();
}

std::vector<std::size_t> reachableCheckOutputs(const spec::Graph& g) {
  const std::size_t n = g.positionCount();
  if (n == 0) return {};
  std::vector<std::size_t> outputs = {n - 1};
  // Why a bound: the ancestor sets cost n^2 bits; generated cases are small.
  constexpr std::size_t kMaxPositions = 4096;
  if (g.nodes.empty() || n > kMaxPositions) return outputs;
  std::vector<boost::dynamic_bitset<>> ancestors(n, boost::dynamic_bitset<>(n));
  std::size_t widest = n - 1, widestCount = 0;
  for (std::size_t k = 0; k < g.nodes.size(); ++k) {
    const std::size_t p = g.positionOfNode(k);
    for (std::size_t a : g.nodes[k].args) {
      ancestors[p] |= ancestors[a];
      ancestors[p].set(a);
    }
    // Ties go to the later node, so the last node wins when it is the widest.
    if (ancestors[p].count() >= widestCount) {
      widestCount = ancestors[p].count();
      widest = p;
    }
  }
  if (widest != n - 1) outputs.push_back(widest);
  return outputs;
}

#define TAPECHECK_INSTANTIATE(S)                                                                    \
  template Verdict zeroSeedGivesZero<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);        \
  template Verdict backwardIsDeterministic<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);  \
  template Verdict gradientShapesMatchValues<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&); \
  template Verdict linearInSeed<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);             \
  template Verdict reachableMatchesDense<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
