#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "spec/graph.hpp"

namespace tapecheck::props {

/// The structural features of a graph that the coverage floors count.
struct GraphFeatures {
  std::vector<std::string> ops;    // distinct op names, in first-use order
  bool repeatedArgument = false;   // some node reads one position twice (mul(x, x))
  bool fanOut = false;             // some position is read by two or more nodes
  std::size_t depth = 0;           // longest chain of nodes
};

GraphFeatures featuresOf(const spec::Graph& graph);

/// "depth 0", "depth 1-2", "depth 3-5", "depth 6+": a coarse bucket for tags.
std::string depthBucket(std::size_t depth);

}  // namespace tapecheck::props
