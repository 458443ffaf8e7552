#pragma once
#include <vector>

#include "runtime/tape.hpp"

namespace tapecheck::runtime {

/// Dense gradients: one cotangent per node id.
template <class S>
using Grads = std::vector<AnyTensor<S>>;

/// Lean's `Tape.backwardDenseFrom`: from one cotangent per node, visit ids from
/// the highest to 0, run each requires_grad node's backward on its accumulated
/// cotangent and add every contribution into its parent as existing + new.
/// Every check of the Lean loop is kept; a contribution with pid >= id is an
/// error too. The first error wins.
template <class S>
Result<Grads<S>> backwardDenseFrom(const Tape<S>& tape, Grads<S> grads0);

/// Lean's `backwardDenseAll`: zeros everywhere, `seed` at `outId`, then
/// backwardDenseFrom.
template <class S>
Result<Grads<S>> backwardDenseAll(const Tape<S>& tape, std::size_t outId, const AnyTensor<S>& seed);

/// Reachable-only reverse pass (Lean's Option-valued `backwardDense`): only
/// nodes that received a cotangent run their backward, and the first
/// contribution to a slot is stored as is. Unreached slots come back as zeros.
/// Equals backwardDenseAll on tapes whose nodes are zero-preserving.
template <class S>
Result<Grads<S>> backwardDense(const Tape<S>& tape, std::size_t outId, const AnyTensor<S>& seed);

}  // namespace tapecheck::runtime
