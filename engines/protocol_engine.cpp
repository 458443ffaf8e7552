#include "engines/protocol_engine.hpp"

#include <charconv>
#include <cstring>
#include <deque>
#include <nlohmann/json.hpp>
#include <type_traits>
#include <unordered_map>

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

// One CASE of a run request: the case-file body plus what is wanted.
template <class S>
Json caseJson(const props::EngineRequest<S>& request) {
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
  return oneCase;
}

// A run request's reply line, checked against the request (type, id, one
// result per case): the results, or why the engine is out of protocol.
Result<Json> readResults(const std::string& line, std::uint64_t id, std::size_t cases) {
  Result<Json> reply = parseLine(line);
  if (!reply) return reply;
  if (reply->value("type", "") != "result") return fail("the engine answered " + excerpt(line) + ", not a result");
  if (!reply->contains("id") || (*reply)["id"] != id) return fail("the result's id is not the request's (" + std::to_string(id) + ")");
  const auto results = reply->find("results");
  if (results == reply->end() || !results->is_array() || results->size() != cases) {
    return fail("the result must hold one entry per case sent (" + std::to_string(cases) + ")");
  }
  return std::move(*results);
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

// Bit for bit (unlike a property's comparison, which takes -0 == +0):
// the same request, hence the same JSON text on the wire.
template <class S>
bool sameBits(const spec::Context<S>& a, const spec::Context<S>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t p = 0; p < a.size(); ++p) {
    if (a[p].shape != b[p].shape || a[p].data.size() != b[p].data.size()) return false;
    if (std::memcmp(a[p].data.data(), b[p].data.data(), a[p].data.size() * sizeof(S)) != 0) return false;
  }
  return true;
}

template <class S>
bool sameRequest(const props::EngineRequest<S>& a, const props::EngineRequest<S>& b) {
  const spec::Graph& ga = a.c.graph();
  const spec::Graph& gb = b.c.graph();
  const auto sameNode = [](const spec::GraphNode& x, const spec::GraphNode& y) {
    return x.op == y.op && x.args == y.args && x.attrs == y.attrs;
  };
  const props::Capabilities& wa = a.want;
  const props::Capabilities& wb = b.want;
  return wa.values == wb.values && wa.gradients == wb.gradients && wa.edges == wb.edges &&
         wa.secondBackward == wb.secondBackward && ga.inputs == gb.inputs &&
         std::equal(ga.nodes.begin(), ga.nodes.end(), gb.nodes.begin(), gb.nodes.end(), sameNode) &&
         a.c.env == b.c.env && sameBits(a.c.inputs, b.c.inputs) && sameBits(a.c.seed, b.c.seed);
}

// Batching state of one engine: the requests the run is foreseen to make, in
// order, and those of the last batch sent with the engine's replies.
template <class S>
struct Batches {
  std::deque<props::EngineRequest<S>> foreseen;
  std::deque<std::pair<props::EngineRequest<S>, Json>> answered;
};

// Sends the next foreseen requests (up to max_batch) in one run request and
// keeps their replies. A batch that breaks keeps nothing: each of its cases
// is then sent alone, and the breakdown is reported for the case causing it.
template <class S>
void sendNextBatch(EngineConnection& connection, std::uint64_t id, std::size_t maxBatch, Batches<S>& batches) {
  const std::size_t count = std::min(maxBatch, batches.foreseen.size());
  Json cases = Json::array();
  for (std::size_t i = 0; i < count; ++i) cases.push_back(caseJson(batches.foreseen[i]));
  Result<std::string> reply = connection.call(Json{{"type", "run"}, {"id", id}, {"cases", std::move(cases)}}.dump());
  Result<Json> results = reply ? readResults(*reply, id, count) : fail(reply.error());
  for (std::size_t i = 0; i < count; ++i) {
    if (results) batches.answered.emplace_back(std::move(batches.foreseen.front()), std::move((*results)[i]));
    batches.foreseen.pop_front();
  }
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
    for (const auto& [key, value] : it->items()) {
      const bool known = key == "values" || key == "gradients" || key == "edges" || key == "second_backward";
      // Declared means not false: `"per_node_vjp": false` says the engine lacks it.
      if (!known && value != Json(false)) hello.unknownCapabilities.push_back(key);
    }
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
  auto batches = std::make_shared<Batches<S>>();
  const std::size_t maxBatch = hello.maxBatch;
  engine.run = [connection, nextId, batches, maxBatch](const props::EngineRequest<S>& request) -> props::EngineOutcome<S> {
    const auto broken = [&](const std::string& why) { return std::unexpected(props::EngineBroken{why}); };
    // The run has reached the foreseen requests: ask for the next batch of them.
    if (batches->answered.empty() && !batches->foreseen.empty() && sameRequest(batches->foreseen.front(), request)) {
      sendNextBatch(*connection, ++*nextId, maxBatch, *batches);
    }
    if (!batches->answered.empty() && sameRequest(batches->answered.front().first, request)) {
      // The reply the engine gave to this very request in a batch.
      const Json result = std::move(batches->answered.front().second);
      batches->answered.pop_front();
      Result<props::EngineReply<S>> parsed = readResult<S>(result, request);
      if (!parsed) return broken(parsed.error());
      return std::move(*parsed);
    }
    // Anything else (a shrink candidate, a request not foreseen) goes alone.
    Json oneCase = caseJson(request);
    const std::uint64_t id = ++*nextId;
    Result<std::string> line = connection->call(Json{{"type", "run"}, {"id", id}, {"cases", Json::array({std::move(oneCase)})}}.dump());
    if (!line) return broken(line.error());
    Result<Json> results = readResults(*line, id, 1);
    if (!results) return broken(results.error());
    Result<props::EngineReply<S>> parsed = readResult<S>((*results)[0], request);
    if (!parsed) return broken(parsed.error());
    return std::move(*parsed);
  };
  if (maxBatch > 1) {
    engine.prefetch = [batches](std::span<const props::EngineRequest<S>> requests) {
      batches->foreseen.insert(batches->foreseen.end(), requests.begin(), requests.end());
    };
  }
  return engine;
}

#define TAPECHECK_INSTANTIATE(S) \
  template props::Engine<S> protocolEngine<S>(std::shared_ptr<EngineConnection>, const EngineHello&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::engines
