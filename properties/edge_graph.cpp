#include "properties/edge_graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>
#include <iterator>

namespace tapecheck::props {

std::optional<std::string> checkEdgesFormBackwardDag(std::size_t nodeCount,
                                                     const std::vector<BackwardEdge>& edges) {
  using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Digraph graph(nodeCount);
  for (const auto& [from, to] : edges) {
    if (from >= nodeCount || to >= nodeCount) {
      return "edge " + std::to_string(from) + " -> " + std::to_string(to) + " leaves the tape";
    }
    boost::add_edge(from, to, graph);
  }
  std::vector<Digraph::vertex_descriptor> order;
  try {
    boost::topological_sort(graph, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    return std::string("the backward edges contain a cycle");
  }
  for (auto [e, end] = boost::edges(graph); e != end; ++e) {
    const std::size_t u = boost::source(*e, graph), v = boost::target(*e, graph);
    if (v >= u) {
      return "edge " + std::to_string(u) + " -> " + std::to_string(v) + " does not point to a lower id";
    }
  }
  return std::nullopt;
}

}  // namespace tapecheck::props
