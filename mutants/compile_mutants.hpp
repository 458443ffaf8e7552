#pragma once
// Broken compilers: the tape is built with a wrong flag, value or edge, or
// its backward closures combine, address or capture things wrongly.
#include <type_traits>

#include "mutants/mutant_compile.hpp"

namespace tapecheck::mutants {

/// Changes every compiled node's backward so that it also contributes to itself (pid == id).
template <class S>
Adapter<S> selfEdge() {
  return rewritingCompiledTapes<S>("backward returns pid == id", [](runtime::Tape<S>& tape, std::size_t) {
    auto& nodes = tape.mutableNodes();
    for (std::size_t id = 0; id < nodes.size(); ++id) {
      auto inner = nodes[id].backward;
      nodes[id].backward = [inner, id](const runtime::AnyTensor<S>& g, runtime::Contributions<S>& out) -> Status {
        if (Status ok = inner(g, out); !ok) return ok;
        if (!out.empty()) out.emplace_back(id, g);
        return {};
      };
    }
  });
}

/// Marks the input leaves requires_grad = false, as eager engines do for data.
template <class S>
Adapter<S> leavesWithoutRequiresGrad() {
  return rewritingCompiledTapes<S>("requires_grad false on leaves", [](runtime::Tape<S>& tape, std::size_t inputs) {
    for (std::size_t id = 0; id < inputs && id < tape.size(); ++id) tape.mutableNodes()[id].requires_grad = false;
  });
}

/// Records each node's value from the position before it (an off-by-one in the value table).
template <class S>
Adapter<S> valuesShiftedByOne() {
  return rewritingCompiledTapes<S>("node values off by one position", [](runtime::Tape<S>& tape, std::size_t) {
    auto& nodes = tape.mutableNodes();
    for (std::size_t id = nodes.size(); id-- > 1;) {
      if (nodes[id - 1].value->shape == nodes[id].value->shape) nodes[id].value = nodes[id - 1].value;
    }
  });
}

/// Reports each contribution under parent id + 1 (1-based ids, a Lean or
/// Julia habit, against a 0-based tape).
template <class S>
Adapter<S> parentIdOffByOne() {
  ClosureHooks<S> hooks;
  hooks.reportedParent = [](std::size_t pid) { return pid + 1; };
  return withClosureHooks<S>("parent id off by one", std::move(hooks));
}

/// Keeps only the first argument's cotangent for a repeated parent, as a
/// closure that collects `pid -> cotangent` with a map insert that does not
/// overwrite: mul(x, x) gets x·δ instead of 2·x·δ.
template <class S>
Adapter<S> repeatedArgumentKeepsFirstCotangent() {
  ClosureHooks<S> hooks;
  hooks.sumForParent = [](std::span<spec::Tensor<S>> cots) { return std::move(cots[0]); };
  return withClosureHooks<S>("repeated argument keeps the first cotangent only", std::move(hooks));
}

/// `S(0.0)`: the literal the engine writes where it means the domain's zero.
/// Equal to zero in ModP and the floats; the multiplicative one in Tropical.
template <class S>
S literalZero() {
  if constexpr (std::is_arithmetic_v<S>) {
    return S(0.0);
  } else if constexpr (requires { S{0.0}; }) {
    return S{0.0};
  } else {
    return S{};
  }
}

/// Sums a parent's argument cotangents into an accumulator that starts at
/// the literal 0.0 instead of the domain's zero: in max-plus, max(0, g) != g.
template <class S>
Adapter<S> accumulatorStartsAtLiteralZero() {
  ClosureHooks<S> hooks;
  hooks.sumForParent = [](std::span<spec::Tensor<S>> cots) {
    spec::Tensor<S> sum(cots[0].shape, literalZero<S>());
    for (const auto& c : cots) spec::addInto(sum, c);
    return sum;
  };
  return withClosureHooks<S>("accumulator starts at literal 0.0", std::move(hooks));
}

/// Each closure reads its saved output at node index k instead of tape id
/// |Γ| + k: the forward value of the wrong position, seen by the VJPs that
/// reuse their output (exp, tanh, sigmoid, softmax).
template <class S>
Adapter<S> savedOutputAtNodeIndex() {
  ClosureHooks<S> hooks;
  hooks.savedOutputPosition = [](const spec::Graph&, std::size_t k) { return k; };
  return withClosureHooks<S>("closure captures the output of the wrong position", std::move(hooks));
}

}  // namespace tapecheck::mutants
