#include "cli/known_findings.hpp"

#include <algorithm>

#include "cli/case_loader.hpp"
#include "cli/finding_key.hpp"

namespace tapecheck::cli {

Result<KnownFindings> loadKnownFindings(const std::vector<std::filesystem::path>& dirs) {
  KnownFindings known;
  for (const auto& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      return fail("--known " + dir.string() + ": not a directory of case files");
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    if (ec) return fail("--known " + dir.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());  // the first file of a key names it, whatever the directory order
    for (const auto& file : files) {
      Result<CaseFileDocument> document = openCaseFile(file);
      if (!document) return fail("--known: " + document.error());
      const std::string domain = document->header.domain;
      Status read = visitCase(*document, [&](const auto& record) -> Status {
        known.emplace(findingHash(findingKey(record.property, domain, record.graphCase.graph())), file.string());
        return {};
      });
      if (!read) return fail("--known: " + read.error());
    }
  }
  return known;
}

}  // namespace tapecheck::cli
