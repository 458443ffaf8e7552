#include "properties/engine.hpp"

#include "properties/compare.hpp"
#include "spec/backprop.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props {

template <class S>
std::optional<std::string> firstDifferenceWithin(const spec::Context<S>& engine,
                                                 const spec::Context<S>& spec, Tolerance tolerance) {
  const Comparison how = tolerance.isExact() ? Comparison::exact() : Comparison::within(tolerance);
  auto difference = firstDifference(engine, Expected<S>{spec, std::nullopt, {}}, how, "engine");
  return difference ? std::optional<std::string>(std::move(difference->text)) : std::nullopt;
}

template <class S>
Verdict engineMatchesSpec(const EngineAdapter<S>& engine, const gen::GraphCase<S>& c, Tolerance tolerance) {
  if (!engine.gradients) return Verdict::fails("engine '" + engine.name + "' has no gradients function");
  auto expected = spec::backpropAllCtx(c.data, c.inputs, c.env, c.seed);
  if (!expected) return Verdict::fails("spec backpropAllCtx failed: " + expected.error());
  auto actual = engine.gradients(c.graph(), c.inputs, c.env, c.seed);
  if (!actual) return Verdict::fails("engine '" + engine.name + "' failed: " + actual.error());
  const Comparison how = tolerance.isExact() ? Comparison::exact() : Comparison::within(tolerance);
  if (auto diff = firstDifference(*actual, Expected<S>{*expected, std::nullopt, {}}, how, "engine")) {
    return Verdict::failsAt(diff->position, "engine '" + engine.name + "' != backpropAllCtx at " + diff->text);
  }
  return Verdict::holds();
}

template <class S>
Verdict engineEdgesPointBackwards(const EngineAdapter<S>& engine, const gen::GraphCase<S>& c) {
  if (!engine.edges) return Verdict::notApplicable(NotApplicableReason::EngineCapability, "engine '" + engine.name + "' reports no edges");
  auto edges = engine.edges(c.graph(), c.inputs, c.env);
  if (!edges) return Verdict::fails("engine '" + engine.name + "' edges failed: " + edges.error());
  const std::size_t positions = c.graph().positionCount();
  for (const auto& [from, to] : *edges) {
    if (from >= positions) {
      return Verdict::fails("edge from id " + std::to_string(from) + ", past the last position " +
                            std::to_string(positions - 1));
    }
    if (to >= from) {
      return Verdict::failsAt(Position{from}, "node " + std::to_string(from) + " contributes to id " + std::to_string(to) +
                            ", which is not earlier");
    }
  }
  if (auto problem = checkEdgesFormBackwardDag(positions, *edges)) {
    return Verdict::fails("Boost.Graph check: " + *problem);
  }
  return Verdict::holds();
}

template <class S>
EngineAdapter<S> engineFromRuntime(RuntimeAdapter<S> runtime) {
  EngineAdapter<S> engine;
  engine.name = runtime.name;
  engine.gradients = [runtime](const spec::Graph& g, const spec::Context<S>& inputs, const spec::Env& env,
                               const spec::Context<S>& seed) -> Result<spec::Context<S>> {
    auto tape = runtime.compileAux(g, inputs, env);
    if (!tape) return fail("compileAux: " + tape.error());
    return runtime.backwardDenseFrom(*tape, seed);
  };
  engine.edges = [runtime](const spec::Graph& g, const spec::Context<S>& inputs,
                           const spec::Env& env) -> Result<std::vector<BackwardEdge>> {
    auto tape = runtime.compileAux(g, inputs, env);
    if (!tape) return fail("compileAux: " + tape.error());
    std::vector<BackwardEdge> edges;
    for (std::size_t id = 0; id < tape->size(); ++id) {
      const runtime::Node<S>& node = tape->nodes()[id];
      auto contributions = node.backwardList(spec::Tensor<S>::zeros(node.value->shape));
      if (!contributions) return fail("node " + std::to_string(id) + ": " + contributions.error());
      for (const auto& contribution : *contributions) edges.emplace_back(id, contribution.first);
    }
    return edges;
  };
  return engine;
}

#define TAPECHECK_INSTANTIATE(S)                                                                     \
  template std::optional<std::string> firstDifferenceWithin<S>(const spec::Context<S>&,              \
                                                               const spec::Context<S>&, Tolerance);  \
  template Verdict engineMatchesSpec<S>(const EngineAdapter<S>&, const gen::GraphCase<S>&, Tolerance); \
  template Verdict engineEdgesPointBackwards<S>(const EngineAdapter<S>&, const gen::GraphCase<S>&); \
  template EngineAdapter<S> engineFromRuntime<S>(RuntimeAdapter<S>);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
