#include "cli/case_file.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>

#include "cli/case_stream.hpp"
#include "cli/json_text.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli {
namespace {

// A Result<T> whose error is already "at /pointer: ..." is passed through by TRY.
#define TAPECHECK_TRY(var, expr)                       \
  auto var##_result = (expr);                          \
  if (!var##_result) return fail(var##_result.error()); \
  auto var = std::move(*var##_result)

Result<spec::Attrs> readAttrs(const JsonAt& node) {
  spec::Attrs attrs;
  if (!node.value().contains("attrs")) return attrs;  // optional: most ops have none
  TAPECHECK_TRY(list, node.field("attrs"));
  TAPECHECK_TRY(count, list.arraySize());
  for (std::size_t i = 0; i < count; ++i) {
    TAPECHECK_TRY(v, list.element(i).asInteger());
    attrs.ints.push_back(v);
  }
  return attrs;
}

}  // namespace

namespace stream {

Result<spec::Shape> readShape(const JsonAt& at) {
  TAPECHECK_TRY(rank, at.arraySize());
  spec::Shape shape;
  for (std::size_t a = 0; a < rank; ++a) {
    TAPECHECK_TRY(dim, at.element(a).asUnsigned());
    shape.dims.push_back(static_cast<std::size_t>(dim));
  }
  if (auto n = shape.checkedNumel(); !n) return at.error(n.error());
  return shape;
}

// What can be checked of node k without the shapes before it; checkNode does
// the rest once the whole graph has been read.
template <class S>
Result<spec::GraphNode> readNodeStructure(const JsonAt& at) {
  TAPECHECK_TRY(opAt, at.field("op"));
  TAPECHECK_TRY(opName, opAt.asString());
  spec::GraphNode node;
  node.op = spec::findOp(opName);
  if (!node.op) return opAt.error("unknown op " + quoteShort(opName) + " (`tapecheck ops` lists them)");
  if (!node.op->template kernelsFor<S>()) {
    return opAt.error("op " + opName + " needs the " + std::string(spec::algebraName(node.op->algebra)) +
                      " algebra and is not available in domain " + std::string(spec::Domain<S>::name));
  }
  TAPECHECK_TRY(argsAt, at.field("args"));
  TAPECHECK_TRY(arity, argsAt.arraySize());
  if (arity != node.op->arity) {
    return argsAt.error(opName + " takes " + std::to_string(node.op->arity) + " argument(s), found " +
                        std::to_string(arity));
  }
  for (std::size_t i = 0; i < arity; ++i) {
    TAPECHECK_TRY(arg, argsAt.element(i).asUnsigned());
    node.args.push_back(static_cast<std::size_t>(arg));
  }
  TAPECHECK_TRY(attrs, readAttrs(at));
  node.attrs = std::move(attrs);
  return node;
}

}  // namespace stream

namespace {

// The streamed arrays are empty in what is left of the DOM: only their type is checked there.
Status expectArray(const JsonAt& at) {
  Result<std::size_t> size = at.arraySize();
  if (!size) return fail(size.error());
  return {};
}

std::string nodePointer(std::size_t k) { return "/graph/nodes/" + std::to_string(k); }

// Checks node k against the shapes of the positions before it, so that a
// mistake is reported at the node rather than for the whole graph.
Status checkNode(const spec::GraphNode& node, std::size_t k, std::size_t own, std::vector<spec::Shape>& shapes) {
  static const nlohmann::json kNone;
  const std::string& opName = node.op->name;
  boost::container::small_vector<const spec::Shape*, 3> argShapes;
  for (std::size_t i = 0; i < node.args.size(); ++i) {
    if (node.args[i] >= own) {
      return JsonAt(kNone, nodePointer(k) + "/args/" + std::to_string(i))
          .error("argument refers to position " + std::to_string(node.args[i]) +
                 ", which is not earlier than this node (position " + std::to_string(own) + ")");
    }
    argShapes.push_back(&shapes[node.args[i]]);
  }
  const JsonAt at(kNone, nodePointer(k));
  Result<spec::Shape> out = node.op->shapeRule({argShapes.data(), argShapes.size()}, node.attrs);
  if (!out) return at.error(opName + " does not accept these arguments: " + out.error());
  if (auto n = out->checkedNumel(); !n) return at.error(opName + " output " + out->str() + ": " + n.error());
  shapes.push_back(std::move(*out));
  return {};
}

template <class S>
Result<spec::GraphData<S>> readGraph(const JsonAt& root, stream::Collected<S>& c) {
  TAPECHECK_TRY(graphAt, root.field("graph"));
  TAPECHECK_TRY(inputsAt, graphAt.field("inputs"));
  TAPECHECK_TRY(nodesAt, graphAt.field("nodes"));
  if (Status ok = expectArray(inputsAt); !ok) return fail(ok.error());
  if (Status ok = expectArray(nodesAt); !ok) return fail(ok.error());
  if (c.inputShapeError.set) return fail(c.inputShapeError.message);
  spec::Graph graph;
  graph.inputs = std::move(c.inputShapes);
  graph.nodes = std::move(c.nodes);  // up to the first one with an error
  std::string specError;
  if (!c.nodeError.set) {
    // The spec's own validation has the last word (it may check more than
    // checkNode), and computes the only copy of the shapes we keep.
    Result<std::vector<spec::Shape>> shapes = spec::validateFor<S>(graph);
    if (shapes) return spec::GraphData<S>{std::move(graph), std::move(*shapes)};
    specError = shapes.error();
  }
  // Something is wrong: find the node, so that the error names its pointer.
  std::vector<spec::Shape> shapes = graph.inputs;
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    if (Status ok = checkNode(graph.nodes[k], k, graph.inputs.size() + k, shapes); !ok) return fail(ok.error());
  }
  if (c.nodeError.set) return fail(c.nodeError.message);
  return graphAt.error(specError);
}

// Shapes the streamed tensors of /inputs or /seed_context, in the order the
// DOM reader checked them: the list's length, then per tensor its type, its
// element count, its values.
template <class S>
Result<spec::Context<S>> checkTensors(const JsonAt& root, std::string_view key, stream::TensorList<S>& list,
                                      std::span<const spec::Shape> shapes) {
  TAPECHECK_TRY(at, root.field(key));
  if (Status ok = expectArray(at); !ok) return fail(ok.error());
  const std::size_t count = list.count;
  if (count != shapes.size()) {
    return at.error("expected " + std::to_string(shapes.size()) + " tensor(s), one per " +
                    (key == "inputs" ? "graph input" : "position") + ", found " + std::to_string(count));
  }
  for (std::size_t p = 0; p < count; ++p) {
    if (list.error.at(p) && list.error.beforeCount) return fail(list.error.message);
    spec::Tensor<S>& t = list.tensors[p];
    if (t.data.size() != shapes[p].numel()) {
      return at.element(p).error("shape " + shapes[p].str() + " has " + std::to_string(shapes[p].numel()) +
                                 " element(s), found " + std::to_string(t.data.size()) + " value(s)");
    }
    if (list.error.at(p)) return fail(list.error.message);
    t.shape = shapes[p];
  }
  return std::move(list.tensors);
}

Status checkEnv(const JsonAt& root, const stream::FirstError& error) {
  if (!root.value().contains("env")) return {};  // optional: Δ is often empty
  TAPECHECK_TRY(at, root.field("env"));
  if (Status ok = expectArray(at); !ok) return fail(ok.error());
  if (error.set) return fail(error.message);
  return {};
}

// The provenance is informational, but a position it blames must exist.
Status checkProvenance(const std::optional<Provenance>& found, std::size_t positions) {
  if (!found || !found->position || *found->position < positions) return {};
  static const nlohmann::json kNone;
  return JsonAt(kNone, "/found/position")
      .error("position " + std::to_string(*found->position) + " is outside the graph (positions 0 to " +
             std::to_string(positions) + " - 1)");
}

}  // namespace

Result<CaseHeader> readCaseHeader(const JsonAt& root) {
  TAPECHECK_TRY(formatAt, root.field("format"));
  TAPECHECK_TRY(format, formatAt.asString());
  if (format != kCaseFormatName) {
    return formatAt.error("not a tapecheck case file (format " + quoteShort(format) + ", expected \"" +
                          std::string(kCaseFormatName) + "\")");
  }
  TAPECHECK_TRY(versionAt, root.field("version"));
  if (!versionAt.value().is_number_unsigned() || versionAt.value().get<std::uint64_t>() != kCaseFormatVersion) {
    return versionAt.error("unknown format version " + versionAt.value().dump() + "; this tapecheck reads version " +
                           std::to_string(kCaseFormatVersion));
  }
  TAPECHECK_TRY(propertyAt, root.field("property"));
  TAPECHECK_TRY(property, propertyAt.asString());
  TAPECHECK_TRY(domainAt, root.field("domain"));
  TAPECHECK_TRY(domain, domainAt.asString());
  return CaseHeader{std::move(property), std::move(domain)};
}

template <class S>
Result<CaseRecord<S>> caseFromText(std::string_view text, CaseSizes sizes, std::string* owner) {
  // A hint from a hostile file must not reserve much more than the file
  // could hold: a node takes 20 bytes of text at least, a tensor 2.
  sizes.nodes = std::min(sizes.nodes, text.size() / 20);
  sizes.positions = std::min(sizes.positions, text.size() / 2);
  stream::Collected<S> collected;
  Result<nlohmann::json> rest = parseJson(text, stream::Collector<S>(collected, sizes));
  if (owner) std::string().swap(*owner);  // `text` is not read again
  if (!rest) return fail(rest.error());
  const JsonAt root(*rest, "");
  TAPECHECK_TRY(header, readCaseHeader(root));
  TAPECHECK_TRY(data, readGraph<S>(root, collected));
  TAPECHECK_TRY(inputs, checkTensors<S>(root, "inputs", collected.inputs, data.graph.inputs));
  TAPECHECK_TRY(seed, checkTensors<S>(root, "seed_context", collected.seed, data.shapes));
  if (Status env = checkEnv(root, collected.envError); !env) return fail(env.error());
  CaseRecord<S> record;
  record.found = readProvenance(root.value());
  if (Status found = checkProvenance(record.found, data.positionCount()); !found) return fail(found.error());
  record.property = std::move(header.property);
  record.graphCase = gen::GraphCase<S>{std::move(data), std::move(inputs), spec::Env{std::move(collected.env)},
                                       std::move(seed)};
  return record;
}

template <class S>
Result<CaseRecord<S>> caseFromJson(const JsonAt& root) {
  // One reader: the streaming one, fed the document's text.
  return caseFromText<S>(root.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<CaseHeader> readCaseHeaderFromText(std::string_view text, CaseSizes* sizes) {
  // Only the root's header members are kept: everything else is dropped as
  // it is parsed. The parser still reports where each dropped container
  // starts, which is enough to count nodes and seed tensors.
  using Event = nlohmann::json::parse_event_t;
  std::string top, second;  // the member being read at depth 1 and 2
  CaseSizes counted;
  const auto headerOnly = [&](int depth, Event event, nlohmann::json& parsed) {
    if (event == Event::key) {
      (depth == 1 ? top : second) = parsed.get_ref<const std::string&>();
      return depth == 1 && (top == "format" || top == "version" || top == "property" || top == "domain");
    }
    if (event == Event::object_start && depth == 3 && top == "graph" && second == "nodes") ++counted.nodes;
    if (event == Event::array_start && depth == 2 && top == "seed_context") ++counted.positions;
    return depth <= 1;
  };
  Result<nlohmann::json> header = parseJson(text, headerOnly);
  if (!header) return fail(header.error());
  if (sizes) *sizes = counted;
  return readCaseHeader(JsonAt(*header, ""));
}

#define TAPECHECK_INSTANTIATE(S)                                               \
  template Result<CaseRecord<S>> caseFromJson<S>(const JsonAt&);               \
  template Result<CaseRecord<S>> caseFromText<S>(std::string_view, CaseSizes, std::string*); \
  template Result<spec::GraphNode> stream::readNodeStructure<S>(const JsonAt&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
