#pragma once
// An engine's child process: started with /bin/sh -c COMMAND in a process
// group of its own, spoken to in lines on its stdin and stdout, every read
// bounded by a time limit. Its stderr is left to ours (its logs). Knows
// nothing of JSON: docs/engine-protocol.md is engines/protocol_engine.*.
#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>

#include "spec/result.hpp"

namespace tapecheck::engines {

class EngineProcess {
 public:
  /// Starts `command`; an error when the shell cannot be started at all.
  static Result<std::unique_ptr<EngineProcess>> start(const std::string& command);
  /// Closes its stdin, gives it a moment to exit, then kills its group.
  ~EngineProcess();
  EngineProcess(const EngineProcess&) = delete;
  EngineProcess& operator=(const EngineProcess&) = delete;

  /// Writes `line` and a newline.
  Status send(const std::string& line);
  /// The next line (without its newline), or an error saying why none came:
  /// the time limit passed, or the process closed its output (and how it ended).
  Result<std::string> receive(std::chrono::milliseconds limit);

 private:
  EngineProcess(pid_t pid, int toEngine, int fromEngine) : pid_(pid), toEngine_(toEngine), fromEngine_(fromEngine) {}
  std::string howItEnded();

  pid_t pid_;
  int toEngine_;
  int fromEngine_;
  std::string buffer_;
  bool reaped_ = false;
};

}  // namespace tapecheck::engines
