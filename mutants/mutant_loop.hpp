#pragma once
// A re-implementation of the dense reverse loop with hooks, for building
// deliberately broken runtimes. Never linked into the production libraries.
#include <functional>

#include "runtime/backward.hpp"
#include "runtime/errors.hpp"

namespace tapecheck::mutants {

template <class S>
struct LoopHooks {
  bool forwardOrder = false;  // visit ids 0..n-1 instead of n-1..0
  /// How a contribution lands in its slot; the correct rule is existing + new.
  std::function<void(spec::Tensor<S>& existing, const spec::Tensor<S>& contribution)> accumulate =
      [](spec::Tensor<S>& existing, const spec::Tensor<S>& g) { spec::addInto(existing, g); };
  /// Whether a contribution to this parent is kept; empty keeps every one
  /// (the correct loop drops only those to requires_grad == false nodes).
  std::function<bool(std::size_t pid)> keepsContributionTo;
};

/// backwardDenseFrom with the given hooks; with default hooks it is correct.
template <class S>
Result<runtime::Grads<S>> hookedBackwardDenseFrom(const runtime::Tape<S>& tape, runtime::Grads<S> grads,
                                                  const LoopHooks<S>& hooks) {
  if (grads.size() != tape.size()) return fail(runtime::errors::kWrongLength);
  runtime::Contributions<S> buffer;
  for (std::size_t step = 0; step < tape.size(); ++step) {
    const std::size_t id = hooks.forwardOrder ? step : tape.size() - 1 - step;
    const runtime::Node<S>& node = *tape.getNode(id);
    if (!node.requires_grad || !node.backward) continue;
    buffer.clear();
    if (Status ok = node.backward(grads[id], buffer); !ok) return fail(ok.error());
    for (const auto& [pid, g] : buffer) {
      if (pid >= tape.size()) return fail(runtime::errors::kInvalidParent);
      if (!tape.getNode(pid)->requires_grad) continue;
      if (hooks.keepsContributionTo && !hooks.keepsContributionTo(pid)) continue;
      // Why: a mutant may send a contribution of the wrong shape; adding it
      // would read past a buffer instead of reporting the bug.
      if (g.shape != grads[pid].shape || g.size() != grads[pid].size()) {
        return fail(runtime::errors::kContributionShape);
      }
      hooks.accumulate(grads[pid], g);
    }
  }
  return grads;
}

/// The leaves of a tape, found by behaviour: a node whose backward contributes
/// nothing for a zero cotangent (every op has at least one argument).
template <class S>
std::vector<bool> leavesOf(const runtime::Tape<S>& tape) {
  std::vector<bool> leaf(tape.size(), false);
  for (std::size_t id = 0; id < tape.size(); ++id) {
    const runtime::Node<S>& node = *tape.getNode(id);
    const auto contributions = node.backwardList(spec::Tensor<S>::zeros(node.value->shape));
    leaf[id] = contributions && contributions->empty();
  }
  return leaf;
}

}  // namespace tapecheck::mutants
