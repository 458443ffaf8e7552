// The counterexample workflow on a deliberately broken runtime: a check fails,
// shrinks to a small case, writes a case file and a picture; replaying the
// file reproduces the failure on the broken runtime and holds on the correct
// one; the RapidCheck reproduce string finds the same case.
#include <gtest/gtest.h>

#include <regex>

#include "cli/case_loader.hpp"
#include "cli/failure_artifacts.hpp"
#include "cli/replay_command.hpp"
#include "cli/check_command.hpp"
#include "mutants/mutants.hpp"
#include "regression_check.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

using spec::ModP;

template <class S>
PropertyRun<S> runAgainst(const std::string& property, const props::RuntimeAdapter<S>& runtime,
                          std::uint64_t seed = 11) {
  RunSettings settings;
  settings.seed = seed;
  return runProperty(*props::findProperty<S>(property), runtime, settings);
}

template <class S>
CaseRecord<S> reread(const std::filesystem::path& path) {
  Result<CaseFileDocument> file = openCaseFile(path);
  EXPECT_TRUE(file) << file.error();
  Result<CaseRecord<S>> record = caseFromText<S>(file->text);
  EXPECT_TRUE(record) << record.error();
  return *record;
}

TEST(CounterexampleWorkflow, OverwriteInsteadOfAccumulateEndToEnd) {
  const auto broken = mutants::overwriteInsteadOfAccumulate<ModP>();
  const PropertyRun<ModP> run = runAgainst<ModP>("T3_backward_eq_spec", broken);
  ASSERT_EQ(run.outcome, RunOutcome::Fails) << run.message;
  ASSERT_TRUE(run.counterexample);
  EXPECT_LE(run.counterexample->nodeCount(), 3u) << gen::listing(*run.counterexample);
  EXPECT_FALSE(run.reproduce.empty());
  // The verdict names the blamed position itself; the message says the same.
  ASSERT_TRUE(run.position) << run.message;
  EXPECT_NE(run.message.find(run.position->str()), std::string::npos) << run.message;

  const auto dir = freshTempDir("workflow");
  const auto paths = writeArtifacts(recordOfFailure(run, broken.name, "test"), dir, "case");
  ASSERT_TRUE(paths) << paths.error();

  const CaseRecord<ModP> saved = reread<ModP>(paths->caseFile);
  EXPECT_EQ(gen::listing(saved.graphCase), gen::listing(*run.counterexample));
  const auto onBroken = replayCase(saved, mutants::overwriteInsteadOfAccumulate<ModP>(), "");
  ASSERT_TRUE(onBroken);
  EXPECT_TRUE(onBroken->front().verdict.failed());
  EXPECT_EQ(onBroken->front().verdict.message, run.message);
  const auto onReference = replayCase(saved, props::referenceAdapter<ModP>(), "all");
  ASSERT_TRUE(onReference);
  for (const auto& v : *onReference) EXPECT_FALSE(v.verdict.failed()) << v.property << ": " << v.verdict.message;

  // The binary agrees: the correct runtime satisfies the saved case.
  const CliRun replay = runCli("replay " + shellQuoted(paths->caseFile.string()), "workflow");
  EXPECT_EQ(replay.exitCode, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("T3_backward_eq_spec in modp holds"), std::string::npos) << replay.out;

  const std::string dot = slurp(paths->picture);
  EXPECT_NE(dot.find("digraph"), std::string::npos);
  EXPECT_NE(dot.find("fillcolor"), std::string::npos) << "the blamed position is not highlighted\n" << dot;
}

TEST(CounterexampleWorkflow, ReproduceStringFindsTheSameCase) {
  const auto broken = mutants::forwardIterationOrder<ModP>();
  const PropertyRun<ModP> first = runAgainst<ModP>("T3_backward_eq_spec", broken);
  ASSERT_EQ(first.outcome, RunOutcome::Fails);
  RunSettings settings;
  settings.seed = 999;  // ignored: the reproduce map decides the case
  settings.reproduce = rc::detail::configFromString(first.reproduce).reproduce;
  const PropertyRun<ModP> again = runProperty(*props::findProperty<ModP>("T3_backward_eq_spec"), broken, settings);
  ASSERT_EQ(again.outcome, RunOutcome::Fails);
  EXPECT_EQ(gen::listing(*again.counterexample), gen::listing(*first.counterexample));
  // Other properties are not named in the map and are skipped, not run.
  const PropertyRun<ModP> other = runProperty(*props::findProperty<ModP>("T1_requires_grad"), broken, settings);
  EXPECT_EQ(other.outcome, RunOutcome::Skipped);
}

