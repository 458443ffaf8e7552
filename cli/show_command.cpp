#include "cli/show_command.hpp"

#include <ostream>

#include "cli/case_loader.hpp"
#include "cli/dot_writer.hpp"
#include "cli/offending_position.hpp"

namespace tapecheck::cli {

int runShow(const std::string& path, bool dot, std::ostream& out, std::ostream& err) {
  Result<CaseFileDocument> file = openCaseFile(path);
  if (!file) {
    err << "tapecheck show: " << file.error() << "\n";
    return 2;
  }
  const Status status = visitCase(*file, [&](const auto& record) -> Status {
    using S = typename std::remove_cvref_t<decltype(record)>::Scalar;
    const std::string domain(spec::Domain<S>::name);
    std::optional<std::size_t> blamed;
    if (record.found) blamed = record.found->position ? record.found->position : offendingPosition(record.found->message);
    if (dot) {
      out << toDot(record.graphCase.graph(), blamed, record.property + " in " + domain);
      return {};
    }
    out << path << ": property " << record.property << ", domain " << domain << ", format version "
        << kCaseFormatVersion << "\n"
        << gen::listing(record.graphCase);
    if (const auto& found = record.found) {
      out << "found on the " << found->runtime << " runtime: " << found->message << "\n";
      if (blamed) out << "blamed position: %" << *blamed << "\n";
      if (!found->command.empty()) out << "found by: " << found->command << "\n";
      if (!found->reproduce.empty()) out << "RC_PARAMS: " << found->reproduce << "\n";
    }
    return {};
  });
  if (!status) {
    err << "tapecheck show: " << status.error() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace tapecheck::cli
