// The properties of whole engines (properties/whole_engine.hpp) catch what
// they are for, on the repository's runtime seen as a whole engine with a bug
// planted (mutants/), and hold on the correct one; an in-process engine gets
// the same `check` as a protocol engine through a RuntimeSet.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/check_command.hpp"
#include "cli/replay_command.hpp"
#include "mutants/mutants.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

using spec::ModP;

template <class S>
PropertyRun<S> runOnEngine(const std::string& name, const props::Engine<S>& engine,
                           std::vector<std::string> ops = {}) {
  const props::EnginePropertySpec<S>* property = props::findEngineProperty<S>(name);
  EXPECT_TRUE(property) << name;
  RunSettings settings;
  settings.seed = 3;
  settings.config.ops = std::move(ops);
  return runCaseCheck<S>({property->name, property->values,
                          [&](const gen::GraphCase<S>& c) { return property->check(engine, c); }, {}},
                         settings);
}

struct Catch {
  std::string property;
  std::function<props::RuntimeAdapter<ModP>()> broken;
};

void PrintTo(const Catch& c, std::ostream* os) { *os << c.property; }

class WholeEngineProperty : public ::testing::TestWithParam<Catch> {};

TEST_P(WholeEngineProperty, CatchesItsBugAndHoldsOnTheCorrectEngine) {
  const Catch& c = GetParam();
  const auto onBroken = runOnEngine<ModP>(c.property, props::wholeEngineFromRuntime(c.broken()));
  EXPECT_EQ(onBroken.outcome, RunOutcome::Fails) << onBroken.message;
  ASSERT_TRUE(onBroken.counterexample);
  EXPECT_LE(onBroken.counterexample->nodeCount(), 2u) << gen::listing(*onBroken.counterexample);
  const auto onCorrect = runOnEngine<ModP>(c.property, props::wholeEngineFromRuntime(props::referenceAdapter<ModP>()));
  EXPECT_EQ(onCorrect.outcome, RunOutcome::Holds) << onCorrect.message;
}

INSTANTIATE_TEST_SUITE_P(
    Mutants, WholeEngineProperty,
    ::testing::Values(Catch{"T2_pids_lt_id", mutants::selfEdge<ModP>},
                      Catch{"T3_backward_eq_spec", mutants::overwriteInsteadOfAccumulate<ModP>},
                      Catch{"T4_values_eq_eval", mutants::valuesShiftedByOne<ModP>},
                      Catch{"zero_seed_gives_zero", mutants::implicitUnitSeed<ModP>},
                      Catch{"backward_twice_same", mutants::gradientsNotZeroedBetweenRuns<ModP>}),
    [](const auto& info) { return info.param.property; });

TEST(WholeEngineT5, FiniteDifferencesOfTheEnginesOwnForwardCatchAWrongVjp) {
  const auto onBroken = runOnEngine<double>("T5_finite_differences",
                                            props::wholeEngineFromRuntime(mutants::transposedMatmulVjp<double>()));
  EXPECT_EQ(onBroken.outcome, RunOutcome::Fails) << onBroken.message;
  const auto onCorrect = runOnEngine<double>("T5_finite_differences",
                                             props::wholeEngineFromRuntime(props::referenceAdapter<double>()));
  EXPECT_EQ(onCorrect.outcome, RunOutcome::Holds) << onCorrect.message;
  EXPECT_LT(onCorrect.notApplicable, onCorrect.cases) << "no case was applicable";
}

// mul's VJP with the arguments' roles swapped, consistently: a gets δ⊙a and
// b gets δ⊙b. The forward is right (T4 holds); only the adjoint test of the
// engine's own gradients sees that forward and VJP disagree.
template <class S>
void mulVjpWithWrongArgument(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  const spec::Tensor<S>& a = *c.args[0];
  const spec::Tensor<S>& b = *c.args[1];
  for (std::size_t i = 0; i < delta.size(); ++i) {
    d[0][i] = delta[i] * a[i];
    d[1][i] = delta[i] * b[i];
  }
}

template <class S = ModP>
props::Engine<S> engineWithWrongMulVjp() {
  return props::wholeEngineFromRuntime(mutants::compilingWithOpReplaced<S>(
      "mul VJP reads the wrong argument", "mul", mutants::opWithVjp<S, &mulVjpWithWrongArgument<S>>("mul")));
}

TEST(WholeEngineT5, AdjointTestOnTheEnginesOwnGradientsCatchesAVjpThatDisagreesWithItsForward) {
  const auto onBroken = runOnEngine<ModP>("T5_vjp_adjoint_of_jvp", engineWithWrongMulVjp());
  EXPECT_EQ(onBroken.outcome, RunOutcome::Fails) << onBroken.message;
  ASSERT_TRUE(onBroken.counterexample);
  EXPECT_LE(onBroken.counterexample->nodeCount(), 2u) << gen::listing(*onBroken.counterexample);
  EXPECT_NE(onBroken.message.find("from the gradients of engine 'mul VJP reads the wrong argument'"), std::string::npos)
      << onBroken.message;
  const auto forward = runOnEngine<ModP>("T4_values_eq_eval", engineWithWrongMulVjp());
  EXPECT_EQ(forward.outcome, RunOutcome::Holds) << forward.message;
  const auto onCorrect =
      runOnEngine<ModP>("T5_vjp_adjoint_of_jvp", props::wholeEngineFromRuntime(props::referenceAdapter<ModP>()));
  EXPECT_EQ(onCorrect.outcome, RunOutcome::Holds) << onCorrect.message;
}

