#include "runtime/backward.hpp"

#include "runtime/errors.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::runtime {
namespace {

// Why the element count too: a Tensor is a plain struct whose data can disagree
// with its shape (a Lean tensor cannot); adding such a tensor would read past
// its end.
template <class S>
bool fitsNode(const AnyTensor<S>& t, const Node<S>& node) {
  return t.shape == node.value.shape && t.size() == node.value.size();
}

// Lean's `addGradAll`, with the pid < id check added.
template <class S>
Status addGradAll(const Tape<S>& tape, Grads<S>& grads, std::size_t id, std::size_t pid,
                  const AnyTensor<S>& pg) {
  const Node<S>* parent = tape.getNode(pid);
  if (!parent) return fail(errors::kInvalidParent);
  // Why: slot pid may already have been visited; adding into it now would be
  // lost silently instead of propagated. TorchLean proves compiled tapes never
  // do this (`compileAux_backward_pids_lt_id`); tapecheck checks it anyway.
  if (pid >= id) return fail(errors::kForwardEdge);
  if (!parent->requires_grad) return {};  // dropped, as in Lean
  if (!fitsNode(pg, *parent)) return fail(errors::kContributionShape);
  if (pid >= grads.size()) return fail(errors::kOutOfBounds);
  AnyTensor<S>& existing = grads[pid];
  if (!fitsNode(existing, *parent)) return fail(errors::kSlotShape);
  // Why existing on the left: float addition is not associative-commutative
  // bit for bit; the spec adds in the same order.
  spec::addInto(existing, pg);
  return {};
}

// Lean's `backwardDenseFromStep`.
template <class S>
Status backwardStep(const Tape<S>& tape, Grads<S>& grads, std::size_t id, Contributions<S>& buffer) {
  const Node<S>* node = tape.getNode(id);
  if (!node) return fail(errors::kNodeMissing);
  if (!node->requires_grad) return {};
  if (id >= grads.size()) return fail(errors::kOutOfBounds);
  if (!fitsNode(grads[id], *node)) return fail(errors::kSlotShape);
  if (!node->backward) return {};
  buffer.clear();
  if (Status ok = node->runBackward(grads[id], buffer, id); !ok) return ok;
  for (const auto& [pid, pg] : buffer) {
    if (Status ok = addGradAll(tape, grads, id, pid, pg); !ok) return ok;
  }
  return {};
}

template <class S>
Status checkSeed(const Tape<S>& tape, std::size_t outId, const AnyTensor<S>& seed) {
  const Node<S>* out = tape.getNode(outId);
  if (!out) return fail(errors::kInvalidOutput);
  if (!fitsNode(seed, *out)) return fail(errors::kSeedShape);
  return {};
}

}  // namespace

template <class S>
Result<Grads<S>> backwardDenseFrom(const Tape<S>& tape, Grads<S> grads) {
  if (grads.size() != tape.size()) return fail(errors::kWrongLength);
  Contributions<S> buffer;
  for (std::size_t id = tape.size(); id-- > 0;) {
    if (Status ok = backwardStep(tape, grads, id, buffer); !ok) return fail(ok.error());
  }
  return grads;
}

template <class S>
Result<Grads<S>> backwardDenseAll(const Tape<S>& tape, std::size_t outId, const AnyTensor<S>& seed) {
  if (Status ok = checkSeed(tape, outId, seed); !ok) return fail(ok.error());
  Grads<S> grads;
  grads.reserve(tape.size());
  for (const Node<S>& node : tape.nodes()) grads.push_back(AnyTensor<S>::zeros(node.value.shape));
  grads[outId] = seed;
  return backwardDenseFrom(tape, std::move(grads));
}

template <class S>
Result<Grads<S>> backwardDense(const Tape<S>& tape, std::size_t outId, const AnyTensor<S>& seed) {
  if (Status ok = checkSeed(tape, outId, seed); !ok) return fail(ok.error());
  std::vector<std::optional<AnyTensor<S>>> slots(tape.size());
  slots[outId] = seed;
  Contributions<S> buffer;
  for (std::size_t id = outId + 1; id-- > 0;) {
    const Node<S>& node = *tape.getNode(id);
    if (!slots[id] || !node.requires_grad || !node.backward) continue;
    if (slots[id]->shape != node.value.shape) return fail(errors::kSlotShape);
    buffer.clear();
    if (Status ok = node.runBackward(*slots[id], buffer, id); !ok) return fail(ok.error());
    for (const auto& [pid, pg] : buffer) {
      const Node<S>* parent = tape.getNode(pid);
      if (!parent) return fail(errors::kInvalidParent);
      if (pid >= id) return fail(errors::kForwardEdge);
      if (!parent->requires_grad) continue;
      if (!fitsNode(pg, *parent)) return fail(errors::kContributionShape);
      if (slots[pid]) {
        spec::addInto(*slots[pid], pg);
      } else {
        slots[pid] = pg;  // first contribution stored as is: no 0 + g
      }
    }
  }
  Grads<S> grads;
  grads.reserve(tape.size());
  for (std::size_t id = 0; id < tape.size(); ++id) {
    grads.push_back(slots[id] ? std::move(*slots[id])
                              : AnyTensor<S>::zeros(tape.getNode(id)->value.shape));
  }
  return grads;
}

#define TAPECHECK_INSTANTIATE(S)                                                                  \
  template Result<Grads<S>> backwardDenseFrom<S>(const Tape<S>&, Grads<S>);                       \
  template Result<Grads<S>> backwardDenseAll<S>(const Tape<S>&, std::size_t, const AnyTensor<S>&); \
  template Result<Grads<S>> backwardDense<S>(const Tape<S>&, std::size_t, const AnyTensor<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::runtime
