#include "properties/coverage.hpp"

#include <algorithm>

namespace tapecheck::props {

GraphFeatures featuresOf(const spec::Graph& graph) {
  GraphFeatures f;
  std::vector<std::size_t> readers(graph.positionCount(), 0);
  std::vector<std::size_t> depth(graph.positionCount(), 0);
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    const spec::GraphNode& node = graph.nodes[k];
    if (std::find(f.ops.begin(), f.ops.end(), node.op->name) == f.ops.end()) f.ops.push_back(node.op->name);
    std::size_t d = 0;
    for (std::size_t i = 0; i < node.args.size(); ++i) {
      const std::size_t a = node.args[i];
      const bool seenInThisNode = std::find(node.args.begin(), node.args.begin() + i, a) != node.args.begin() + i;
      if (seenInThisNode) {
        f.repeatedArgument = true;
      } else if (++readers[a] == 2) {
        f.fanOut = true;
      }
      d = std::max(d, depth[a]);
    }
    depth[graph.positionOfNode(k)] = d + 1;
    f.depth = std::max(f.depth, d + 1);
  }
  return f;
}

std::string depthBucket(std::size_t depth) {
  if (depth == 0) return "depth 0";
  if (depth <= 2) return "depth 1-2";
  if (depth <= 5) return "depth 3-5";
  return "depth 6+";
}

}  // namespace tapecheck::props
