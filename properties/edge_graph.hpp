#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tapecheck::props {

/// A backward edge: node `from` contributed to node `to`.
using BackwardEdge = std::pair<std::size_t, std::size_t>;

/// Checks with Boost.Graph that the edges over `nodeCount` nodes form a DAG
/// (topological sort succeeds) and that every edge u -> v has v < u. Returns
/// what is wrong, or nothing.
std::optional<std::string> checkEdgesFormBackwardDag(std::size_t nodeCount,
                                                     const std::vector<BackwardEdge>& edges);

}  // namespace tapecheck::props
