#pragma once
// What a saved case in regressions/ must do, by the runtime that found it:
// - a mutant of the zoo (mutants/): still fail on that mutant, hold on the
//   runtime under test, and stay minimal (the corpus guards the properties);
// - any other runtime (the reference one, or a user's, as `tapecheck check`
//   writes it): hold on the runtime under test. Red while the bug it found is
//   there, green once it is fixed (the corpus guards the runtime).
#include <gtest/gtest.h>

#include "cli/case_loader.hpp"
#include "cli/replay_command.hpp"
#include "mutants/registry.hpp"

namespace tapecheck::cli::test {

/// A fresh broken runtime by its adapter name, from the whole zoo (not only
/// the domains where the default suite must kill it).
template <class S>
std::optional<props::RuntimeAdapter<S>> mutantNamed(const std::string& name) {
  for (const auto& m : mutants::zooFor<S>()) {
    if (m.name == name) return m.make();
  }
  return std::nullopt;
}

/// The .json files of a corpus directory, sorted.
inline std::vector<std::filesystem::path> corpusFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Checks one saved case against `runtimes` as described above; an error
/// says which expectation broke.
inline Status checkSavedCase(const std::filesystem::path& path, const RuntimeSet& runtimes) {
  Result<CaseFileDocument> file = openCaseFile(path);
  if (!file) return fail(file.error());
  return visitCase(*file, [&](const auto& record) -> Status {
    using S = typename std::remove_cvref_t<decltype(record)>::Scalar;
    if (!record.found) return fail("no provenance (the found block)");
    const auto onRuntime = replayCase(record, runtimes.template make<S>(), "");
    if (!onRuntime) return fail(onRuntime.error());
    if (onRuntime->front().verdict.failed()) {
      return fail("fails on the runtime under test: " + onRuntime->front().verdict.message);
    }
    const auto broken = mutantNamed<S>(record.found->runtime);
    if (!broken) return {};  // found on a real runtime: holding is all it must do
    if (record.graphCase.nodeCount() > 3) return fail("not minimal: more than 3 op nodes");
    const auto onBroken = replayCase(record, *broken, "");
    if (!onBroken || !onBroken->front().verdict.failed()) return fail("no longer catches " + broken->name);
    return {};
  });
}

}  // namespace tapecheck::cli::test
