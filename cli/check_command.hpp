#pragma once
// `tapecheck check`: every catalog property in every selected domain through
// RapidCheck, a failure report (listing, case file, DOT, replay commands) per
// failing property, and a summary table.
#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/known_findings.hpp"
#include "cli/property_run.hpp"
#include "cli/runtime_set.hpp"
#include "engines/protocol_engine.hpp"

namespace tapecheck::cli {

/// One of `total` machines or jobs sharing a campaign; total 0 when the
/// environment gives only the index (a Kubernetes Indexed Job).
struct Shard {
  int index = 0;
  int total = 1;
};

struct CheckOptions {
  std::vector<std::string> domains;  // names; empty means every domain
  std::string property = "all";
  RunSettings settings;
  std::filesystem::path outDir = "tapecheck-failures";
  bool timings = false;   // a time column; off keeps the output byte-identical across runs
  bool progress = false;  // live progress on the error stream (a terminal)
  std::string program = "tapecheck";  // how printed commands call us
  std::string rcParams;  // RC_PARAMS; only its reproduce entries are used
  /// Worker processes running properties side by side; 0 means one per
  /// hardware thread. The output does not depend on it (timings aside).
  /// Every run is in a worker, even with one job, so that a crash or a hang
  /// of the runtime under test costs only that run.
  int jobs = 1;
  /// A run in which no case finishes (and no shrink step is tried) for this
  /// long is stopped and reported as ERROR; zero means no limit.
  std::chrono::milliseconds timeout = kDefaultTimeout;
  static constexpr std::chrono::milliseconds kDefaultTimeout{30'000};
  RuntimeSet runtimes;
  /// `--engine COMMAND`: an engine speaking docs/engine-protocol.md is tested
  /// instead of `runtimes`. Empty: the in-process runtimes.
  std::string engineCommand;
  engines::EngineTimeouts engineTimeouts;
  /// The engine's handshake, read by validateCheckOptions.
  std::optional<engines::EngineHello> engine;
  bool opsFromEngine = false;  // --ops was not given: the engine's own list
  /// `--compare`: how every run compares floats with the spec, overriding
  /// each runtime's and engine's own policy (exact for the reference runtime,
  /// order-bound for any other). Unset: their own.
  std::optional<props::Comparison> compare;
  /// `--time`: a campaign of rounds, each on a new seed, until this is up
  /// (docs/campaigns.md). `--shard`: which seeds this machine draws. Either
  /// one makes the check a campaign.
  std::optional<std::chrono::seconds> time;
  std::optional<Shard> shard;
  /// `--known DIR`: directories of logged findings, and what they hold (read
  /// by validateCheckOptions). A failure on one of them does not fail the run.
  std::vector<std::filesystem::path> knownDirs;
  KnownFindings known;
};

class CheckReport;
struct ReportedRun;

/// Checks what the option parser cannot: known domains, ops, property, and
/// RC_PARAMS; with an engine, its handshake (and narrows domains and ops to
/// what it declares). An error means exit code 2.
Status validateCheckOptions(CheckOptions& options);

/// Runs every property run `options` plans in worker processes, handing each
/// to `onRun` in plan order as soon as it and those before it are done.
void runEachPlannedRun(const CheckOptions& options, const CheckReport& report, std::ostream& progress,
                       const std::function<void(const ReportedRun&)>& onRun);

/// Runs the check (a campaign when --time or --shard is given) and returns
/// the exit code: 0 every property holds, 1 one failed or errored.
int runCheck(const CheckOptions& options, std::ostream& out, std::ostream& progress);

}  // namespace tapecheck::cli
