// The saved cases keep their meaning: each holds on the correct runtime (ctest
// replays them too) and still fails on the broken runtime that produced it, so
// a change to a property that stops catching that bug shows up here.
#include <gtest/gtest.h>

#include "cli/case_loader.hpp"
#include "cli/replay_command.hpp"
#include "mutants/registry.hpp"

namespace tapecheck::cli::test {
namespace {

// A fresh broken runtime by its adapter name, from the whole zoo (not only
// the domains where the default suite must kill it).
template <class S>
std::optional<props::RuntimeAdapter<S>> mutantNamed(const std::string& name) {
  for (const auto& m : mutants::zooFor<S>()) {
    if (m.name == name) return m.make();
  }
  return std::nullopt;
}

std::vector<std::filesystem::path> corpus() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(TAPECHECK_REGRESSIONS_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(RegressionCorpus, IsNotEmpty) { EXPECT_GE(corpus().size(), 10u); }

TEST(RegressionCorpus, EachCaseStillCatchesItsBrokenRuntime) {
  for (const auto& path : corpus()) {
    SCOPED_TRACE(path.string());
    Result<CaseFileDocument> file = openCaseFile(path);
    ASSERT_TRUE(file) << file.error();
    const Status checked = visitCase(*file, [&](const auto& record) -> Status {
      using S = typename std::remove_cvref_t<decltype(record)>::Scalar;
      EXPECT_TRUE(record.found) << "no provenance";
      if (!record.found) return {};
      EXPECT_LE(record.graphCase.nodeCount(), 3u) << "not minimal";
      const auto broken = mutantNamed<S>(record.found->runtime);
      EXPECT_TRUE(broken) << "no broken runtime named " << record.found->runtime;
      if (!broken) return {};
      const auto onBroken = replayCase(record, *broken, "");
      const auto onReference = replayCase(record, props::referenceAdapter<S>(), "");
      EXPECT_TRUE(onBroken && onBroken->front().verdict.failed()) << "no longer catches " << broken->name;
      EXPECT_TRUE(onReference && !onReference->front().verdict.failed()) << "fails on the correct runtime";
      return {};
    });
    EXPECT_TRUE(checked) << checked.error();
  }
}

}  // namespace
}  // namespace tapecheck::cli::test
