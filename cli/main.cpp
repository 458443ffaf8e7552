// The `tapecheck` command: parses arguments with CLI11 and hands over to the
// subcommands of tapecheck_cli_lib. Exit codes: 0 all hold, 1 a property
// failed, 2 bad usage or input.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <random>

#include "cli/check_command.hpp"
#include "cli/domains.hpp"
#include "cli/mutants_command.hpp"
#include "cli/ops_listing.hpp"
#include "cli/replay_command.hpp"
#include "cli/show_command.hpp"

namespace {

using namespace tapecheck::cli;

constexpr int kBadUsage = 2;

struct CheckFlags {
  CheckOptions options;
  std::vector<std::string> domains = {"all"};
  std::optional<std::uint64_t> seed;
  bool timings = false;
  bool noTimings = false;
};

void addCheckCommand(CLI::App& app, CheckFlags& flags) {
  CLI::App* check = app.add_subcommand("check", "Check every property in every domain on random graphs");
  std::vector<std::string> domainChoices = domainNames();
  domainChoices.emplace_back("all");
  check->add_option("--domain", flags.domains, "Scalar domains to check in (comma-separated)")
      ->delimiter(',')
      ->check(CLI::IsMember(domainChoices))
      ->default_str("all");
  check->add_option("--cases", flags.options.settings.cases, "Random cases per property and domain")
      ->check(CLI::Range(1, 10'000'000))
      ->default_str("100");
  check->add_option("--seed", flags.seed, "RapidCheck seed (default: a random one, printed)");
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
  check->add_flag("--timings", flags.timings, "Show a time column (default: only on a terminal)");
  check->add_flag("--no-timings", flags.noTimings, "Never show times (byte-identical output for a seed)");
}

int runCheckCommand(CheckFlags& flags, const std::string& program) {
  CheckOptions& options = flags.options;
  options.domains = flags.domains;
  options.settings.seed = flags.seed ? *flags.seed : std::random_device{}();
  options.program = program;
  options.timings = !flags.noTimings && (flags.timings || isatty(STDOUT_FILENO));
  options.progress = isatty(STDERR_FILENO) != 0;
  if (const char* rcParams = std::getenv("RC_PARAMS")) options.rcParams = rcParams;
  if (tapecheck::Status ok = validateCheckOptions(options); !ok) {
    std::cerr << "tapecheck check: " << ok.error() << "\n";
    return kBadUsage;
  }
  return runCheck(options, std::cout, std::cerr);
}

struct MutantsFlags {
  MutantsOptions options;
  bool cells = false;
  bool markdown = false;
  bool timings = false;
};

void addMutantsCommand(CLI::App& app, MutantsFlags& flags) {
  CLI::App* mutants = app.add_subcommand(
      "mutants", "The kill matrix: every broken runtime of the mutant zoo against every property");
  MutantsOptions& o = flags.options;
  mutants->add_option("--seed", o.seed, "RapidCheck seed for every pair")->default_str("1 (the kill test's)");
  mutants->add_option("--cases", o.cases, "Random cases per mutant and property")
      ->check(CLI::Range(1, 1'000'000))
      ->default_str("100");
  mutants->add_option("--mutant", o.mutants, "Only these mutants (comma-separated names, see --list)")
      ->delimiter(',');
  mutants->add_option("--domain", o.domains, "Only these domains (comma-separated)")->delimiter(',');
  mutants->add_option("--property", o.properties, "Only these properties (comma-separated)")->delimiter(',');
  mutants->add_option("--jobs,-j", o.jobs, "Worker processes (0: one per hardware thread)")
      ->check(CLI::Range(0, 256))
      ->default_str("1");
  mutants->add_flag("--cells", flags.cells, "One line per mutant x property pair instead of per mutant");
  mutants->add_flag("--markdown", flags.markdown, "A Markdown table (as in docs/mutants.md)");
  mutants->add_flag("--timings", flags.timings, "Show a time column");
  mutants->add_flag("--list", o.list, "List the zoo: each mutant, its bug family and class, where it must die");
}

int runMutantsCommand(MutantsFlags& flags) {
  MutantsOptions& options = flags.options;
  if (flags.cells && flags.markdown) {
    std::cerr << "tapecheck mutants: --cells and --markdown exclude each other\n";
    return kBadUsage;
  }
  options.format = flags.markdown ? MatrixFormat::Markdown : flags.cells ? MatrixFormat::Cells : MatrixFormat::Summary;
  options.timings = flags.timings;
  if (tapecheck::Status ok = validateMutantsOptions(options); !ok) {
    std::cerr << "tapecheck mutants: " << ok.error() << "\n";
    return kBadUsage;
  }
  return runMutants(options, std::cout);
}

int run(int argc, char** argv) {
  CLI::App app{"tapecheck: property-based checks for reverse-mode autograd runtimes"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "tapecheck 0.1.0");

  CheckFlags check;
  addCheckCommand(app, check);

  ReplayOptions replay;
  CLI::App* replayCommand = app.add_subcommand("replay", "Re-run the recorded property on saved case files");
  replayCommand->add_option("files", replay.files, "Case files (JSON)")->required();
  replayCommand->add_option("--property", replay.property,
                            "A property by name, or all (default: the one the file records)");

  std::string showFile;
  bool showDot = false;
  CLI::App* showCommand = app.add_subcommand("show", "Print a case file as a listing, or as Graphviz DOT");
  showCommand->add_option("file", showFile, "Case file (JSON)")->required();
  showCommand->add_flag("--dot", showDot, "Print Graphviz DOT instead of the listing");
  std::uint64_t showMaxWork = kDefaultMaxWork;
  const char* maxWorkHelp = "Refuse a case whose estimated element operations exceed this";
  replayCommand->add_option("--max-work", replay.maxWork, maxWorkHelp)->capture_default_str();
  showCommand->add_option("--max-work", showMaxWork, maxWorkHelp)->capture_default_str();

  CLI::App* opsCommand = app.add_subcommand("ops", "List the registered ops");

  MutantsFlags mutants;
  addMutantsCommand(app, mutants);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, or the error and a hint
    return code == 0 ? 0 : kBadUsage;
  }
  const std::string program = argc > 0 ? argv[0] : "tapecheck";
  if (app.got_subcommand("check")) return runCheckCommand(check, program);
  if (app.got_subcommand(replayCommand)) return runReplay(replay, std::cout, std::cerr);
  if (app.got_subcommand(showCommand)) return runShow(showFile, showDot, std::cout, std::cerr, showMaxWork);
  if (app.got_subcommand("mutants")) return runMutantsCommand(mutants);
  if (app.got_subcommand(opsCommand)) {
    std::cout << opsTable();
    return 0;
  }
  return kBadUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // Last line of defence: bad input is handled as values everywhere, but an
  // exception (say, out of memory) must still end in a message, not an abort.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "tapecheck: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "tapecheck: internal error\n";
  }
  return kBadUsage;
}
