#pragma once
// What a failure leaves behind: the case file (JSON) and the picture (DOT),
// named after the property and domain so reruns overwrite rather than pile up.
#include <filesystem>
#include <string>

#include "cli/case_file.hpp"
#include "cli/property_run.hpp"

namespace tapecheck::cli {

struct ArtifactPaths {
  std::filesystem::path caseFile;
  std::filesystem::path picture;
};

/// "T3_backward_eq_spec-modp": the file name of a failure, without extension.
std::string artifactStem(std::string_view property, std::string_view domain);

/// The case record of a failed run, with its provenance; `onEngine` when the
/// run was on a whole engine rather than a per-node runtime.
template <class S>
CaseRecord<S> recordOfFailure(const PropertyRun<S>& run, const std::string& runtimeName, const std::string& command,
                              bool onEngine = false);

/// Removes `<dir>/<stem>.json` and `<dir>/<stem>.dot` if they are there (a
/// stale failure of a run that now holds); nothing else in `dir`.
void removeArtifacts(const std::filesystem::path& dir, const std::string& stem);

/// Writes `<dir>/<stem>.json` and `<dir>/<stem>.dot`.
template <class S>
Result<ArtifactPaths> writeArtifacts(const CaseRecord<S>& record, const std::filesystem::path& dir,
                                     const std::string& stem);

}  // namespace tapecheck::cli
