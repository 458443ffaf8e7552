#include "engines/protocol_server.hpp"

#include <istream>
#include <ostream>

#include "cli/case_file.hpp"
#include "cli/domains.hpp"
#include "spec/registry.hpp"

namespace tapecheck::engines {
namespace {

using Json = nlohmann::json;

Json refused(const std::string& why) { return Json{{"refused", why}}; }

Result<props::Capabilities> readWant(const Json& oneCase) {
  props::Capabilities want;
  const auto it = oneCase.find("want");
  if (it == oneCase.end() || !it->is_array()) return fail("the case has no \"want\" array");
  for (const Json& item : *it) {
    const std::string what = item.is_string() ? item.get<std::string>() : item.dump();
    if (what == "values") want.values = true;
    else if (what == "gradients") want.gradients = true;
    else if (what == "edges") want.edges = true;
    else if (what == "second_backward") want.secondBackward = true;
    else return fail("unknown capability " + cli::quoteShort(what) + " in \"want\"");
  }
  return want;
}

template <class S>
Json contextJson(const spec::Context<S>& context) {
  Json out = Json::array();
  for (const spec::Tensor<S>& t : context) {
    Json values = Json::array();
    for (const S& v : t.data) values.push_back(spec::Domain<S>::format(v));
    out.push_back(std::move(values));
  }
  return out;
}

// One case in domain S: read with the case-file reader, so that the server
// accepts exactly what a case file may hold, then run on `engine`.
template <class S>
Json runOne(const props::Engine<S>& engine, Json oneCase, const props::Capabilities& want) {
  // The protocol's CASE is a case file's body: give it the header the reader checks.
  oneCase.erase("want");
  oneCase["format"] = cli::kCaseFormatName;
  oneCase["version"] = cli::kCaseFormatVersion;
  oneCase["property"] = "";
  Result<cli::CaseRecord<S>> record = cli::caseFromText<S>(oneCase.dump());
  if (!record) return refused("the case does not read: " + record.error());
  props::EngineOutcome<S> outcome = engine.run(props::EngineRequest<S>{std::move(record->graphCase), want});
  if (!outcome) return refused(outcome.error().why);
  const props::EngineReply<S>& reply = *outcome;
  if (reply.raised) return Json{{"error", *reply.raised}};
  Json result = Json::object();
  if (reply.values) result["values"] = contextJson(*reply.values);
  if (reply.gradients) result["gradients"] = contextJson(*reply.gradients);
  if (reply.gradientsAgain) result["gradients_again"] = contextJson(*reply.gradientsAgain);
  if (reply.edges) {
    Json edges = Json::array();
    for (const auto& [node, parent] : *reply.edges) edges.push_back(Json::array({node, parent}));
    result["edges"] = std::move(edges);
  }
  return result;
}

Json helloJson(const EngineHello& hello) {
  const props::Capabilities& c = hello.capabilities;
  return Json{{"type", "hello"},
              {"protocol", kProtocolName},
              {"version", kProtocolVersion},
              {"engine", hello.name},
              {"engine_version", hello.version},
              {"domains", hello.domains},
              {"ops", hello.ops},
              {"capabilities",
               {{"values", c.values}, {"gradients", c.gradients}, {"edges", c.edges}, {"second_backward", c.secondBackward}}},
              {"max_batch", hello.maxBatch}};
}

std::string errorLine(const std::string& message) { return Json{{"type", "error"}, {"message", message}}.dump(); }

}  // namespace

ServerEngines referenceServerEngines() {
  ServerEngines server;
  server.hello.name = "tapecheck-reference";
  server.hello.version = "1";
  server.hello.domains = cli::domainNames();
  for (const spec::OpDef* op : spec::allOps()) server.hello.ops.push_back(op->name);
  server.hello.capabilities = {.values = true, .gradients = true, .edges = true, .secondBackward = true};
  server.hello.maxBatch = 64;
  server.runCase = [](const Json& oneCase) -> Json {
    Result<props::Capabilities> want = readWant(oneCase);
    if (!want) return refused(want.error());
    const auto domain = oneCase.find("domain");
    if (domain == oneCase.end() || !domain->is_string()) return refused("the case has no \"domain\"");
    Json result;
    const bool known = cli::withDomain(domain->get<std::string>(), [&](auto tag) {
      using S = typename decltype(tag)::type;
      static const props::Engine<S> engine = props::wholeEngineFromRuntime(props::referenceAdapter<S>());
      result = runOne<S>(engine, oneCase, *want);
    });
    if (!known) return refused("unknown domain " + cli::quoteShort(domain->get<std::string>()));
    return result;
  };
  return server;
}

std::optional<std::string> answerRequest(const ServerEngines& engines, const std::string& line) {
  const Json request = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded() || !request.is_object()) return errorLine("the request is not a JSON object");
  const std::string type = request.value("type", "");
  if (type == "bye") return std::nullopt;
  if (type == "hello") {
    if (request.value("protocol", "") != kProtocolName) return errorLine("not protocol tapecheck-engine");
    return helloJson(engines.hello).dump();
  }
  if (type != "run") return errorLine("unknown request type " + cli::quoteShort(type));
  const auto id = request.find("id");
  const auto cases = request.find("cases");
  if (id == request.end() || cases == request.end() || !cases->is_array()) {
    return errorLine("a run request needs an \"id\" and a \"cases\" array");
  }
  if (cases->size() > engines.hello.maxBatch) {
    return errorLine("more cases than max_batch (" + std::to_string(engines.hello.maxBatch) + ")");
  }
  Json results = Json::array();
  for (const Json& oneCase : *cases) {
    results.push_back(oneCase.is_object() ? engines.runCase(oneCase) : refused("a case is not a JSON object"));
  }
  return Json{{"type", "result"}, {"id", *id}, {"results", std::move(results)}}.dump();
}

int serve(const ServerEngines& engines, std::istream& in, std::ostream& out) {
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::optional<std::string> reply = answerRequest(engines, line);
    if (!reply) break;
    // Flushed per line: the client waits for each answer before it sends the next request.
    out << *reply << '\n' << std::flush;
  }
  return 0;
}

}  // namespace tapecheck::engines
