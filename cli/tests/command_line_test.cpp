// The binary's contract: usage errors exit 2, help exits 0, `ops` lists the
// registry, `check` is deterministic for a seed and exits 0 on this runtime.
#include <gtest/gtest.h>

#include <regex>

#include "run_cli.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli::test {
namespace {

TEST(CommandLine, SameSeedGivesByteIdenticalOutput) {
  const auto dir = freshTempDir("determinism");
  const std::string args = "check --seed 7 --cases 50 --out " + shellQuoted((dir / "failures").string());
  const CliRun first = runCli(args, "first");
  const CliRun second = runCli(args, "second");
  EXPECT_EQ(first.exitCode, 0) << first.out << first.err;
  EXPECT_EQ(second.exitCode, 0);
  EXPECT_FALSE(first.out.empty());
  EXPECT_EQ(first.out, second.out);  // the whole stdout, byte for byte
  EXPECT_NE(first.out.find("seed 7, 50 cases"), std::string::npos) << first.out;
}

TEST(CommandLine, DifferentSeedsSeeDifferentCases) {
  // Guards the test above: a report that ignored the seed would pass it trivially.
  const CliRun a = runCli("check --seed 7 --cases 20 --property zero_seed_gives_zero --domain f64", "a");
  const CliRun b = runCli("check --seed 8 --cases 20 --property zero_seed_gives_zero --domain f64", "b");
  EXPECT_EQ(a.exitCode, 0);
  EXPECT_NE(a.out, b.out);
}

TEST(CommandLine, NoTimingsWhenNotATerminal) {
  const CliRun run = runCli("check --seed 1 --cases 5 --domain modp", "timings");
  EXPECT_FALSE(std::regex_search(run.out, std::regex("verdict +time"))) << run.out;
  const CliRun forced = runCli("check --seed 1 --cases 5 --domain modp --timings", "forced");
  EXPECT_TRUE(std::regex_search(forced.out, std::regex("verdict +time"))) << forced.out;
}

TEST(CommandLine, SummaryHasEveryPropertyAndDomain) {
  const CliRun run = runCli("check --seed 3 --cases 10", "summary");
  ASSERT_EQ(run.exitCode, 0) << run.out;
  for (const char* word : {"T1_requires_grad", "T2_pids_lt_id", "T3_backward_eq_spec", "T4_values_eq_eval",
                           "modp", "f64", "f32", "holds", "all "}) {
    EXPECT_NE(run.out.find(word), std::string::npos) << word << "\n" << run.out;
  }
}

TEST(CommandLine, UsageErrorsExitTwo) {
  for (const char* args : {"", "frobnicate", "check --max-size 101", "check --max-size -1", "check --cases 0",
                           "check --domain quaternion", "check --ops mul,frobnicate", "check --domain modp --ops exp", "check --property nope",
                           "check --seed banana", "replay", "show"}) {
    const CliRun run = runCli(args, "usage");
    EXPECT_EQ(run.exitCode, 2) << "tapecheck " << args << "\n" << run.err;
    EXPECT_FALSE(run.err.empty()) << args;
  }
}

TEST(CommandLine, SeedsOutsideTheRangeAreRefusedNotWrapped) {
  for (const char* seed : {"-1", "18446744073709551616", "99999999999999999999999", "+5", "5x", "0x10", " 5"}) {
    const CliRun run = runCli(std::string("check --cases 1 --seed ") + shellQuoted(seed), "seed");
    EXPECT_EQ(run.exitCode, 2) << seed << "\n" << run.out;
    EXPECT_NE(run.err.find("is not a seed"), std::string::npos) << seed << "\n" << run.err;
    EXPECT_EQ(run.out, "") << seed;
  }
  const CliRun largest = runCli("check --cases 1 --domain modp --seed 18446744073709551615 --no-timings", "seed");
  EXPECT_EQ(largest.exitCode, 0) << largest.err;
  EXPECT_EQ(largest.out.rfind("tapecheck check: seed 18446744073709551615,", 0), 0u) << largest.out;
  EXPECT_EQ(runCli("mutants --seed -1 --mutant nothing", "seed").exitCode, 2);
}

TEST(CommandLine, AnUnknownCommandIsNamed) {
  const CliRun run = runCli("frob", "frob");
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("unknown command 'frob'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("check, replay, show"), std::string::npos) << run.err;
}

TEST(CommandLine, BadRcParamsExitTwo) {
  const std::string bad = "RC_PARAMS='reproduce=!!!' " + shellQuoted(TAPECHECK_CLI_PATH) + " check >/dev/null 2>&1";
  const int status = std::system(bad.c_str());
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 2);
}

TEST(CommandLine, HelpOnEverySubcommand) {
  for (const char* args : {"--help", "check --help", "replay --help", "show --help", "ops --help"}) {
    const CliRun run = runCli(args, "help");
    EXPECT_EQ(run.exitCode, 0) << args;
    EXPECT_NE(run.out.find("Usage:"), std::string::npos) << args << "\n" << run.out;
  }
}

TEST(CommandLine, OpsListsEveryRegisteredOp) {
  const CliRun run = runCli("ops", "ops");
  ASSERT_EQ(run.exitCode, 0);
  for (const spec::OpDef* op : spec::allOps()) {
    EXPECT_NE(run.out.find("\n" + op->name + " "), std::string::npos) << op->name;
  }
}

TEST(CommandLine, OpsRestrictCoverage) {
  const CliRun run = runCli("check --seed 2 --cases 20 --domain modp --ops mul,add --property T3_backward_eq_spec");
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2/2"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace tapecheck::cli::test
