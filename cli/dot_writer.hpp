#pragma once
#include <optional>
#include <string>

#include "spec/graph.hpp"

namespace tapecheck::cli {

/// The graph as Graphviz DOT (Boost.Graph write_graphviz): one vertex per
/// position labelled "%p op" and its shape, one edge per argument from the
/// argument's position to the node, labelled with the argument index, and the
/// `highlight` position (the one a failure blames) filled red.
/// Render with `dot -Tsvg file.dot -o file.svg`.
std::string toDot(const spec::Graph& graph, std::optional<std::size_t> highlight = std::nullopt,
                  const std::string& title = "");

}  // namespace tapecheck::cli
