// The properties of whole engines (properties/whole_engine.hpp) catch what
// they are for, on the repository's runtime seen as a whole engine with a bug
// planted (mutants/), and hold on the correct one; an in-process engine gets
// the same `check` as a protocol engine through a RuntimeSet.
#include <gtest/gtest.h>

#include <sstream>

#include "cli/check_command.hpp"
#include "mutants/mutants.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

using spec::ModP;

template <class S>
PropertyRun<S> runOnEngine(const std::string& name, const props::Engine<S>& engine) {
  const props::EnginePropertySpec<S>* property = props::findEngineProperty<S>(name);
  EXPECT_TRUE(property) << name;
  RunSettings settings;
  settings.seed = 3;
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
