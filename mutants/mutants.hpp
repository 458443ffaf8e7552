#pragma once
// Deliberately broken runtimes: each wraps or re-implements one piece of the
// reference runtime with a bug that real autograd engines have had.
#include <memory>

#include "../mutants/mutant_loop.hpp"
#include "properties/adapter.hpp"

namespace tapecheck::mutants {

template <class S>
using Adapter = props::RuntimeAdapter<S>;

/// Stores each contribution instead of adding it (`grad = g` for `grad += g`).
template <class S>
Adapter<S> overwriteInsteadOfAccumulate() {
  Adapter<S> a;
  a.name = "overwrite instead of accumulate";
  LoopHooks<S> hooks;
  hooks.accumulate = [](spec::Tensor<S>& existing, const spec::Tensor<S>& g) { existing = g; };
  a.backwardDenseFrom = [hooks](const runtime::Tape<S>& t, runtime::Grads<S> g) {
    return hookedBackwardDenseFrom(t, std::move(g), hooks);
  };
  return a;
}

/// Visits nodes from the first id to the last, so no node sees later contributions.
template <class S>
Adapter<S> forwardIterationOrder() {
  Adapter<S> a;
  a.name = "forward iteration order";
  LoopHooks<S> hooks;
  hooks.forwardOrder = true;
  a.backwardDenseFrom = [hooks](const runtime::Tape<S>& t, runtime::Grads<S> g) {
    return hookedBackwardDenseFrom(t, std::move(g), hooks);
  };
  return a;
}

/// Changes every compiled node's backward so that it also contributes to itself (pid == id).
template <class S>
Adapter<S> selfEdge() {
  Adapter<S> a;
  a.name = "backward returns pid == id";
  const auto addSelfEdges = [](Result<runtime::Tape<S>> tape) -> Result<runtime::Tape<S>> {
    if (!tape) return tape;
    auto& nodes = tape->mutableNodes();
    for (std::size_t id = 0; id < nodes.size(); ++id) {
      auto inner = nodes[id].backward;
      nodes[id].backward = [inner, id](const runtime::AnyTensor<S>& g, runtime::Contributions<S>& out) -> Status {
        if (Status ok = inner(g, out); !ok) return ok;
        if (!out.empty()) out.emplace_back(id, g);
        return {};
      };
    }
    return tape;
  };
  a.compileAuxData = [addSelfEdges](const spec::GraphData<S>& g, const spec::Context<S>& x, const spec::Env& d) {
    return addSelfEdges(runtime::compileAuxData(g, x, d));
  };
  a.compileAux = [addSelfEdges](const spec::Graph& g, const spec::Context<S>& x, const spec::Env& d) {
    return addSelfEdges(runtime::compileAux(g, x, d));
  };
  return a;
}

/// Marks the input leaves requires_grad = false, as eager engines do for data.
template <class S>
Adapter<S> leavesWithoutRequiresGrad() {
  Adapter<S> a;
  a.name = "requires_grad false on leaves";
  const auto clearLeaves = [](Result<runtime::Tape<S>> tape, std::size_t inputs) -> Result<runtime::Tape<S>> {
    if (!tape) return tape;
    for (std::size_t id = 0; id < inputs && id < tape->size(); ++id) tape->mutableNodes()[id].requires_grad = false;
    return tape;
  };
  a.compileAuxData = [clearLeaves](const spec::GraphData<S>& g, const spec::Context<S>& x, const spec::Env& d) {
    return clearLeaves(runtime::compileAuxData(g, x, d), g.graph.inputs.size());
  };
  a.compileAux = [clearLeaves](const spec::Graph& g, const spec::Context<S>& x, const spec::Env& d) {
    return clearLeaves(runtime::compileAux(g, x, d), g.inputs.size());
  };
  return a;
}

/// Records each node's value from the position before it (an off-by-one in the value table).
template <class S>
Adapter<S> valuesShiftedByOne() {
  Adapter<S> a;
  a.name = "node values off by one position";
  const auto shift = [](Result<runtime::Tape<S>> tape) -> Result<runtime::Tape<S>> {
    if (!tape) return tape;
    auto& nodes = tape->mutableNodes();
    for (std::size_t id = nodes.size(); id-- > 1;) {
      if (nodes[id - 1].value.shape == nodes[id].value.shape) nodes[id].value = nodes[id - 1].value;
    }
    return tape;
  };
  a.compileAux = [shift](const spec::Graph& g, const spec::Context<S>& x, const spec::Env& d) {
    return shift(runtime::compileAux(g, x, d));
  };
  return a;
}

/// Never clears its gradient buffer between runs: each backward adds the
/// previous run's gradients (PyTorch's `.grad` without `zero_grad()`).
template <class S>
Adapter<S> gradientsNotZeroedBetweenRuns() {
  Adapter<S> a;
  a.name = "gradients not zeroed between runs";
  auto previous = std::make_shared<runtime::Grads<S>>();
  a.backwardDenseFrom = [previous](const runtime::Tape<S>& t, runtime::Grads<S> g) -> Result<runtime::Grads<S>> {
    auto grads = runtime::backwardDenseFrom(t, std::move(g));
    if (!grads) return grads;
    if (previous->size() == grads->size()) {
      for (std::size_t i = 0; i < grads->size(); ++i) {
        if ((*previous)[i].shape == (*grads)[i].shape) spec::addInto((*grads)[i], (*previous)[i]);
      }
    }
    *previous = *grads;
    return grads;
  };
  return a;
}

/// Seeds the last node with one on top of the given seed, as a scalar
/// `loss.backward()` does implicitly.
template <class S>
Adapter<S> implicitUnitSeed() {
  Adapter<S> a;
  a.name = "implicit unit seed at the output";
  a.backwardDenseFrom = [](const runtime::Tape<S>& t, runtime::Grads<S> g) {
    if (!g.empty()) {
      for (S& v : g.back().data) v = v + spec::one<S>();
    }
    return runtime::backwardDenseFrom(t, std::move(g));
  };
  return a;
}

/// Returns every gradient flattened to rank 1.
template <class S>
Adapter<S> flattenedGradients() {
  Adapter<S> a;
  a.name = "gradients flattened to rank 1";
  a.backwardDenseFrom = [](const runtime::Tape<S>& t, runtime::Grads<S> g) -> Result<runtime::Grads<S>> {
    auto grads = runtime::backwardDenseFrom(t, std::move(g));
    if (!grads) return grads;
    for (auto& x : *grads) x.shape = spec::Shape{x.size()};
    return grads;
  };
  return a;
}

/// A reachable-only backward that follows only each node's first contribution,
/// so nodes reached only through a later argument are missed.
template <class S>
Adapter<S> reachabilityFollowsFirstParentOnly() {
  Adapter<S> a;
  a.name = "reachability follows the first parent only";
  a.backwardDense = [](const runtime::Tape<S>& t, std::size_t outId,
                       const runtime::AnyTensor<S>& seed) -> Result<runtime::Grads<S>> {
    if (outId >= t.size()) return fail(runtime::errors::kInvalidOutput);
    runtime::Grads<S> grads;
    std::vector<bool> reached(t.size(), false);
    for (const auto& n : t.nodes()) grads.push_back(spec::Tensor<S>::zeros(n.value.shape));
    grads[outId] = seed;
    reached[outId] = true;
    runtime::Contributions<S> buffer;
    for (std::size_t id = outId + 1; id-- > 0;) {
      if (!reached[id]) continue;
      buffer.clear();
      if (Status ok = t.getNode(id)->backward(grads[id], buffer); !ok) return fail(ok.error());
      for (std::size_t i = 0; i < buffer.size(); ++i) {
        spec::addInto(grads[buffer[i].first], buffer[i].second);
        if (i == 0) reached[buffer[i].first] = true;
      }
    }
    return grads;
  };
  return a;
}

}  // namespace tapecheck::mutants