// docs/counterexamples.md, steps 1 and 6: `check` finds a bug in the runtime
// under test and writes a case file; kept in regressions/, the case is red
// while the bug is there and green once it is fixed.
TEST(CounterexampleWorkflow, ACaseKeptInRegressionsIsRedUntilTheBugIsFixed) {
  props::RuntimeAdapter<ModP> buggy = mutants::overwriteInsteadOfAccumulate<ModP>();
  buggy.name = "reference";  // the bug is in the repository's own runtime, as in the guide
  RuntimeSet withBug;
  withBug.with<ModP>([buggy] { return buggy; });

  const auto dir = freshTempDir("keep");
  CheckOptions options;
  options.domains = {"modp"};
  options.property = "T3_backward_eq_spec";
  options.settings.seed = 11;
  options.outDir = dir / "tapecheck-failures";
  options.runtimes = withBug;
  std::ostringstream out, progress;
  ASSERT_EQ(runCheck(options, out, progress), 1) << out.str();
  const auto written = options.outDir / "T3_backward_eq_spec-modp.json";
  ASSERT_TRUE(std::filesystem::exists(written)) << out.str();

  std::filesystem::create_directories(dir / "regressions");
  const auto kept = dir / "regressions" / "T3_backward_eq_spec-modp-seed-overwritten-by-contribution.json";
  std::filesystem::copy_file(written, kept);
  const Status whileBuggy = checkSavedCase(kept, withBug);
  EXPECT_FALSE(whileBuggy) << "a kept case must be red while the bug is there";
  const Status fixed = checkSavedCase(kept, RuntimeSet{});
  EXPECT_TRUE(fixed) << fixed.error();

  // And `check` on the fixed runtime leaves no stale case file behind.
  options.runtimes = RuntimeSet{};
  ASSERT_EQ(runCheck(options, out, progress), 0) << out.str();
  EXPECT_FALSE(std::filesystem::exists(written));
}

TEST(CounterexampleWorkflow, ReproduceModeReportsTheReplayedCaseNotTheSeed) {
  const auto broken = mutants::overwriteInsteadOfAccumulate<ModP>();
  const PropertyRun<ModP> first = runAgainst<ModP>("T3_backward_eq_spec", broken);
  ASSERT_EQ(first.outcome, RunOutcome::Fails);
  CheckOptions options;
  options.domains = {"modp"};
  options.settings.seed = 12345;
  options.rcParams = first.reproduce;
  options.outDir = freshTempDir("rc") / "failures";
  options.runtimes.with<ModP>([broken] { return broken; });
  ASSERT_TRUE(validateCheckOptions(options));
  std::ostringstream out, progress;
  ASSERT_EQ(runCheck(options, out, progress), 1);
  const std::string text = out.str();
  EXPECT_EQ(text.find("12345"), std::string::npos) << "the unused seed is printed\n" << text;
  EXPECT_NE(text.find("seed unused (RC_PARAMS reproduce)"), std::string::npos) << text;
  // The summary row shows the replayed case's op nodes, not 0.
  const std::string nodes = std::to_string(first.counterexample->nodeCount());
  const std::regex row("\nT3_backward_eq_spec +modp +1 +0 +" + nodes + " +[0-9]+/[0-9]+ +- +FAILS\n");
  EXPECT_TRUE(std::regex_search(text, row)) << text;
}

TEST(CounterexampleWorkflow, SameSeedSameCounterexample) {
  const auto a = runAgainst<double>("T3_backward_eq_spec", mutants::overwriteInsteadOfAccumulate<double>(), 5);
  const auto b = runAgainst<double>("T3_backward_eq_spec", mutants::overwriteInsteadOfAccumulate<double>(), 5);
  ASSERT_EQ(a.outcome, RunOutcome::Fails);
  EXPECT_EQ(gen::listing(*a.counterexample), gen::listing(*b.counterexample));
  EXPECT_EQ(a.reproduce, b.reproduce);
}

TEST(CounterexampleWorkflow, CorrectRuntimeHoldsAndCountsCases) {
  RunSettings settings;
  settings.seed = 4;
  settings.cases = 30;
  const auto run = runProperty(*props::findProperty<float>("T3_backward_eq_spec"), props::referenceAdapter<float>(),
                               settings);
  EXPECT_EQ(run.outcome, RunOutcome::Holds) << run.message;
  EXPECT_EQ(run.cases, 30);
  EXPECT_GT(run.opsSeen, 1u);
  EXPECT_LE(run.opsSeen, run.opsInScope);
}

}  // namespace
}  // namespace tapecheck::cli::test
