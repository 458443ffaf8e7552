#pragma once
// The server side of docs/engine-protocol.md: answers the handshake and run
// requests with an engine of props::Engine<S> per domain. The reference
// runtime is served this way by tapecheck_reference_engine, which lets the
// whole protocol (client parsing, server writing) be checked bit for bit
// against the in-process engine.
#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engines/protocol_engine.hpp"

namespace tapecheck::engines {

/// What the server says of itself, and the engine that answers each case.
struct ServerEngines {
  EngineHello hello;
  /// Runs one CASE of a run request (docs/engine-protocol.md "Runs") and
  /// returns its RESULT: what was wanted, {"error": ...} or {"refused": ...}.
  std::function<nlohmann::json(const nlohmann::json& oneCase)> runCase;
};

/// The reference runtime (props::wholeEngineFromRuntime of referenceAdapter)
/// in every domain, with every registered op and capability, max_batch 64.
ServerEngines referenceServerEngines();

/// The reply line to one request line; nullopt for "bye" (the server ends).
/// A line out of protocol gets {"type": "error", "message": ...}, never an abort.
std::optional<std::string> answerRequest(const ServerEngines& engines, const std::string& line);

/// Answers requests from `in` on `out`, one line each, until `in` ends or a
/// bye; returns the process exit code.
int serve(const ServerEngines& engines, std::istream& in, std::ostream& out);

}  // namespace tapecheck::engines