// The same bug in f64: the adjoint test within the order bound sees it, and
// the correct engine holds on every op (its float gradients are not the exact adjoint,
// but within what rounding explains).
TEST(WholeEngineT5, AdjointTestWithinTheBoundCatchesTheSameVjpInF64) {
  // Graphs of a few ops, so that mul of two different values is common.
  const auto onBroken =
      runOnEngine<double>("T5_vjp_adjoint_of_jvp", engineWithWrongMulVjp<double>(), {"mul", "add", "tanh"});
  EXPECT_EQ(onBroken.outcome, RunOutcome::Fails) << onBroken.message;
  ASSERT_TRUE(onBroken.counterexample);
  EXPECT_LE(onBroken.counterexample->nodeCount(), 2u) << gen::listing(*onBroken.counterexample);
  EXPECT_NE(onBroken.message.find("more than rounding in any evaluation order explains"), std::string::npos)
      << onBroken.message;
  const auto onCorrect =
      runOnEngine<double>("T5_vjp_adjoint_of_jvp", props::wholeEngineFromRuntime(props::referenceAdapter<double>()));
  EXPECT_EQ(onCorrect.outcome, RunOutcome::Holds) << onCorrect.message;
}

TEST(WholeEngineT5, AdjointTestRunsInF64AndIsNotApplicableInF32WithAReason) {
  ASSERT_TRUE(props::findEngineProperty<double>("T5_vjp_adjoint_of_jvp"));
  ASSERT_TRUE(props::findEngineProperty<float>("T5_vjp_adjoint_of_jvp"));
  ASSERT_TRUE(props::findEngineProperty<ModP>("T5_vjp_adjoint_of_jvp"));
  EXPECT_EQ(props::findEngineProperty<float>("T5_vjp_adjoint_of_jvp")->notApplicable,
            "runs in f64 (the bounded forward mode is f64 only)");
  EXPECT_TRUE(props::findEngineProperty<double>("T5_vjp_adjoint_of_jvp")->notApplicable.empty());
  EXPECT_TRUE(props::findEngineProperty<ModP>("T5_vjp_adjoint_of_jvp")->notApplicable.empty());

  CheckOptions options;
  options.settings.seed = 5;
  options.settings.cases = 10;
  options.property = "T5_vjp_adjoint_of_jvp";
  options.outDir = freshTempDir("n-a") / "failures";
  options.runtimes.withEngine<float>([] { return props::wholeEngineFromRuntime(props::referenceAdapter<float>()); });
  ASSERT_TRUE(validateCheckOptions(options));
  std::ostringstream out, progress;
  runCheck(options, out, progress);
  EXPECT_NE(out.str().find("n/a: runs in f64"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("holds"), std::string::npos) << "an n/a run shown as holding\n" << out.str();
  EXPECT_NE(out.str().find("1 not applicable"), std::string::npos) << out.str();
}

TEST(InProcessEngine, FailureSaysEngineAndReplayWithoutItNotesTheReferenceRuntime) {
  CheckOptions options;
  options.settings.seed = 5;
  options.settings.cases = 50;
  options.property = "T3_backward_eq_spec";
  options.outDir = freshTempDir("engine-replay") / "failures";
  options.runtimes.withEngine<ModP>([] {
    props::Engine<ModP> engine = props::wholeEngineFromRuntime(mutants::overwriteInsteadOfAccumulate<ModP>());
    engine.name = "toy";
    return engine;
  });
  ASSERT_TRUE(validateCheckOptions(options));
  std::ostringstream out, progress;
  EXPECT_EQ(runCheck(options, out, progress), 1);
  EXPECT_NE(out.str().find("FAIL T3_backward_eq_spec in modp on the toy engine ("), std::string::npos) << out.str();

  ReplayOptions replay;
  replay.files = {(options.outDir / "T3_backward_eq_spec-modp.json").string()};
  std::ostringstream replayed, err;
  EXPECT_EQ(runReplay(replay, replayed, err), 0) << replayed.str() << err.str();
  const std::string note = replay.files[0] +
                           ": note: found on the toy engine; replaying against the reference runtime (add --engine "
                           "COMMAND to replay it on the engine)\n";
  EXPECT_TRUE(replayed.str().starts_with(note)) << replayed.str();
  EXPECT_NE(replayed.str().find("T3_backward_eq_spec in modp holds"), std::string::npos) << replayed.str();
}

TEST(InProcessEngine, GetsTheEngineCheckInTheDomainsItCovers) {
  CheckOptions options;
  options.settings.seed = 5;
  options.settings.cases = 50;
  options.outDir = freshTempDir("in-process") / "failures";
  options.runtimes.withEngine<ModP>(
      [] { return props::wholeEngineFromRuntime(mutants::overwriteInsteadOfAccumulate<ModP>()); });
  ASSERT_TRUE(validateCheckOptions(options));
  EXPECT_EQ(options.domains, std::vector<std::string>{"modp"});
  std::ostringstream out, progress;
  EXPECT_EQ(runCheck(options, out, progress), 1);
  EXPECT_NE(out.str().find("FAIL T3_backward_eq_spec in modp"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("backward_twice_same"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find(" f64 "), std::string::npos) << "a domain the program does not cover ran\n" << out.str();

  options.domains = {"f64"};
  EXPECT_FALSE(validateCheckOptions(options));
}

}  // namespace
}  // namespace tapecheck::cli::test
