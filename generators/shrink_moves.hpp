#pragma once
// Shrinks that are graph operations, not edits of random choices: each move
// returns a smaller valid case, or nothing when it does not apply. Positions
// are renumbered and inputs and seeds carried over, so every candidate is a
// well-typed case of its own.
#include <cstddef>
#include <optional>

#include "generators/graph_case.hpp"

namespace tapecheck::gen {

/// Keeps only node k and the positions it depends on (dead-node elimination
/// with the node as output).
template <class S>
std::optional<GraphCase<S>> keepConeOf(const GraphCase<S>& c, std::size_t k);

/// Removes node k; its users read an argument of it with the same shape, or
/// else the latest earlier position of that shape. Nothing when neither exists
/// and the node is used.
template <class S>
std::optional<GraphCase<S>> dropNode(const GraphCase<S>& c, std::size_t k);

/// Removes every input no node reads.
template <class S>
std::optional<GraphCase<S>> dropUnusedInputs(const GraphCase<S>& c);

/// Sets axis `axis` of input j to length 1, when the graph stays valid.
template <class S>
std::optional<GraphCase<S>> shrinkInputAxis(const GraphCase<S>& c, std::size_t j, std::size_t axis);

/// Moves attribute a of node k toward 0 (to 1, then 0), when the graph stays valid.
template <class S>
std::optional<GraphCase<S>> shrinkAttribute(const GraphCase<S>& c, std::size_t k, std::size_t a);

/// Removes the last index of Δ.
template <class S>
std::optional<GraphCase<S>> dropLastEnvIndex(const GraphCase<S>& c);

/// Sets index e of Δ to 0.
template <class S>
std::optional<GraphCase<S>> zeroEnvIndex(const GraphCase<S>& c, std::size_t e);

/// Replaces element `element` of all input values (flattened, in order) by its
/// `choice`-th simpler value.
template <class S>
std::optional<GraphCase<S>> simplifyInputValue(const GraphCase<S>& c, std::size_t element,
                                               std::size_t choice);

/// The same for the seed context.
template <class S>
std::optional<GraphCase<S>> simplifySeedValue(const GraphCase<S>& c, std::size_t element,
                                              std::size_t choice);

}  // namespace tapecheck::gen
