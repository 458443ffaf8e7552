#include "spec/graph.hpp"

#include <boost/container/small_vector.hpp>

namespace tapecheck::spec {
namespace {

// Why bound each axis too: an empty tensor of shape [2^50, 0] has no element,
// yet ops loop over its axes (transpose2d: 2^50 empty rows) and would hang.
// Found by fuzz_graph_run.
Status checkBounds(const Shape& s) {
  if (auto n = s.checkedNumel(); !n) return fail(n.error());
  for (std::size_t d : s.dims) {
    if (d > Shape::kMaxElements) {
      return fail("shape " + s.str() + " has an axis longer than " + std::to_string(Shape::kMaxElements));
    }
  }
  return {};
}

}  // namespace

std::string describeNode(const Graph& graph, std::size_t k) {
  std::string op = (k < graph.nodes.size() && graph.nodes[k].op) ? graph.nodes[k].op->name
                                                                  : std::string("unknown op");
  return "node " + std::to_string(k) + " (position " + std::to_string(graph.positionOfNode(k)) +
         ", " + op + ")";
}

Result<std::vector<Shape>> validate(const Graph& graph) {
  std::vector<Shape> shapes;
  shapes.reserve(graph.positionCount());
  for (std::size_t j = 0; j < graph.inputs.size(); ++j) {
    if (Status ok = checkBounds(graph.inputs[j]); !ok) {
      return fail("input " + std::to_string(j) + ": " + ok.error());
    }
    shapes.push_back(graph.inputs[j]);
  }
  boost::container::small_vector<const Shape*, 4> argShapes;
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    const GraphNode& node = graph.nodes[k];
    const std::size_t own = graph.positionOfNode(k);
    if (!node.op) return fail(describeNode(graph, k) + ": the op is not registered");
    if (node.args.size() != node.op->arity) {
      return fail(describeNode(graph, k) + ": expects " + std::to_string(node.op->arity) +
                  " argument(s), got " + std::to_string(node.args.size()));
    }
    argShapes.clear();
    for (std::size_t i = 0; i < node.args.size(); ++i) {
      if (node.args[i] >= own) {
        return fail(describeNode(graph, k) + ": argument " + std::to_string(i) +
                    " refers to position " + std::to_string(node.args[i]) +
                    ", which is not earlier than the node itself");
      }
      argShapes.push_back(&shapes[node.args[i]]);
    }
    Result<Shape> out = node.op->shapeRule({argShapes.data(), argShapes.size()}, node.attrs);
    if (!out) return fail(describeNode(graph, k) + ": " + out.error());
    if (Status ok = checkBounds(*out); !ok) return fail(describeNode(graph, k) + ": " + ok.error());
    shapes.push_back(std::move(*out));
  }
  return shapes;
}

}  // namespace tapecheck::spec
