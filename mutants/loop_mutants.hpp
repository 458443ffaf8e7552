#pragma once
// Broken reverse loops: how contributions are accumulated, in which order
// nodes are visited, which slots are kept, and the reachable-only variant.
#include <memory>
#include <optional>

#include "mutants/adapter.hpp"
#include "mutants/mutant_loop.hpp"

namespace tapecheck::mutants {

/// An adapter whose dense loop is hookedBackwardDenseFrom with `hooks`.
template <class S>
Adapter<S> withLoopHooks(std::string name, LoopHooks<S> hooks) {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = std::move(name);
  a.backwardDenseFrom = [hooks = std::move(hooks)](const runtime::Tape<S>& t, runtime::Grads<S> g) {
    return hookedBackwardDenseFrom(t, std::move(g), hooks);
  };
  return a;
}

/// Stores each contribution instead of adding it (`grad = g` for `grad += g`).
template <class S>
Adapter<S> overwriteInsteadOfAccumulate() {
  LoopHooks<S> hooks;
  hooks.accumulate = [](spec::Tensor<S>& existing, const spec::Tensor<S>& g) { existing = g; };
  return withLoopHooks<S>("overwrite instead of accumulate", std::move(hooks));
}

/// Visits nodes from the first id to the last, so no node sees later contributions.
template <class S>
Adapter<S> forwardIterationOrder() {
  LoopHooks<S> hooks;
  hooks.forwardOrder = true;
  return withLoopHooks<S>("forward iteration order", std::move(hooks));
}

/// Drops every contribution to a leaf: the loop only accumulates into nodes
/// that have an op to run (an `is_leaf: skip` test in the wrong place).
template <class S>
Adapter<S> contributionsToLeavesSkipped() {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = "contributions to leaves skipped";
  a.backwardDenseFrom = [](const runtime::Tape<S>& t, runtime::Grads<S> g) {
    LoopHooks<S> hooks;
    hooks.keepsContributionTo = [leaves = leavesOf(t)](std::size_t pid) { return !leaves[pid]; };
    return hookedBackwardDenseFrom(t, std::move(g), hooks);
  };
  return a;
}

/// A loop that defers accumulation: contributions wait on a per-node stack and
/// are added when the node is visited, newest first. `new + existing` for a
/// single contribution is the same float sum (addition commutes bit for bit);
/// the reversed fold is what changes the rounding once a slot has a seed and
/// two contributions: (seed + c2) + c1 instead of (seed + c1) + c2.
template <class S>
Result<runtime::Grads<S>> stackedContributionsBackwardDenseFrom(const runtime::Tape<S>& tape,
                                                                runtime::Grads<S> grads) {
  if (grads.size() != tape.size()) return fail(runtime::errors::kWrongLength);
  std::vector<std::vector<spec::Tensor<S>>> pending(tape.size());
  runtime::Contributions<S> buffer;
  for (std::size_t id = tape.size(); id-- > 0;) {
    for (auto it = pending[id].rbegin(); it != pending[id].rend(); ++it) spec::addInto(grads[id], *it);
    const runtime::Node<S>& node = *tape.getNode(id);
    if (!node.requires_grad || !node.backward) continue;
    buffer.clear();
    if (Status ok = node.backward(grads[id], buffer); !ok) return fail(ok.error());
    for (auto& [pid, g] : buffer) {
      if (pid >= tape.size()) return fail(runtime::errors::kInvalidParent);
      if (pid >= id) return fail(runtime::errors::kForwardEdge);
      if (!tape.getNode(pid)->requires_grad) continue;
      if (g.shape != grads[pid].shape || g.size() != grads[pid].size()) {
        return fail(runtime::errors::kContributionShape);
      }
      pending[pid].push_back(std::move(g));
    }
  }
  return grads;
}

template <class S>
Adapter<S> contributionsAddedNewestFirst() {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = "contributions added newest first";
  a.backwardDenseFrom = stackedContributionsBackwardDenseFrom<S>;
  return a;
}

/// Never clears its gradient buffer between runs: each backward adds the
/// previous run's gradients (PyTorch's `.grad` without `zero_grad()`).
template <class S>
Adapter<S> gradientsNotZeroedBetweenRuns() {
  Adapter<S> a = props::referenceAdapter<S>();
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

/// Returns every gradient flattened to rank 1.
template <class S>
Adapter<S> flattenedGradients() {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = "gradients flattened to rank 1";
  a.backwardDenseFrom = [](const runtime::Tape<S>& t, runtime::Grads<S> g) -> Result<runtime::Grads<S>> {
    auto grads = runtime::backwardDenseFrom(t, std::move(g));
    if (!grads) return grads;
    for (auto& x : *grads) x.shape = spec::Shape{x.size()};
    return grads;
  };
  return a;
}

/// Zeros for every unreached slot, the seed at the output: the start of both
/// reachable-only loops below.
template <class S>
Result<std::vector<std::optional<spec::Tensor<S>>>> seededSlots(const runtime::Tape<S>& t, std::size_t outId,
                                                               const spec::Tensor<S>& seed) {
  if (outId >= t.size()) return fail(runtime::errors::kInvalidOutput);
  if (seed.shape != t.getNode(outId)->value->shape) return fail(runtime::errors::kSeedShape);
  std::vector<std::optional<spec::Tensor<S>>> slots(t.size());
  slots[outId] = seed;
  return slots;
}

template <class S>
runtime::Grads<S> denseFromSlots(const runtime::Tape<S>& t, std::vector<std::optional<spec::Tensor<S>>> slots) {
  runtime::Grads<S> grads;
  for (std::size_t id = 0; id < t.size(); ++id) {
    grads.push_back(slots[id] ? std::move(*slots[id]) : spec::Tensor<S>::zeros(t.getNode(id)->value->shape));
  }
  return grads;
}

template <class S>
Status addToSlot(const runtime::Tape<S>& t, std::vector<std::optional<spec::Tensor<S>>>& slots, std::size_t id,
                 const runtime::Contribution<S>& c) {
  const auto& [pid, g] = c;
  if (pid >= t.size()) return fail(runtime::errors::kInvalidParent);
  if (pid >= id) return fail(runtime::errors::kForwardEdge);
  if (!t.getNode(pid)->requires_grad) return {};
  if (g.shape != t.getNode(pid)->value->shape) return fail(runtime::errors::kContributionShape);
  if (slots[pid]) {
    spec::addInto(*slots[pid], g);
  } else {
    slots[pid] = g;
  }
  return {};
}

/// A reachable-only backward that follows only each node's first contribution,
/// so nodes reached only through a later argument are missed.
template <class S>
Adapter<S> reachabilityFollowsFirstParentOnly() {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = "reachability follows the first parent only";
  a.backwardDense = [](const runtime::Tape<S>& t, std::size_t outId,
                       const runtime::AnyTensor<S>& seed) -> Result<runtime::Grads<S>> {
    auto slots = seededSlots(t, outId, seed);
    if (!slots) return fail(slots.error());
    std::vector<bool> reached(t.size(), false);
    reached[outId] = true;
    runtime::Contributions<S> buffer;
    for (std::size_t id = outId + 1; id-- > 0;) {
      if (!reached[id] || !(*slots)[id]) continue;
      buffer.clear();
      if (Status ok = t.getNode(id)->backward(*(*slots)[id], buffer); !ok) return fail(ok.error());
      for (std::size_t i = 0; i < buffer.size(); ++i) {
        if (Status ok = addToSlot(t, *slots, id, buffer[i]); !ok) return fail(ok.error());
        if (i == 0) reached[buffer[i].first] = true;
      }
    }
    return denseFromSlots(t, std::move(*slots));
  };
  return a;
}

/// A reachable-only backward written as a graph traversal with a "seen" set:
/// a contribution to a node that was already reached is skipped as a
/// duplicate visit, so a fan-out node keeps only its first path's gradient.
template <class S>
Adapter<S> reachableDropsLaterFanOutContributions() {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = "reachable backward drops later fan-out contributions";
  a.backwardDense = [](const runtime::Tape<S>& t, std::size_t outId,
                       const runtime::AnyTensor<S>& seed) -> Result<runtime::Grads<S>> {
    auto slots = seededSlots(t, outId, seed);
    if (!slots) return fail(slots.error());
    runtime::Contributions<S> buffer;
    for (std::size_t id = outId + 1; id-- > 0;) {
      const runtime::Node<S>& node = *t.getNode(id);
      if (!(*slots)[id] || !node.requires_grad || !node.backward) continue;
      buffer.clear();
      if (Status ok = node.backward(*(*slots)[id], buffer); !ok) return fail(ok.error());
      for (const auto& c : buffer) {
        if (c.first < t.size() && (*slots)[c.first]) continue;  // "already seen"
        if (Status ok = addToSlot(t, *slots, id, c); !ok) return fail(ok.error());
      }
    }
    return denseFromSlots(t, std::move(*slots));
  };
  return a;
}

}  // namespace tapecheck::mutants
