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

/// The input-shrinking moves below refit the attributes of nodes that pin
/// shapes (OpDef::refit: reshape and broadcastTo targets) to the smaller
/// inputs; a move is lost only when some node cannot follow.

/// Keeps only index `index` along axis `axis` of input j (length 1 there),
/// when the graph stays valid. Seeds of positions that had the input's shape
/// are sliced the same way, so elementwise failures survive the cut.
template <class S>
std::optional<GraphCase<S>> sliceInputAxis(const GraphCase<S>& c, std::size_t j, std::size_t axis,
                                           std::size_t index);

/// Shortens by one every axis of input j that has its longest length (a
/// square [3,3] becomes [2,2]), cropping values, when the graph stays valid.
template <class S>
std::optional<GraphCase<S>> shortenLongestAxes(const GraphCase<S>& c, std::size_t j);

/// Shortens by one every input axis of the given length, in all inputs at
/// once (so that matmul's shared inner length can shrink), cropping values;
/// node attributes of that length that are axis lengths (OpDef::lengthAttributes:
/// gather's count, reshape's dims) are shortened with them.
template <class S>
std::optional<GraphCase<S>> shortenAxesOfLength(const GraphCase<S>& c, std::size_t length);

/// Moves the seed value at flattened seed element `element`, when it is not
/// the domain's simplest value (0; Tropical's one), to the first simplest
/// element before it in the same tensor (so crops keep it).
template <class S>
std::optional<GraphCase<S>> moveSeedValueTowardStart(const GraphCase<S>& c, std::size_t element);

/// The same for input values.
template <class S>
std::optional<GraphCase<S>> moveInputValueTowardStart(const GraphCase<S>& c, std::size_t element);

/// Removes axis `axis` of length 1 from input j, when the graph stays valid.
template <class S>
std::optional<GraphCase<S>> dropInputAxis(const GraphCase<S>& c, std::size_t j, std::size_t axis);

/// Moves attribute a of node k toward 0 (to 1, then 0), when the graph stays
/// valid as it is (no refit, which could undo the move).
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
