// The counterexample workflow on a deliberately broken runtime: a check fails,
// shrinks to a small case, writes a case file and a picture; replaying the
// file reproduces the failure on the broken runtime and holds on the correct
// one; the RapidCheck reproduce string finds the same case.
#include <gtest/gtest.h>

#include "cli/case_loader.hpp"
#include "cli/failure_artifacts.hpp"
#include "cli/replay_command.hpp"
#include "mutants/mutants.hpp"
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
