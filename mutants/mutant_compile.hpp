#pragma once
// Pieces for broken compilers: a re-implementation of the compiled backward
// closure with hooks, tape rewrites after the production compile, and op
// substitution (a copy of an op whose VJP kernel is replaced). Each returns a
// RuntimeAdapter whose two compile functions agree.
#include <boost/container/small_vector.hpp>
#include <algorithm>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "mutants/adapter.hpp"
#include "runtime/errors.hpp"
#include "spec/registry.hpp"

namespace tapecheck::mutants {

/// Both compile entry points of an adapter from one compileAuxData-like function.
template <class S, class CompileData>
Adapter<S> compilingWith(std::string name, CompileData compileData) {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = std::move(name);
  a.compileAuxData = compileData;
  a.compileAux = [compileData](const spec::Graph& g, const spec::Context<S>& x,
                               const spec::Env& d) -> Result<runtime::Tape<S>> {
    Result<spec::GraphData<S>> data = spec::makeGraphData<S>(g);
    if (!data) return fail(data.error());
    return compileData(*data, x, d);
  };
  return a;
}

/// The production compile followed by `rewrite(tape, inputCount)`.
template <class S, class Rewrite>
Adapter<S> rewritingCompiledTapes(std::string name, Rewrite rewrite) {
  return compilingWith<S>(std::move(name),
                          [rewrite](const spec::GraphData<S>& g, const spec::Context<S>& x,
                                    const spec::Env& d) -> Result<runtime::Tape<S>> {
                            auto tape = runtime::compileAuxData(g, x, d);
                            if (tape) rewrite(*tape, g.graph.inputs.size());
                            return tape;
                          });
}

template <class S>
struct ClosureHooks {
  /// The cotangent a parent receives from the cotangents of the arguments that
  /// read it, in argument order. Correct: first + second + ... (left to right).
  std::function<spec::Tensor<S>(std::span<spec::Tensor<S>> cotangents)> sumForParent =
      [](std::span<spec::Tensor<S>> cots) {
        spec::Tensor<S> sum = std::move(cots[0]);
        for (std::size_t i = 1; i < cots.size(); ++i) spec::addInto(sum, cots[i]);
        return sum;
      };
  /// The id a contribution is reported under. Correct: the parent's own id.
  std::function<std::size_t(std::size_t pid)> reportedParent = [](std::size_t pid) { return pid; };
  /// The position whose forward value node k's VJP reads as the node's own
  /// output. Correct: the node's position |Γ| + k.
  std::function<std::size_t(const spec::Graph&, std::size_t k)> savedOutputPosition =
      [](const spec::Graph& g, std::size_t k) { return g.positionOfNode(k); };
};

namespace detail {

// What every hooked closure of one tape shares, as in runtime/compile.cpp.
template <class S>
struct Captured {
  spec::GraphData<S> graph;
  spec::Env env;
  spec::Context<S> values;
};

template <class S>
runtime::BackwardFn<S> hookedClosure(std::shared_ptr<const Captured<S>> captured, std::size_t k,
                                     ClosureHooks<S> hooks) {
  return [captured = std::move(captured), k, hooks = std::move(hooks)](
             const spec::Tensor<S>& cotangent, runtime::Contributions<S>& out) -> Status {
    const spec::GraphData<S>& g = captured->graph;
    const spec::GraphNode& node = g.graph.nodes[k];
    const std::size_t id = g.graph.positionOfNode(k);
    if (cotangent.shape != g.shapes[id] || cotangent.size() != g.shapes[id].numel()) {
      return fail(runtime::errors::kUpstreamShape);
    }
    boost::container::small_vector<const spec::Tensor<S>*, 3> args;
    for (std::size_t p : node.args) args.push_back(&captured->values[p]);
    const std::size_t saved = hooks.savedOutputPosition(g.graph, k);
    // Why the shape test: a wrong saved value of another shape would make the
    // kernel read out of bounds; the bug lives where the shapes agree.
    const bool savedFits = saved < captured->values.size() && captured->values[saved].shape == g.shapes[id];
    const spec::Tensor<S>* output = &captured->values[savedFits ? saved : id];
    std::vector<spec::Tensor<S>> argCots;
    for (std::size_t p : node.args) argCots.push_back(spec::Tensor<S>::zeros(g.shapes[p]));
    node.op->template kernelsFor<S>().vjp(
        spec::OpCall<S>{{args.data(), args.size()}, output, node.attrs, captured->env}, cotangent, argCots);
    std::vector<std::size_t> parents(node.args.begin(), node.args.end());
    std::sort(parents.begin(), parents.end());
    parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
    for (std::size_t pid : parents) {
      std::vector<spec::Tensor<S>> group;
      for (std::size_t i = 0; i < node.args.size(); ++i) {
        if (node.args[i] == pid) group.push_back(std::move(argCots[i]));
      }
      out.emplace_back(hooks.reportedParent(pid), hooks.sumForParent(group));
    }
    return {};
  };
}

}  // namespace detail

/// The production compile's leaves and forward values, with every op node's
/// backward closure replaced by the hooked re-implementation.
template <class S>
Result<runtime::Tape<S>> hookedCompileAuxData(const spec::GraphData<S>& g, const spec::Context<S>& x,
                                              const spec::Env& d, const ClosureHooks<S>& hooks) {
  auto tape = runtime::compileAuxData(g, x, d);
  if (!tape) return tape;
  auto captured = std::make_shared<detail::Captured<S>>(detail::Captured<S>{g, d, {}});
  for (const auto& node : tape->nodes()) captured->values.push_back(node.value);
  for (std::size_t k = 0; k < g.graph.nodes.size(); ++k) {
    tape->mutableNodes()[g.graph.positionOfNode(k)].backward = detail::hookedClosure<S>(captured, k, hooks);
  }
  return tape;
}

template <class S>
Adapter<S> withClosureHooks(std::string name, ClosureHooks<S> hooks) {
  return compilingWith<S>(std::move(name), [hooks = std::move(hooks)](const spec::GraphData<S>& g,
                                                                      const spec::Context<S>& x,
                                                                      const spec::Env& d) {
    return hookedCompileAuxData(g, x, d, hooks);
  });
}

/// A copy of the registered op `opName` whose VJP in domain S is `Vjp`; one
/// per (S, Vjp), alive for the whole program (tape closures point at it).
/// Null when no op has that name.
template <class S, spec::VjpFn<S> Vjp>
const spec::OpDef* opWithVjp(std::string_view opName) {
  static const std::unique_ptr<const spec::OpDef> copy = [opName]() -> std::unique_ptr<const spec::OpDef> {
    const spec::OpDef* original = spec::findOp(opName);
    if (!original) return nullptr;
    auto def = std::make_unique<spec::OpDef>(*original);
    def->kernels.template get<S>().vjp = Vjp;
    return def;
  }();
  return copy.get();
}

/// The production compile of the graph with every node of the registered op
/// `opName` using `replacement` instead: the runtime's stored VJP differs from
/// the spec's, which keeps the registered op.
template <class S>
Adapter<S> compilingWithOpReplaced(std::string name, std::string_view opName, const spec::OpDef* replacement) {
  const spec::OpDef* original = spec::findOp(opName);
  return compilingWith<S>(std::move(name), [original, replacement](const spec::GraphData<S>& g,
                                                                   const spec::Context<S>& x,
                                                                   const spec::Env& d) {
    spec::GraphData<S> swapped = g;
    for (spec::GraphNode& node : swapped.graph.nodes) {
      if (node.op == original && replacement) node.op = replacement;
    }
    return runtime::compileAuxData(swapped, x, d);
  });
}

}  // namespace tapecheck::mutants
