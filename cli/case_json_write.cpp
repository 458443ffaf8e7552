#include "cli/case_file.hpp"

#include "spec/scalar/domains.hpp"

namespace tapecheck::cli {
namespace {

using Json = nlohmann::ordered_json;

template <class S>
Json valuesJson(const spec::Tensor<S>& t) {
  Json values = Json::array();
  for (const S& v : t.data) values.push_back(spec::Domain<S>::format(v));
  return values;
}

template <class S>
Json contextJson(const spec::Context<S>& context) {
  Json out = Json::array();
  for (const auto& t : context) out.push_back(valuesJson(t));
  return out;
}

Json graphJson(const spec::Graph& graph) {
  Json inputs = Json::array();
  for (const spec::Shape& s : graph.inputs) inputs.push_back(Json(std::vector<std::size_t>(s.dims.begin(), s.dims.end())));
  Json nodes = Json::array();
  for (const spec::GraphNode& node : graph.nodes) {
    Json n = Json::object();
    n["op"] = node.op->name;
    n["args"] = std::vector<std::size_t>(node.args.begin(), node.args.end());
    n["attrs"] = std::vector<std::int64_t>(node.attrs.ints.begin(), node.attrs.ints.end());
    nodes.push_back(std::move(n));
  }
  Json g = Json::object();
  g["inputs"] = std::move(inputs);
  g["nodes"] = std::move(nodes);
  return g;
}

Json provenanceJson(const Provenance& p) {
  Json found = Json::object();
  found["runtime"] = p.runtime;
  found["message"] = p.message;
  if (p.position) found["position"] = *p.position;
  if (p.position && p.element) found["element"] = *p.element;
  if (p.onEngine) found["engine"] = true;
  if (!p.command.empty()) found["command"] = p.command;
  Json rc = Json::object();
  rc["seed"] = p.rapidcheckSeed;
  rc["size"] = p.size;
  rc["passed_before"] = p.passedBefore;
  rc["shrinks"] = p.shrinks;
  if (!p.reproduce.empty()) rc["reproduce"] = p.reproduce;
  found["rapidcheck"] = std::move(rc);
  return found;
}

}  // namespace

template <class S>
Json caseToJson(const CaseRecord<S>& record) {
  const gen::GraphCase<S>& c = record.graphCase;
  Json root = Json::object();
  root["format"] = kCaseFormatName;
  root["version"] = kCaseFormatVersion;
  root["property"] = record.property;
  root["domain"] = spec::Domain<S>::name;
  root["graph"] = graphJson(c.graph());
  root["inputs"] = contextJson(c.inputs);
  root["env"] = c.env.indices;
  root["seed_context"] = contextJson(c.seed);
  if (record.found) root["found"] = provenanceJson(*record.found);
  return root;
}

#define TAPECHECK_INSTANTIATE(S) template Json caseToJson<S>(const CaseRecord<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
