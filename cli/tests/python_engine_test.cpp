// The repository's Python engine (examples/python-engine/engine.py) through
// the engine protocol: correct, it holds every property it can be checked on
// in every domain it declares; with each planted bug, `check` fails, shrinks
// to a small case, writes a case file that `replay --engine` reproduces on the
// buggy engine and that holds on the correct one.
#include <gtest/gtest.h>

#include <regex>

#include "cli/case_loader.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

std::size_t opNodes(const std::filesystem::path& caseFile) {
  Result<CaseFileDocument> file = openCaseFile(caseFile);
  EXPECT_TRUE(file) << file.error();
  if (!file) return 0;
  std::size_t nodes = 0;
  const Status read = visitCase(std::move(*file), [&](const auto& record) -> Status {
    nodes = record.graphCase.nodeCount();
    return {};
  });
  EXPECT_TRUE(read) << read.error();
  return nodes;
}

TEST(PythonEngine, CorrectEngineHoldsEveryApplicableProperty) {
  const CliRun run = runCli("check " + pythonEngineFlag() + " --seed 1 --cases 1000 --jobs 0 --no-timings", "correct");
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("property runs hold"), std::string::npos) << run.out;
  // Every domain ran every applicable property over all its cases.
  for (const char* domain : {"modp", "f64", "f32", "tropical"}) {
    for (const char* property : {"T2_pids_lt_id", "T3_backward_eq_spec", "T4_values_eq_eval", "zero_seed_gives_zero",
                                 "backward_twice_same"}) {
      const std::regex row("\n" + std::string(property) + " +" + domain + " +1000 +[0-9]+ +[0-9]+ +[0-9]+/[0-9]+ +.* +holds\n");
      EXPECT_TRUE(std::regex_search(run.out, row)) << property << " in " << domain << "\n" << run.out;
    }
  }
  EXPECT_TRUE(std::regex_search(run.out, std::regex("\\nT5_finite_differences +f64 +1000 .* holds\\n"))) << run.out;
}

struct PlantedBug {
  std::string name;
  std::string property;  // one property that must catch it
  std::size_t maxNodes;  // the smallest graph that shows the bug, as shrunk
};

void PrintTo(const PlantedBug& bug, std::ostream* os) { *os << bug.name; }

class PythonEngineBug : public ::testing::TestWithParam<PlantedBug> {};

TEST_P(PythonEngineBug, IsCaughtShrunkAndReplayed) {
  const PlantedBug& bug = GetParam();
  const auto dir = freshTempDir(bug.name + "-" + bug.property);
  const CliRun run = runCli("check " + pythonEngineFlag(bug.name) + " --seed 1 --cases 100 --jobs 0 --no-timings --domain f64 --out " +
                                shellQuoted(dir.string()),
                            bug.name);
  ASSERT_EQ(run.exitCode, 1) << run.out << run.err;
  const auto caseFile = dir / (bug.property + "-f64.json");
  ASSERT_TRUE(std::filesystem::exists(caseFile)) << run.out;
  EXPECT_LE(opNodes(caseFile), bug.maxNodes) << run.out;

  const CliRun onBuggy = runCli("replay " + pythonEngineFlag(bug.name) + " " + shellQuoted(caseFile.string()), bug.name);
  EXPECT_EQ(onBuggy.exitCode, 1) << onBuggy.out << onBuggy.err;
  EXPECT_NE(onBuggy.out.find(bug.property + " in f64 FAILS"), std::string::npos) << onBuggy.out;
  const CliRun onCorrect = runCli("replay " + pythonEngineFlag() + " " + shellQuoted(caseFile.string()), bug.name);
  EXPECT_EQ(onCorrect.exitCode, 0) << onCorrect.out << onCorrect.err;
  // Without --engine the case runs on the reference runtime: a note says so.
  const CliRun onReference = runCli("replay " + shellQuoted(caseFile.string()), bug.name);
  EXPECT_NE(onReference.out.find("note: found on the python-engine [bug: " + bug.name + "] 1.0 engine; replaying against"),
            std::string::npos)
      << onReference.out;
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, PythonEngineBug,
    ::testing::Values(
        // The shared node and one consumer that reads it twice, as add(y, y).
        PlantedBug{"shared-backward-twice", "T3_backward_eq_spec", 2},
        PlantedBug{"square-by-self-overwrites", "T3_backward_eq_spec", 2},
        PlantedBug{"relu-grad-at-zero-is-one", "T3_backward_eq_spec", 2},
        PlantedBug{"grads-not-zeroed", "backward_twice_same", 2},
        PlantedBug{"matmul-no-transpose", "T3_backward_eq_spec", 2},
        PlantedBug{"forward-vjp-disagree", "T4_values_eq_eval", 2},
        // T5 needs no spec: the engine's gradients against its own forward.
        PlantedBug{"forward-vjp-disagree", "T5_finite_differences", 2}),
    [](const auto& info) {
      std::string name = info.param.name + "_" + info.param.property;
      std::erase(name, '-');
      return name;
    });

}  // namespace
}  // namespace tapecheck::cli::test
