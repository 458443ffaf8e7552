// The GoogleTest assertions of cli/gtest_property.hpp: they pass on the
// correct runtime, and on a broken one fail with the listing, a case file
// written where TAPECHECK_OUT says, and the seed TAPECHECK_SEED gave.
#include "cli/gtest_property.hpp"

#include <gtest/gtest.h>

#include "cli/case_loader.hpp"
#include "mutants/mutants.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

using spec::ModP;

TEST(GtestProperty, HoldsOnTheCorrectRuntimeAndEngine) {
  EXPECT_TRUE(holdsOn(props::referenceAdapter<ModP>(), "T3_backward_eq_spec"));
  EXPECT_TRUE(holdsOn(props::wholeEngineFromRuntime(props::referenceAdapter<ModP>()), "backward_twice_same"));
}

TEST(GtestProperty, AFailureWritesTheCaseWhereTapecheckOutSays) {
  const auto dir = freshTempDir("gtest-out");
  ::setenv("TAPECHECK_OUT", dir.c_str(), 1);
  ::setenv("TAPECHECK_SEED", "77", 1);
  const ::testing::AssertionResult result =
      holdsOn(mutants::overwriteInsteadOfAccumulate<ModP>(), "T3_backward_eq_spec");
  ::unsetenv("TAPECHECK_OUT");
  ::unsetenv("TAPECHECK_SEED");
  ASSERT_FALSE(result);
  const std::string message = result.message();
  EXPECT_NE(message.find("seed 77"), std::string::npos) << message;
  EXPECT_NE(message.find("graph case in modp"), std::string::npos) << message;
  EXPECT_TRUE(std::filesystem::exists(dir / "T3_backward_eq_spec-modp.json")) << message;
  EXPECT_TRUE(std::filesystem::exists(dir / "T3_backward_eq_spec-modp.dot")) << message;
}

TEST(GtestProperty, AnEngineLackingACapabilityIsNotAPass) {
  props::Engine<ModP> engine = props::wholeEngineFromRuntime(props::referenceAdapter<ModP>());
  engine.capabilities.edges = false;
  EXPECT_FALSE(holdsOn(engine, "T2_pids_lt_id"));
}

TEST(GtestProperty, APropertyNotApplicableInTheDomainIsNotAPass) {
  const ::testing::AssertionResult result =
      holdsOn(props::wholeEngineFromRuntime(props::referenceAdapter<float>()), "T5_vjp_adjoint_of_jvp");
  ASSERT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("n/a: runs in f64"), std::string::npos) << result.message();
}

TEST(GtestProperty, AnEngineFailureIsRecordedAsFoundOnAnEngine) {
  const auto dir = freshTempDir("gtest-engine-out");
  ::setenv("TAPECHECK_OUT", dir.c_str(), 1);
  const ::testing::AssertionResult result =
      holdsOn(props::wholeEngineFromRuntime(mutants::overwriteInsteadOfAccumulate<ModP>()), "T3_backward_eq_spec");
  ::unsetenv("TAPECHECK_OUT");
  ASSERT_FALSE(result);
  Result<CaseFileDocument> file = openCaseFile((dir / "T3_backward_eq_spec-modp.json").string());
  ASSERT_TRUE(file) << file.error();
  const auto record = caseFromText<ModP>(file->text);
  ASSERT_TRUE(record) << record.error();
  ASSERT_TRUE(record->found);
  EXPECT_TRUE(record->found->onEngine);
  EXPECT_TRUE(record->found->position) << record->found->message;
}

}  // namespace
}  // namespace tapecheck::cli::test
