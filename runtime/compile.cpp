#include "runtime/compile.hpp"

#include <algorithm>
#include <memory>

#include "runtime/errors.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::runtime {
namespace {

// What every compiled closure of one tape shares: the graph, Δ, and the
// forward value of every position (the Lean closures capture ctxPrev and d).
template <class S>
struct Captured {
  spec::GraphData<S> graph;
  spec::Env env;
  spec::Context<S> values;
};

// The distinct parents of one node, ascending, each with the argument
// positions that read it, in argument order.
struct ParentGroup {
  std::size_t pid;
  boost::container::small_vector<std::uint8_t, 3> argIndices;
};
using ParentGroups = boost::container::small_vector<ParentGroup, 3>;

ParentGroups groupParents(const spec::GraphNode& node) {
  ParentGroups groups;
  for (std::size_t i = 0; i < node.args.size(); ++i) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const ParentGroup& g) { return g.pid == node.args[i]; });
    if (it == groups.end()) {
      groups.push_back(ParentGroup{node.args[i], {}});
      it = groups.end() - 1;
    }
    it->argIndices.push_back(static_cast<std::uint8_t>(i));
  }
  std::sort(groups.begin(), groups.end(),
            [](const ParentGroup& a, const ParentGroup& b) { return a.pid < b.pid; });
  return groups;
}

template <class S>
BackwardFn<S> compiledBackward(std::shared_ptr<const Captured<S>> captured, std::size_t k) {
  ParentGroups groups = groupParents(captured->graph.graph.nodes[k]);
  return [captured = std::move(captured), k, groups = std::move(groups)](
             const AnyTensor<S>& cotangent, Contributions<S>& out) -> Status {
    const spec::GraphData<S>& g = captured->graph;
    const std::size_t id = g.graph.positionOfNode(k);
    if (cotangent.shape != g.shapes[id] || cotangent.size() != g.shapes[id].numel()) {
      return fail(errors::kUpstreamShape);
    }
    auto argCots = spec::applyVjp(g, k, captured->values, captured->env, cotangent);
    for (const ParentGroup& group : groups) {
      AnyTensor<S> sum = std::move(argCots[group.argIndices[0]]);
      for (std::size_t j = 1; j < group.argIndices.size(); ++j) {
        spec::addInto(sum, argCots[group.argIndices[j]]);  // argument order, as the spec sums
      }
      out.emplace_back(group.pid, std::move(sum));
    }
    return {};
  };
}

}  // namespace

template <class S>
Result<Tape<S>> compileAuxData(const spec::GraphData<S>& graph, const spec::Context<S>& inputs,
                               const spec::Env& env) {
  const std::size_t inputCount = graph.graph.inputs.size();
  std::span<const spec::Shape> inputShapes(graph.shapes.data(), inputCount);
  if (Status ok = spec::checkContext(inputs, inputShapes, "input context"); !ok) {
    return fail(ok.error());
  }
  auto captured = std::make_shared<Captured<S>>(Captured<S>{graph, env, inputs});
  captured->values.reserve(graph.positionCount());
  Tape<S> tape;
  for (const AnyTensor<S>& x : inputs) tape.addLeaf(x);
  for (std::size_t k = 0; k < graph.graph.nodes.size(); ++k) {
    captured->values.push_back(spec::applyForward(graph, k, captured->values, env));
    Node<S> node;
    node.name = graph.graph.nodes[k].op->name;
    node.value = captured->values.back();
    node.backward = compiledBackward<S>(captured, k);
    tape.addNode(std::move(node));
  }
  return tape;
}

template <class S>
Result<Tape<S>> compileAux(const spec::Graph& graph, const spec::Context<S>& inputs,
                           const spec::Env& env) {
  Result<spec::GraphData<S>> data = spec::makeGraphData<S>(graph);
  if (!data) return fail(data.error());
  return compileAuxData(*data, inputs, env);
}

#define TAPECHECK_INSTANTIATE(S)                                                             \
  template Result<Tape<S>> compileAuxData<S>(const spec::GraphData<S>&,                      \
                                             const spec::Context<S>&, const spec::Env&);     \
  template Result<Tape<S>> compileAux<S>(const spec::Graph&, const spec::Context<S>&,        \
                                         const spec::Env&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::runtime
