#pragma once
// The client side of docs/engine-protocol.md: the handshake, run requests
// with cases in the case-file schema, replies read back exactly (values as
// text), and an engine that is restarted after it crashes, hangs or answers
// out of protocol, each of which ends that case as ERROR.
#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "engines/engine_process.hpp"
#include "properties/whole_engine.hpp"

namespace tapecheck::engines {

inline constexpr int kProtocolVersion = 1;
inline constexpr std::string_view kProtocolName = "tapecheck-engine";

/// What an engine says of itself in the handshake.
struct EngineHello {
  std::string name;
  std::string version;
  std::vector<std::string> domains;
  std::vector<std::string> ops;
  props::Capabilities capabilities;
  /// Capabilities the engine declared that this tapecheck does not know (a
  /// newer protocol's, or the engine's own): off, never an error; listed.
  std::vector<std::string> unknownCapabilities;
  std::size_t maxBatch = 1;
};

/// How long the engine may take to answer: the handshake (which includes its
/// start-up) and each request.
struct EngineTimeouts {
  std::chrono::milliseconds hello{10'000};
  std::chrono::milliseconds request{10'000};
  /// `--engine-timeout`: the limit of each request, and of the start unless
  /// that is shorter than the default (an engine that imports PyTorch needs
  /// seconds to start however fast it answers).
  static EngineTimeouts forRequests(std::chrono::milliseconds limit) {
    return {std::max(limit, EngineTimeouts{}.hello), limit};
  }
};

/// One engine command and its current process; starts it on first use and
/// again after a breakdown. Not thread-safe (a worker process owns one).
class EngineConnection {
 public:
  EngineConnection(std::string command, EngineTimeouts timeouts);

  const std::string& command() const { return command_; }
  /// Starts the engine if it is not running and returns its handshake.
  Result<EngineHello> hello();
  /// Sends one request and returns the reply line. Any failure stops the
  /// process, so that the next call starts a fresh one.
  Result<std::string> call(const std::string& request);

 private:
  std::string command_;
  EngineTimeouts timeouts_;
  std::unique_ptr<EngineProcess> process_;
  std::optional<EngineHello> hello_;
};

/// Reads a handshake reply; errors name the field.
Result<EngineHello> parseHello(const std::string& line);

/// The engine behind `connection` in domain S, as the properties see it.
template <class S>
props::Engine<S> protocolEngine(std::shared_ptr<EngineConnection> connection, const EngineHello& hello);

}  // namespace tapecheck::engines
