#include "cli/failure_artifacts.hpp"

#include "cli/dot_writer.hpp"
#include "cli/file_io.hpp"
#include "cli/json_text.hpp"

namespace tapecheck::cli {

std::string artifactStem(std::string_view property, std::string_view domain) {
  return std::string(property) + "-" + std::string(domain);
}

void removeArtifacts(const std::filesystem::path& dir, const std::string& stem) {
  std::error_code ignored;  // absent is the usual case, and not an error
  std::filesystem::remove(dir / (stem + ".json"), ignored);
  std::filesystem::remove(dir / (stem + ".dot"), ignored);
}

template <class S>
CaseRecord<S> recordOfFailure(const PropertyRun<S>& run, const std::string& runtimeName, const std::string& command,
                              bool onEngine) {
  CaseRecord<S> record;
  record.property = run.property;
  if (run.counterexample) record.graphCase = *run.counterexample;
  Provenance found;
  found.runtime = runtimeName;
  found.onEngine = onEngine;
  found.message = run.message;
  if (run.position) {
    found.position = run.position->index;
    found.element = run.position->element;
  }
  found.command = command;
  found.rapidcheckSeed = run.rapidcheckSeed;
  found.size = run.size;
  found.passedBefore = run.cases > 0 ? run.cases - 1 : 0;
  found.shrinks = run.shrinks;
  found.reproduce = run.reproduce;
  record.found = std::move(found);
  return record;
}

template <class S>
Result<ArtifactPaths> writeArtifacts(const CaseRecord<S>& record, const std::filesystem::path& dir,
                                     const std::string& stem) {
  ArtifactPaths paths{dir / (stem + ".json"), dir / (stem + ".dot")};
  if (Status ok = writeTextFile(paths.caseFile, formatJson(caseToJson(record))); !ok) return fail(ok.error());
  const std::optional<std::size_t> blamed = record.found ? record.found->position : std::nullopt;
  const std::string title = record.property + " in " + std::string(spec::Domain<S>::name) +
                            (record.found ? ": " + record.found->message : std::string());
  if (Status ok = writeTextFile(paths.picture, toDot(record.graphCase.graph(), blamed, title)); !ok) {
    return fail(ok.error());
  }
  return paths;
}

#define TAPECHECK_INSTANTIATE(S)                                                                              \
  template CaseRecord<S> recordOfFailure<S>(const PropertyRun<S>&, const std::string&, const std::string&, bool); \
  template Result<ArtifactPaths> writeArtifacts<S>(const CaseRecord<S>&, const std::filesystem::path&,        \
                                                   const std::string&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
