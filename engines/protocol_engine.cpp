#include "engines/protocol_engine.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "cli/case_file.hpp"
#include "cli/json_at.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::engines {
namespace {

using Json = nlohmann::json;

// Text of a reply, shortened for an error message.
std::string excerpt(const std::string& line) { return cli::quoteShort(line, 60); }

Result<Json> parseLine(const std::string& line) {
  Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return fail("the engine answered " + excerpt(line) + ", which is not a JSON object");
  return json;
}

std::vector<std::string> stringsAt(const Json& object, const char* key) {
  std::vector<std::string> out;
  if (auto it = object.find(key); it != object.end() && it->is_array()) {
    for (const auto& item : *it) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

template <class S>
Result<S> parseValue(const Json& value) {
  if (!value.is_string()) return fail("a value is " + value.dump() + ", not a string (values are text, see docs/engine-protocol.md)");
  const std::string text = value.get<std::string>();
  if constexpr (std::is_floating_point_v<S>) {
    // Hexadecimal literals too (Python's float.hex): from_chars wants them without "0x".
    const bool negative = text.starts_with("-");
    const std::string_view body = std::string_view(text).substr(negative ? 1 : 0);
    if (body.starts_with("0x") || body.starts_with("0X")) {
      S magnitude{};
      const std::string_view digits = body.substr(2);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, std::chars_format::hex);
      if (ec != std::errc{} || end != digits.data() + digits.size()) return fail(cli::quoteShort(text) + " is not a number");
      return negative ? -magnitude : magnitude;
    }
  }
  return spec::Domain<S>::parse(text);
}

// One tensor per position, each with the position's shape.
template <class S>
Result<spec::Context<S>> parseContext(const Json& reply, const char* field, const gen::GraphCase<S>& c) {
  const auto it = reply.find(field);
  if (it == reply.end()) return fail(std::string("the result has no \"") + field + "\"");
  const std::vector<spec::Shape>& shapes = c.data.shapes;
  if (!it->is_array() || it->size() != shapes.size()) {
    return fail(std::string("\"") + field + "\" must hold one array per position (" + std::to_string(shapes.size()) +
                "), not " + excerpt(it->dump()));
  }
  spec::Context<S> context;
  context.reserve(shapes.size());
  for (std::size_t p = 0; p < shapes.size(); ++p) {
    const Json& values = (*it)[p];
    spec::Tensor<S> t = spec::Tensor<S>::zeros(shapes[p]);
    if (!values.is_array() || values.size() != t.size()) {
      return fail(std::string("\"") + field + "\" at position " + std::to_string(p) + " must hold " +
                  std::to_string(t.size()) + " values (shape " + shapes[p].str() + "), not " + excerpt(values.dump()));
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
      Result<S> v = parseValue<S>(values[i]);
      if (!v) return fail(std::string("\"") + field + "\" at position " + std::to_string(p) + ", element " + std::to_string(i) + ": " + v.error());
      t.data[i] = *v;
    }
    context.push_back(std::move(t));
  }
  return context;
}

Result<std::vector<props::BackwardEdge>> parseEdges(const Json& reply) {
  const auto it = reply.find("edges");
  if (it == reply.end() || !it->is_array()) return fail("the result has no \"edges\" array");
  std::vector<props::BackwardEdge> edges;
  for (const Json& edge : *it) {
    if (!edge.is_array() || edge.size() != 2 || !edge[0].is_number_unsigned() || !edge[1].is_number_unsigned()) {
      return fail("an edge is " + excerpt(edge.dump()) + ", not [node, parent] with two position numbers");
    }
    edges.emplace_back(edge[0].get<std::size_t>(), edge[1].get<std::size_t>());
  }
  return edges;
}

template <class S>
Json caseRequest(const props::EngineRequest<S>& request, std::uint64_t id) {
  cli::CaseRecord<S> record;
  record.graphCase = request.c;
  Json oneCase = cli::caseToJson(record);
  for (const char* key : {"format", "version", "property", "found"}) oneCase.erase(key);
  Json want = Json::array();
  if (request.want.values) want.push_back("values");
  if (request.want.gradients) want.push_back("gradients");
  if (request.want.edges) want.push_back("edges");
  if (request.want.secondBackward) want.push_back("second_backward");
  oneCase["want"] = std::move(want);
  return Json{{"type", "run"}, {"id", id}, {"cases", Json::array({std::move(oneCase)})}};
}

template <class S>
Result<props::EngineReply<S>> readResult(const Json& result, const props::EngineRequest<S>& request) {
  if (!result.is_object()) return fail("a result is " + excerpt(result.dump()) + ", not an object");
  props::EngineReply<S> reply;
  if (auto it = result.find("refused"); it != result.end()) {
    return fail("the engine refused the case: " + (it->is_string() ? it->get<std::string>() : it->dump()));
  }
  if (auto it = result.find("error"); it != result.end()) {
    reply.raised = it->is_string() ? it->get<std::string>() : it->dump();
    return reply;
  }
  const gen::GraphCase<S>& c = request.c;
  if (request.want.values) {
    auto values = parseContext<S>(result, "values", c);
    if (!values) return fail(values.error());
    reply.values = std::move(*values);
  }
  if (request.want.gradients) {
    auto gradients = parseContext<S>(result, "gradients", c);
    if (!gradients) return fail(gradients.error());
    reply.gradients = std::move(*gradients);
  }
  if (request.want.secondBackward) {
    auto again = parseContext<S>(result, "gradients_again", c);
    if (!again) return fail(again.error());
    reply.gradientsAgain = std::move(*again);
  }
  if (request.want.edges) {
    auto edges = parseEdges(result);
    if (!edges) return fail(edges.error());
    reply.edges = std::move(*edges);
  }
  return reply;
}

}  // namespace

Result<EngineHello> parseHello(const std::string& line) {
  Result<Json> json = parseLine(line);
  if (!json) return fail("before or instead of the handshake, " + json.error());
  const Json& h = *json;
  if (h.value("type", "") != "hello") return fail("the engine's first line is " + excerpt(line) + ", not a hello");
  if (h.value("protocol", "") != kProtocolName) return fail("the engine speaks protocol " + excerpt(h.value("protocol", "")) + ", not tapecheck-engine");
  if (!h.contains("version") || !h["version"].is_number_integer() || h["version"].get<int>() != kProtocolVersion) {
    return fail("the engine speaks protocol version " + (h.contains("version") ? h["version"].dump() : std::string("(none)")) +
                "; this tapecheck speaks version " + std::to_string(kProtocolVersion));
  }
  EngineHello hello;
  hello.name = h.value("engine", "");
  if (hello.name.empty()) return fail("the handshake has no \"engine\" name");
  if (h.contains("engine_version") && h["engine_version"].is_string()) hello.version = h["engine_version"].get<std::string>();
  hello.domains = stringsAt(h, "domains");
  hello.ops = stringsAt(h, "ops");
  if (hello.domains.empty()) return fail("the handshake names no \"domains\"");
  if (hello.ops.empty()) return fail("the handshake names no \"ops\"");
  if (auto it = h.find("capabilities"); it != h.end() && it->is_object()) {
    const auto on = [&](const char* key) { return it->contains(key) && (*it)[key].is_boolean() && (*it)[key].get<bool>(); };
    hello.capabilities = {on("values"), on("gradients"), on("edges"), on("second_backward")};
  }
  if (auto it = h.find("max_batch"); it != h.end() && it->is_number_unsigned() && it->get<std::size_t>() > 0) {
    hello.maxBatch = it->get<std::size_t>();
  }
  return hello;
}

EngineConnection::EngineConnection(std::string command, EngineTimeouts timeouts)
    : command_(std::move(command)), timeouts_(timeouts) {}

Result<EngineHello> EngineConnection::hello() {
  if (process_ && hello_) return *hello_;
  auto process = EngineProcess::start(command_);
  if (!process) return fail("cannot start the engine: " + process.error());
  process_ = std::move(*process);
  const Json greeting = {{"type", "hello"}, {"protocol", kProtocolName}, {"version", kProtocolVersion}};
  Status sent = process_->send(greeting.dump());
  Result<std::string> line = sent ? process_->receive(timeouts_.hello) : fail(sent.error());
  Result<EngineHello> hello = line ? parseHello(*line) : fail("no handshake: " + line.error());
  if (!hello) {
    process_.reset();
    return hello;
  }
  hello_ = *hello;
  return hello;
}

Result<std::string> EngineConnection::call(const std::string& request) {
  if (!process_) {
    if (Result<EngineHello> h = hello(); !h) return fail("restarting the engine: " + h.error());
  }
  Status sent = process_->send(request);
  Result<std::string> line = sent ? process_->receive(timeouts_.request) : fail(sent.error());
  if (!line) process_.reset();  // crashed or hung: the next request gets a fresh process
  return line;
}

template <class S>
props::Engine<S> protocolEngine(std::shared_ptr<EngineConnection> connection, const EngineHello& hello) {
  props::Engine<S> engine;
  engine.name = hello.name + (hello.version.empty() ? "" : " " + hello.version);
  engine.capabilities = hello.capabilities;
  auto nextId = std::make_shared<std::uint64_t>(0);
  engine.run = [connection, nextId](const props::EngineRequest<S>& request) -> props::EngineOutcome<S> {
    const std::uint64_t id = ++*nextId;
    Result<std::string> line = connection->call(caseRequest(request, id).dump());
    if (!line) return std::unexpected(props::EngineBroken{line.error()});
    const auto broken = [&](const std::string& why) {
      return std::unexpected(props::EngineBroken{why});
    };
    Result<Json> reply = parseLine(*line);
    if (!reply) return broken(reply.error());
    if (reply->value("type", "") != "result") return broken("the engine answered " + excerpt(*line) + ", not a result");
    if (!reply->contains("id") || (*reply)["id"] != id) return broken("the result's id is not the request's (" + std::to_string(id) + ")");
    const auto results = reply->find("results");
    if (results == reply->end() || !results->is_array() || results->size() != 1) {
      return broken("the result must hold one entry per case sent (1)");
    }
    Result<props::EngineReply<S>> parsed = readResult<S>((*results)[0], request);
    if (!parsed) return broken(parsed.error());
    return std::move(*parsed);
  };
  return engine;
}

#define TAPECHECK_INSTANTIATE(S) \
  template props::Engine<S> protocolEngine<S>(std::shared_ptr<EngineConnection>, const EngineHello&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::engines
