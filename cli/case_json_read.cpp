#include "cli/case_file.hpp"

#include <boost/container/small_vector.hpp>

#include "spec/registry.hpp"

namespace tapecheck::cli {
namespace {

// A Result<T> whose error is already "at /pointer: ..." is passed through by TRY.
#define TAPECHECK_TRY(var, expr)                       \
  auto var##_result = (expr);                          \
  if (!var##_result) return fail(var##_result.error()); \
  auto var = std::move(*var##_result)

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

// Reads node k and checks it against the shapes of the positions before it,
// so that a mistake is reported at the node rather than for the whole graph.
template <class S>
Result<spec::GraphNode> readNode(const JsonAt& at, std::size_t own, std::vector<spec::Shape>& shapes) {
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
  boost::container::small_vector<const spec::Shape*, 3> argShapes;
  for (std::size_t i = 0; i < arity; ++i) {
    const JsonAt argAt = argsAt.element(i);
    TAPECHECK_TRY(arg, argAt.asUnsigned());
    if (arg >= own) {
      return argAt.error("argument refers to position " + std::to_string(arg) +
                         ", which is not earlier than this node (position " + std::to_string(own) + ")");
    }
    node.args.push_back(static_cast<std::size_t>(arg));
    argShapes.push_back(&shapes[arg]);
  }
  TAPECHECK_TRY(attrs, readAttrs(at));
  node.attrs = std::move(attrs);
  Result<spec::Shape> out = node.op->shapeRule({argShapes.data(), argShapes.size()}, node.attrs);
  if (!out) return at.error(opName + " does not accept these arguments: " + out.error());
  if (auto n = out->checkedNumel(); !n) return at.error(opName + " output " + out->str() + ": " + n.error());
  shapes.push_back(std::move(*out));
  return node;
}

template <class S>
Result<spec::GraphData<S>> readGraph(const JsonAt& root) {
  TAPECHECK_TRY(graphAt, root.field("graph"));
  TAPECHECK_TRY(inputsAt, graphAt.field("inputs"));
  TAPECHECK_TRY(nodesAt, graphAt.field("nodes"));
  TAPECHECK_TRY(inputCount, inputsAt.arraySize());
  TAPECHECK_TRY(nodeCount, nodesAt.arraySize());
  spec::Graph graph;
  std::vector<spec::Shape> shapes;
  for (std::size_t j = 0; j < inputCount; ++j) {
    TAPECHECK_TRY(shape, readShape(inputsAt.element(j)));
    graph.inputs.push_back(shape);
    shapes.push_back(std::move(shape));
  }
  for (std::size_t k = 0; k < nodeCount; ++k) {
    TAPECHECK_TRY(node, readNode<S>(nodesAt.element(k), inputCount + k, shapes));
    graph.nodes.push_back(std::move(node));
  }
  // The spec's own validation has the last word (it may check more than we do here).
  Result<spec::GraphData<S>> data = spec::makeGraphData<S>(std::move(graph));
  if (!data) return graphAt.error(data.error());
  return data;
}

template <class S>
Result<spec::Tensor<S>> readTensor(const JsonAt& at, const spec::Shape& shape) {
  TAPECHECK_TRY(count, at.arraySize());
  // Compare counts before parsing anything: a wrong shape must not make us
  // allocate for the declared size.
  if (count != shape.numel()) {
    return at.error("shape " + shape.str() + " has " + std::to_string(shape.numel()) + " element(s), found " +
                    std::to_string(count) + " value(s)");
  }
  spec::Tensor<S> t = spec::Tensor<S>::zeros(shape);
  for (std::size_t i = 0; i < count; ++i) {
    const JsonAt valueAt = at.element(i);
    TAPECHECK_TRY(text, valueAt.asString());
    Result<S> v = spec::Domain<S>::parse(text);
    if (!v) {
      return valueAt.error(quoteShort(text) + " is not a value of domain " + std::string(spec::Domain<S>::name));
    }
    t.data[i] = *v;
  }
  return t;
}

template <class S>
Result<spec::Context<S>> readContext(const JsonAt& root, std::string_view key, std::span<const spec::Shape> shapes) {
  TAPECHECK_TRY(at, root.field(key));
  TAPECHECK_TRY(count, at.arraySize());
  if (count != shapes.size()) {
    return at.error("expected " + std::to_string(shapes.size()) + " tensor(s), one per " +
                    (key == "inputs" ? "graph input" : "position") + ", found " + std::to_string(count));
  }
  spec::Context<S> context;
  context.reserve(count);
  for (std::size_t p = 0; p < count; ++p) {
    TAPECHECK_TRY(t, readTensor<S>(at.element(p), shapes[p]));
    context.push_back(std::move(t));
  }
  return context;
}

Result<spec::Env> readEnv(const JsonAt& root) {
  spec::Env env;
  if (!root.value().contains("env")) return env;  // optional: Δ is often empty
  TAPECHECK_TRY(at, root.field("env"));
  TAPECHECK_TRY(count, at.arraySize());
  for (std::size_t i = 0; i < count; ++i) {
    TAPECHECK_TRY(v, at.element(i).asInteger());
    env.indices.push_back(v);
  }
  return env;
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
Result<CaseRecord<S>> caseFromJson(const JsonAt& root) {
  TAPECHECK_TRY(header, readCaseHeader(root));
  TAPECHECK_TRY(data, readGraph<S>(root));
  TAPECHECK_TRY(inputs, readContext<S>(root, "inputs", data.graph.inputs));
  TAPECHECK_TRY(seed, readContext<S>(root, "seed_context", data.shapes));
  TAPECHECK_TRY(env, readEnv(root));
  CaseRecord<S> record;
  record.property = std::move(header.property);
  record.graphCase = gen::GraphCase<S>{std::move(data), std::move(inputs), std::move(env), std::move(seed)};
  record.found = readProvenance(root.value());
  return record;
}

#define TAPECHECK_INSTANTIATE(S) template Result<CaseRecord<S>> caseFromJson<S>(const JsonAt&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
