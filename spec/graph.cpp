#include "spec/graph.hpp"

#include <boost/container/small_vector.hpp>
#include <limits>

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

std::uint64_t loopSize(const Shape& s) {
  // Zero-length axes count as 1: transpose2d of [2^28, 0] has no element but
  // still visits 2^28 empty rows. Each axis is at most 2^28 (checkBounds), so
  // this fits in 64 bits for rank <= 2 and saturates above.
  std::uint64_t n = 1;
  for (std::size_t d : s.dims) {
    const std::uint64_t f = d == 0 ? 1 : d;
    n = n > std::numeric_limits<std::uint64_t>::max() / f ? std::numeric_limits<std::uint64_t>::max() : n * f;
  }
  return n;
}

std::string describeNode(const Graph& graph, std::size_t k) {
  std::string op = (k < graph.nodes.size() && graph.nodes[k].op) ? graph.nodes[k].op->name
                                                                  : std::string("unknown op");
  return "node " + std::to_string(k) + " (position " + std::to_string(graph.positionOfNode(k)) +
         ", " + op + ")";
}

std::uint64_t estimateWork(const Graph& graph, std::span<const Shape> shapes) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  const auto add = [](std::uint64_t a, std::uint64_t b) { return a > kMax - b ? kMax : a + b; };
  std::uint64_t total = 0;
  boost::container::small_vector<const Shape*, 4> argShapes;
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    const GraphNode& node = graph.nodes[k];
    const Shape& out = shapes[graph.positionOfNode(k)];
    argShapes.clear();
    for (std::size_t arg : node.args) argShapes.push_back(&shapes[arg]);
    if (node.op->cost) {
      total = add(total, node.op->cost({argShapes.data(), argShapes.size()}, out));
      continue;
    }
    // Why twice: the forward reads each argument and writes the output, the
    // VJP reads the output's cotangent and writes one per argument. Every op
    // without a cost of its own makes a few passes at most (softmax: four).
    std::uint64_t elements = loopSize(out);
    for (const Shape* a : argShapes) elements = add(elements, loopSize(*a));
    total = add(total, add(elements, elements));
  }
  return total;
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
