#pragma once
// The parsed command line of `tapecheck`: the standard subcommands bound to
// their options, and room for more (the `tapecheck` binary adds `mutants`).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/check_command.hpp"
#include "cli/replay_command.hpp"

namespace tapecheck::cli {

constexpr int kBadUsage = 2;

/// A seed as the user typed it: a decimal integer in 0 .. 2^64-1, nothing
/// else (no sign, no wrap-around, no trailing text).
Result<std::uint64_t> parseSeed(std::string_view text);

class CommandLine {
 public:
  explicit CommandLine(RuntimeSet runtimes = {});
  CommandLine(const CommandLine&) = delete;  // CLI11 holds pointers into the members
  CommandLine& operator=(const CommandLine&) = delete;

  /// Adds a subcommand; `action` runs when it is chosen and returns the exit code.
  CLI::App* addCommand(const std::string& name, const std::string& description, std::function<int()> action);
  /// Parses argv, runs the chosen subcommand, returns the exit code.
  int run(int argc, char** argv);

 private:
  struct CheckFlags {
    CheckOptions options;
    std::vector<std::string> domains = {"all"};
    std::string seed;
    double timeoutSeconds = 0;
    double engineTimeoutSeconds = 0;
    bool timings = false;
    bool noTimings = false;
    std::string compare;
    std::string time;
    std::string shard;
    std::vector<std::string> known;
  };
  void addCheck();
  void addReplayAndShow();
  int runCheckCommand();
  /// --time, --shard (or the shard the environment assigns) and --known into options.
  Status campaignFlags();
  int parseAndRun(int argc, char** argv);

  CLI::App app_;
  RuntimeSet runtimes_;
  std::string program_ = "tapecheck";
  CheckFlags check_;
  ReplayOptions replay_;
  double replayEngineTimeoutSeconds_ = 0;
  std::string replayCompare_;
  std::string showFile_;
  bool showDot_ = false;
  std::uint64_t showMaxWork_ = kDefaultMaxWork;
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands_;
};

}  // namespace tapecheck::cli
