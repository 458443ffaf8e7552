// The saved cases keep their meaning (regression_check.hpp): a mutant's case
// still catches its mutant and holds on the correct runtime; a case found on
// a real runtime holds on it (ctest replays each file too).
#include <gtest/gtest.h>

#include "regression_check.hpp"

namespace tapecheck::cli::test {
namespace {

std::vector<std::filesystem::path> corpus() { return corpusFiles(TAPECHECK_REGRESSIONS_DIR); }

// Guards the split above: a mutant's case whose runtime name no longer matches
// the zoo would be checked only as "holds", so most files must name a mutant.
TEST(RegressionCorpus, HoldsTheZoosCases) {
  std::size_t fromMutants = 0;
  for (const auto& path : corpus()) {
    Result<CaseFileDocument> file = openCaseFile(path);
    ASSERT_TRUE(file) << file.error();
    const Status read = visitCase(*file, [&](const auto& record) -> Status {
      using S = typename std::remove_cvref_t<decltype(record)>::Scalar;
      if (record.found && mutantNamed<S>(record.found->runtime)) ++fromMutants;
      return {};
    });
    ASSERT_TRUE(read) << read.error();
  }
  EXPECT_GE(fromMutants, 10u);
}

TEST(RegressionCorpus, EachCaseKeepsItsMeaning) {
  for (const auto& path : corpus()) {
    const Status checked = checkSavedCase(path, RuntimeSet{});
    EXPECT_TRUE(checked) << path.string() << ": " << checked.error();
  }
}

}  // namespace
}  // namespace tapecheck::cli::test
