#include "cli/finding_key.hpp"

#include <cstdint>
#include <cstdio>
#include <set>

namespace tapecheck::cli {
namespace {

std::string shapeText(const spec::Shape& shape) {
  std::string text = "[";
  for (std::size_t axis = 0; axis < shape.rank(); ++axis) text += (axis ? "," : "") + std::to_string(shape[axis]);
  return text + "]";
}

}  // namespace

std::string findingKey(std::string_view property, std::string_view domain, const spec::Graph& graph) {
  std::set<std::string> ops;
  for (const spec::GraphNode& node : graph.nodes) ops.insert(node.op ? node.op->name : "?");
  std::string key = std::string(property) + " in " + std::string(domain) + " | ops ";
  bool first = true;
  for (const auto& op : ops) {
    key += (first ? "" : ",") + op;
    first = false;
  }
  key += " | inputs";
  for (const spec::Shape& shape : graph.inputs) key += " " + shapeText(shape);
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    const spec::GraphNode& node = graph.nodes[k];
    key += " | %" + std::to_string(graph.positionOfNode(k)) + " = " + (node.op ? node.op->name : "?") + "(";
    for (std::size_t a = 0; a < node.args.size(); ++a) key += (a ? ",%" : "%") + std::to_string(node.args[a]);
    key += ")";
    if (!node.attrs.ints.empty()) {
      key += "{";
      for (std::size_t i = 0; i < node.attrs.ints.size(); ++i) key += (i ? "," : "") + std::to_string(node.attrs.ints[i]);
      key += "}";
    }
  }
  return key;
}

std::string findingHash(std::string_view key) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char ch : key) {
    hash ^= ch;
    hash *= 0x100000001b3ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace tapecheck::cli
