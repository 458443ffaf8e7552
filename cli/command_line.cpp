#include "cli/command_line.hpp"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>

#include "cli/campaign.hpp"
#include "cli/domains.hpp"
#include "cli/json_at.hpp"
#include "cli/ops_listing.hpp"
#include "cli/run.hpp"
#include "cli/show_command.hpp"

namespace tapecheck::cli {

Result<std::uint64_t> parseSeed(std::string_view text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  const bool digitsOnly = !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  const auto [stop, error] = std::from_chars(text.data(), end, seed);
  if (digitsOnly && error == std::errc{} && stop == end) return seed;
  return fail("--seed " + quoteShort(text) + " is not a seed: give a whole number from 0 to 18446744073709551615");
}

namespace {

constexpr const char* kCompareHelp =
    "How floats are compared with the spec: exact (bit for bit), order-bound (within what any evaluation order "
    "of the same operations gives, docs/floats.md) or tolerance:REL,ABS. Default: exact for the reference "
    "runtime, order-bound for any other engine";

// --compare's text as a policy; unset when not given.
Result<std::optional<props::Comparison>> comparisonFlag(const std::string& text) {
  if (text.empty()) return std::optional<props::Comparison>{};
  Result<props::Comparison> how = props::parseComparison(text);
  if (!how) return fail("--compare " + how.error());
  return std::optional<props::Comparison>{*how};
}

}  // namespace

CommandLine::CommandLine(RuntimeSet runtimes)
    : app_("tapecheck: property-based checks for reverse-mode autograd runtimes"), runtimes_(std::move(runtimes)) {
  app_.require_subcommand(1);
  app_.set_version_flag("--version", "tapecheck 0.1.0");
  addCheck();
  addReplayAndShow();
  addCommand("ops", "List the registered ops", [] {
    std::cout << opsTable();
    return 0;
  });
}

CLI::App* CommandLine::addCommand(const std::string& name, const std::string& description,
                                  std::function<int()> action) {
  CLI::App* command = app_.add_subcommand(name, description);
  commands_.emplace_back(command, std::move(action));
  return command;
}

void CommandLine::addCheck() {
  CheckFlags& flags = check_;
  CLI::App* check = addCommand("check", "Check every property in every domain on random graphs",
                               [this] { return runCheckCommand(); });
  std::vector<std::string> domainChoices = domainNames();
  domainChoices.emplace_back("all");
  check->add_option("--domain", flags.domains, "Scalar domains to check in (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember(domainChoices))
      ->default_str("all");
  check->add_option("--cases", flags.options.settings.cases, "Random cases per property and domain")
      ->check(CLI::Range(1, 10'000'000))
      ->default_str("100");
  check->add_option("--seed", flags.seed, "RapidCheck seed, 0..2^64-1 (default: a random one, printed)");
  check->add_option("--max-size", flags.options.settings.maxSize,
                    "Largest RapidCheck size, 0..100 (scales the node count)")
      ->check(CLI::Range(0, 100))
      ->default_str("100");
  check->add_option("--ops", flags.options.settings.config.ops, "Only graphs of these ops (comma-separated)")
      ->delimiter(',');
  check->add_option("--property", flags.options.property, "One property by name, or all")->default_str("all");
  check->add_option("--out", flags.options.outDir, "Where failure case files and pictures go")
      ->default_str("tapecheck-failures");
  check->add_option("--jobs,-j", flags.options.jobs,
                    "Worker processes running properties in parallel (0: one per hardware thread)")
      ->check(CLI::Range(0, 256))
      ->default_str("1");
  flags.timeoutSeconds = std::chrono::duration<double>(CheckOptions::kDefaultTimeout).count();
  check->add_option("--timeout", flags.timeoutSeconds,
                    "Seconds a run may go without finishing a case or shrink step before it is stopped and "
                    "reported as ERROR (a hang); 0: no limit")
      ->check(CLI::Range(0.0, 86'400.0))
      ->capture_default_str();
  check->add_option("--engine", flags.options.engineCommand,
                    "Test the engine this shell command starts, which speaks docs/engine-protocol.md");
  flags.engineTimeoutSeconds = std::chrono::duration<double>(engines::EngineTimeouts{}.request).count();
  check->add_option("--engine-timeout", flags.engineTimeoutSeconds,
                    "Seconds the engine may take to start and to answer one request before it counts as hung")
      ->check(CLI::Range(0.001, 86'400.0))
      ->capture_default_str();
  check->add_option("--compare", flags.compare, kCompareHelp);
  check->add_option("--time", flags.time,
                    "Run a campaign: rounds of the whole check, each on a new seed, for this long (90s, 30m, 1h30m); "
                    "each distinct failure is kept once in --out (docs/campaigns.md)");
  check->add_option("--shard", flags.shard,
                    "This machine's share of a campaign, k/n (default with --time: from GTEST_SHARD_INDEX and "
                    "GTEST_TOTAL_SHARDS, or JOB_COMPLETION_INDEX)");
  check->add_option("--known", flags.known,
                    "A directory of logged findings (case files): a failure on one of them is reported as known "
                    "and does not fail the run (repeatable)");
  check->add_flag("--timings", flags.timings, "Show a time column (default: only on a terminal)");
  check->add_flag("--no-timings", flags.noTimings, "Never show times (byte-identical output for a seed)");
}

void CommandLine::addReplayAndShow() {
  replayEngineTimeoutSeconds_ = std::chrono::duration<double>(engines::EngineTimeouts{}.request).count();
  CLI::App* replay = addCommand("replay", "Re-run the recorded property on saved case files", [this] {
    replay_.engineTimeouts =
        engines::EngineTimeouts::forRequests(std::chrono::milliseconds(std::llround(replayEngineTimeoutSeconds_ * 1000.0)));
    Result<std::optional<props::Comparison>> compare = comparisonFlag(replayCompare_);
    if (!compare) {
      std::cerr << "tapecheck replay: " << compare.error() << "\n";
      return kBadUsage;
    }
    replay_.compare = *compare;
    return runReplay(replay_, std::cout, std::cerr);
  });
  replay->add_option("files", replay_.files, "Case files (JSON)")->required();
  replay->add_option("--property", replay_.property, "A property by name, or all (default: the one the file records)");
  const char* maxWorkHelp = "Refuse a case whose estimated element operations exceed this";
  replay->add_option("--max-work", replay_.maxWork, maxWorkHelp)->capture_default_str();
  replay->add_option("--engine", replay_.engineCommand,
                     "Replay on the engine this shell command starts (docs/engine-protocol.md)");
  replay->add_option("--engine-timeout", replayEngineTimeoutSeconds_,
                     "Seconds the engine may take to answer one request")
      ->check(CLI::Range(0.001, 86'400.0))
      ->capture_default_str();
  replay->add_option("--compare", replayCompare_, kCompareHelp);

  CLI::App* show = addCommand("show", "Print a case file as a listing, or as Graphviz DOT",
                              [this] { return runShow(showFile_, showDot_, std::cout, std::cerr, showMaxWork_); });
  show->add_option("file", showFile_, "Case file (JSON)")->required();
  show->add_flag("--dot", showDot_, "Print Graphviz DOT instead of the listing");
  show->add_option("--max-work", showMaxWork_, maxWorkHelp)->capture_default_str();
}

int CommandLine::runCheckCommand() {
  CheckOptions& options = check_.options;
  options.domains = check_.domains;
  // A nightly job draws new seeds; CI pins one in the environment.
  const char* seedFromEnvironment = std::getenv("TAPECHECK_SEED");
  if (check_.seed.empty() && seedFromEnvironment != nullptr) check_.seed = seedFromEnvironment;
  if (check_.seed.empty()) {
    options.settings.seed = std::random_device{}();
  } else if (Result<std::uint64_t> seed = parseSeed(check_.seed)) {
    options.settings.seed = *seed;
  } else {
    std::cerr << "tapecheck check: " << seed.error() << "\n";
    return kBadUsage;
  }
  if (Result<std::optional<props::Comparison>> compare = comparisonFlag(check_.compare)) {
    options.compare = *compare;
  } else {
    std::cerr << "tapecheck check: " << compare.error() << "\n";
    return kBadUsage;
  }
  if (Status campaign = campaignFlags(); !campaign) {
    std::cerr << "tapecheck check: " << campaign.error() << "\n";
    return kBadUsage;
  }
  options.timeout = std::chrono::milliseconds(std::llround(check_.timeoutSeconds * 1000.0));
  options.engineTimeouts =
      engines::EngineTimeouts::forRequests(std::chrono::milliseconds(std::llround(check_.engineTimeoutSeconds * 1000.0)));
  options.program = program_;
  options.runtimes = runtimes_;
  options.timings = !check_.noTimings && (check_.timings || isatty(STDOUT_FILENO));
  options.progress = isatty(STDERR_FILENO) != 0;
  if (const char* rcParams = std::getenv("RC_PARAMS")) options.rcParams = rcParams;
  if (Status ok = validateCheckOptions(options); !ok) {
    std::cerr << "tapecheck check: " << ok.error() << "\n";
    return kBadUsage;
  }
  return runCheck(options, std::cout, std::cerr);
}

Status CommandLine::campaignFlags() {
  CheckOptions& options = check_.options;
  if (!check_.time.empty()) {
    Result<std::chrono::seconds> time = parseDuration(check_.time);
    if (!time) return fail(time.error());
    options.time = *time;
  }
  if (!check_.shard.empty()) {
    Result<Shard> shard = parseShard(check_.shard);
    if (!shard) return fail(shard.error());
    options.shard = *shard;
  } else if (options.time) {
    Result<std::optional<Shard>> shard = shardFromEnvironment([](const char* name) { return std::getenv(name); });
    if (!shard) return fail(shard.error());
    options.shard = *shard;
  }
  options.knownDirs.assign(check_.known.begin(), check_.known.end());
  return {};
}

int CommandLine::run(int argc, char** argv) {
  // Last line of defence: bad input is handled as values everywhere, but an
  // exception (say, out of memory) must still end in a message, not an abort.
  try {
    return parseAndRun(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "tapecheck: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "tapecheck: internal error\n";
  }
  return kBadUsage;
}

int CommandLine::parseAndRun(int argc, char** argv) {
  program_ = argc > 0 ? argv[0] : "tapecheck";
  replay_.runtimes = runtimes_;
  // CLI11 would say only "A subcommand is required" for `tapecheck frob`.
  if (argc > 1 && argv[1][0] != '-') {
    std::string names;
    bool known = false;
    for (const auto& [command, action] : commands_) {
      known = known || command->get_name() == argv[1];
      names += (names.empty() ? "" : ", ") + command->get_name();
    }
    if (!known) {
      std::cerr << "tapecheck: unknown command " << quoteShort(argv[1]) << " (commands: " << names
                << "; --help explains them)\n";
      return kBadUsage;
    }
  }
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app_.exit(e);  // prints help, or the error and a hint
    return code == 0 ? 0 : kBadUsage;
  }
  for (const auto& [command, action] : commands_) {
    if (command->parsed()) return action();
  }
  return kBadUsage;
}

int run(int argc, char** argv, const RuntimeSet& runtimes) { return CommandLine(runtimes).run(argc, argv); }

}  // namespace tapecheck::cli
