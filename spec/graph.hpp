#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "spec/inline_vec.hpp"
#include "spec/op.hpp"
#include "spec/result.hpp"
#include "spec/shape.hpp"

namespace tapecheck::spec {

/// One node of a graph: an op applied to earlier positions.
struct GraphNode {
  const OpDef* op = nullptr;
  InlineVec<std::size_t, 3> args;  // positions, each < own position
  Attrs attrs;
};

/// A scalar-agnostic typed graph (Lean's `GraphData Γ ss` without the scalar):
/// positions 0..|Γ|-1 are the inputs, position |Γ|+k is node k, and node k may
/// read any earlier position, repeatedly (mul(x, x)) and shared (fan-out).
struct Graph {
  std::vector<Shape> inputs;
  std::vector<GraphNode> nodes;

  std::size_t positionCount() const { return inputs.size() + nodes.size(); }
  std::size_t positionOfNode(std::size_t k) const { return inputs.size() + k; }
};

/// Checks every node (known op, arity, arguments strictly earlier, attributes,
/// shape rule, sizes within bounds) and returns the shape of every position.
Result<std::vector<Shape>> validate(const Graph& graph);

/// The elements of `s` with zero-length axes counted as length 1: an upper
/// bound on the iterations of a loop over `s`, for estimateWork.
std::uint64_t loopSize(const Shape& s);

/// An upper bound, within a small factor, on the element operations of one
/// forward and one backward pass over `graph` (whose positions have `shapes`,
/// from validate): an op's own cost when it declares one, else twice the
/// elements it reads and writes. Saturates instead of overflowing.
std::uint64_t estimateWork(const Graph& graph, std::span<const Shape> shapes);

/// "node 3 (position 5, matmul)": how errors and listings name a node.
std::string describeNode(const Graph& graph, std::size_t k);

}  // namespace tapecheck::spec
