#include "runtime/backward.hpp"

#include <cstdint>
#include <exception>

#include "runtime/errors.hpp"
#include "runtime/hot_path.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::runtime {
namespace {

template <class S>
bool fitsNode(const AnyTensor<S>& t, const Node<S>& node) {
  return hot::fits(t, *node.value);
}

// Two facts about each node, one byte each, gathered in one pass in id order
// before the loop: its requires_grad, and whether its slot fits its value.
// Why: each contribution's checks need both for its parent, and on a big DAG
// parents are random ids; reading a parent's Node (a few cache lines in a
// large array) per contribution made the loop wait on memory. Reading every
// Node once, in order, is cheaper than reading some at random: a random
// 10^5-node DAG of [4] tensors went from ~200 to 125-145 ns per node, a chain
// (which the loop reads in order anyway) from ~47 to ~52. Both facts hold for
// the whole loop: the tape is not changed, and slots change only through
// addInto, which keeps their shape and size. (NodeFlag is in tape.hpp: a
// compiled tape's steps read the flags too.)

template <class S>
class NodeFlags {
 public:
  /// grads.size() == tape.size().
  NodeFlags(const Tape<S>& tape, const Grads<S>& grads) : flags_(tape.size(), 0) {
    const std::vector<Node<S>>& nodes = tape.nodes();
    for (std::size_t id = 0; id < flags_.size(); ++id) {
      flags_[id] = static_cast<std::uint8_t>((nodes[id].requires_grad ? kRequiresGrad : 0) |
                                             (fitsNode(grads[id], nodes[id]) ? kSlotFits : 0));
    }
  }

  std::uint8_t operator[](std::size_t id) const { return flags_[id]; }
  const std::uint8_t* data() const { return flags_.data(); }

 private:
  std::vector<std::uint8_t> flags_;
};

// Lean's `addGradAll`, with the pid < id check added. Same checks in the same
// order; with the slot known to fit its node, "the contribution fits the
// parent" is "the contribution fits the slot".
template <class S>
Status addGradAll(const Tape<S>& tape, Grads<S>& grads, const NodeFlags<S>& flags, std::size_t id,
                  std::size_t pid, const AnyTensor<S>& pg) {
  if (pid >= tape.size()) return fail(errors::kInvalidParent);
  // Why: slot pid may already have been visited; adding into it now would be
  // lost silently instead of propagated. TorchLean proves compiled tapes never
  // do this (`compileAux_backward_pids_lt_id`); tapecheck checks it anyway.
  if (pid >= id) return fail(errors::kForwardEdge);
  if (!(flags[pid] & kRequiresGrad)) return {};  // dropped, as in Lean
  if (!(flags[pid] & kSlotFits)) {  // rare: the slot is wrong, so compare with the node itself
    if (!fitsNode(pg, *tape.getNode(pid))) return fail(errors::kContributionShape);
    if (pid >= grads.size()) return fail(errors::kOutOfBounds);
    return fail(errors::kSlotShape);
  }
  AnyTensor<S>& existing = grads[pid];
  if (!hot::fits(pg, existing)) return fail(errors::kContributionShape);
  if (pid >= grads.size()) return fail(errors::kOutOfBounds);
  // Why existing on the left: float addition is not associative-commutative
  // bit for bit; the spec adds in the same order.
  spec::addInto(existing, pg);
  return {};
}

// Lean's `backwardDenseFromStep`.
template <class S>
Status backwardStep(const Tape<S>& tape, Grads<S>& grads, const NodeFlags<S>& flags, std::size_t id,
                    Contributions<S>& buffer) {
  if (id >= tape.size()) return fail(errors::kNodeMissing);
  const Node<S>& node = tape.nodes()[id];
  if (!(flags[id] & kRequiresGrad)) return {};
  if (id >= grads.size()) return fail(errors::kOutOfBounds);
  if (!(flags[id] & kSlotFits)) return fail(errors::kSlotShape);
  if (!node.backward) return {};
  if (const CompiledSteps<S>& compiled = tape.compiledSteps(); compiled.step) {
    if (id < compiled.firstOpNode) return {};  // a leaf's closure adds nothing
    try {
      return compiled.step(compiled.context, id, grads, flags.data());
    } catch (const std::exception& e) {  // as Node::runBackward reports a throwing closure
      return fail(errors::closureThrew(e.what(), id));
    } catch (...) {
      return fail(errors::closureThrew("unknown exception", id));
    }
  }
  buffer.clear();
  if (Status ok = node.runBackward(grads[id], buffer, id); !ok) return ok;
  for (const auto& [pid, pg] : buffer) {
    if (Status ok = addGradAll(tape, grads, flags, id, pid, pg); !ok) return ok;
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

// How many nodes ahead the loop prefetches what a compiled step will read:
// far enough for a miss to memory to land before the node is visited.
constexpr std::size_t kPrefetchDistance = 8;

template <class S>
Result<Grads<S>> backwardDenseFrom(const Tape<S>& tape, Grads<S> grads) {
  if (grads.size() != tape.size()) return fail(errors::kWrongLength);
  NodeFlags<S> flags(tape, grads);
  Contributions<S> buffer;
  const CompiledSteps<S>& compiled = tape.compiledSteps();
  for (std::size_t id = tape.size(); id-- > 0;) {
    if (compiled.touch && id >= kPrefetchDistance) compiled.touch(compiled.context, id - kPrefetchDistance, grads.data());
    if (Status ok = backwardStep(tape, grads, flags, id, buffer); !ok) return fail(ok.error());
  }
  return grads;
}

template <class S>
Result<Grads<S>> backwardDenseAll(const Tape<S>& tape, std::size_t outId, const AnyTensor<S>& seed) {
  if (Status ok = checkSeed(tape, outId, seed); !ok) return fail(ok.error());
  Grads<S> grads;
  grads.reserve(tape.size());
  for (const Node<S>& node : tape.nodes()) grads.push_back(AnyTensor<S>::zeros(node.value->shape));
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
    if (!hot::sameShape(slots[id]->shape, node.value->shape)) return fail(errors::kSlotShape);
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
                              : AnyTensor<S>::zeros(tape.getNode(id)->value->shape));
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
