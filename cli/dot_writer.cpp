#include "cli/dot_writer.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <sstream>

namespace tapecheck::cli {
namespace {

struct PositionVertex {
  std::string label;
  bool isInput = false;
  bool highlighted = false;
};
struct ArgumentEdge {
  std::size_t index = 0;
};
// vecS edges: mul(%0, %0) needs two parallel edges, one per argument.
using DotGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, PositionVertex, ArgumentEdge>;

// DOT string literal: quotes and backslashes escaped; "\n" stays a DOT line break.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch == '\n' ? std::string("\\n") : std::string(1, ch);
  }
  return out + "\"";
}

DotGraph buildDotGraph(const spec::Graph& graph, std::optional<std::size_t> highlight) {
  DotGraph g(graph.positionCount());
  for (std::size_t p = 0; p < graph.inputs.size(); ++p) {
    g[p].label = "%" + std::to_string(p) + " input\n" + graph.inputs[p].str();
    g[p].isInput = true;
  }
  Result<std::vector<spec::Shape>> shapes = spec::validate(graph);
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    const std::size_t p = graph.positionOfNode(k);
    const spec::GraphNode& node = graph.nodes[k];
    std::string label = "%" + std::to_string(p) + " " + (node.op ? node.op->name : std::string("?"));
    for (std::int64_t a : node.attrs.ints) label += " " + std::to_string(a);
    if (shapes) label += "\n" + (*shapes)[p].str();
    g[p].label = std::move(label);
    for (std::size_t i = 0; i < node.args.size(); ++i) {
      if (node.args[i] < p) boost::add_edge(node.args[i], p, ArgumentEdge{i}, g);
    }
  }
  if (highlight && *highlight < graph.positionCount()) g[*highlight].highlighted = true;
  return g;
}

}  // namespace

std::string toDot(const spec::Graph& graph, std::optional<std::size_t> highlight, const std::string& title) {
  const DotGraph g = buildDotGraph(graph, highlight);
  std::ostringstream out;
  const auto writeVertex = [&g](std::ostream& os, DotGraph::vertex_descriptor v) {
    const PositionVertex& pv = g[v];
    os << "[label=" << quoted(pv.label) << ", shape=" << (pv.isInput ? "ellipse" : "box");
    if (pv.highlighted) os << ", style=filled, fillcolor=\"#f4a6a6\", color=red, penwidth=2";
    os << "]";
  };
  const auto writeEdge = [&g](std::ostream& os, DotGraph::edge_descriptor e) {
    os << "[label=\"" << g[e].index << "\"]";
  };
  const auto writeGraph = [&title](std::ostream& os) {
    os << "rankdir=TB;\nnode [fontname=\"monospace\"];\n";
    if (!title.empty()) os << "label=" << quoted(title) << ";\nlabelloc=t;\n";
  };
  boost::write_graphviz(out, g, writeVertex, writeEdge, writeGraph);
  return out.str();
}

}  // namespace tapecheck::cli
