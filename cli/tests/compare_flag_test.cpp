// `--compare`: one float comparison for every run of `check` and `replay`,
// overriding each runtime's own. A runtime that adds contributions in another
// order (correct, but not in the spec's order) fails bit for bit and holds
// within the order bound; the summary's "floats" column says how elements
// matched.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/check_command.hpp"
#include "mutants/loop_mutants.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

// `check` of T3 in f64 on the newest-first runtime, under `compare` (unset:
// the runtime's own policy, which the mutant inherits from the reference: exact).
struct Checked {
  int exitCode = -1;
  std::string out;
};

Checked checkNewestFirst(std::optional<props::Comparison> compare, const std::string& tag) {
  CheckOptions options;
  options.domains = {"f64"};
  options.property = "T3_backward_eq_spec";
  options.settings.seed = 21;
  options.settings.cases = 200;
  options.outDir = freshTempDir(tag) / "failures";
  options.runtimes.with<double>([] { return mutants::contributionsAddedNewestFirst<double>(); });
  options.compare = compare;
  EXPECT_TRUE(validateCheckOptions(options));
  std::ostringstream out, progress;
  const int code = runCheck(options, out, progress);
  return {code, out.str()};
}

TEST(CompareFlag, AnotherOrderFailsBitForBitAndHoldsWithinTheOrderBound) {
  const Checked exact = checkNewestFirst(props::Comparison::exact(), "exact");
  ASSERT_EQ(exact.exitCode, 1) << exact.out;
  EXPECT_NE(exact.out.find("floats compared: exact (--compare)"), std::string::npos) << exact.out;
  EXPECT_NE(exact.out.find("within what a reordering of the same operations explains"), std::string::npos)
      << exact.out;
  EXPECT_NE(exact.out.find("--compare exact"), std::string::npos) << "the printed commands keep the flag\n"
                                                                  << exact.out;

  const Checked bound = checkNewestFirst(props::Comparison::orderBound(), "bound");
  EXPECT_EQ(bound.exitCode, 0) << bound.out;
  EXPECT_NE(bound.out.find(" in bound"), std::string::npos) << "some elements differed within the bound\n"
                                                            << bound.out;
}

TEST(CompareFlag, WithoutTheFlagEachRuntimeKeepsItsOwnPolicy) {
  const Checked own = checkNewestFirst(std::nullopt, "own");
  EXPECT_EQ(own.exitCode, 1) << "the mutant compares bit for bit, as the reference runtime\n" << own.out;
  const CliRun reference = runCli("check --seed 4 --cases 20 --domain f64 --property T3_backward_eq_spec", "ref");
  EXPECT_EQ(reference.exitCode, 0) << reference.out;
  EXPECT_NE(reference.out.find("floats compared: exact (the reference runtime's default"), std::string::npos)
      << reference.out;
  EXPECT_NE(reference.out.find("bit-exact"), std::string::npos) << reference.out;
}

TEST(CompareFlag, ABadPolicyIsAUsageError) {
  for (const char* args : {"check --compare sloppy", "check --compare tolerance:1e-9", "check --compare tolerance:-1,0",
                           "replay --compare approx some.json"}) {
    const CliRun run = runCli(args, "bad");
    EXPECT_EQ(run.exitCode, 2) << args << "\n" << run.err;
    EXPECT_NE(run.err.find("--compare"), std::string::npos) << args << "\n" << run.err;
  }
}

TEST(CompareFlag, EveryPolicyParsesBackFromItsName) {
  for (const props::Comparison how : {props::Comparison::exact(), props::Comparison::orderBound(),
                                      props::Comparison::within(props::Tolerance::within(1e-9, 1e-12))}) {
    const Result<props::Comparison> again = props::parseComparison(how.str());
    ASSERT_TRUE(again) << how.str() << ": " << again.error();
    EXPECT_EQ(again->str(), how.str());
  }
}

}  // namespace
}  // namespace tapecheck::cli::test
