#include "cli/show_command.hpp"

#include <ostream>

#include "cli/case_loader.hpp"
#include "cli/dot_writer.hpp"
#include "cli/replay_command.hpp"
#include "properties/whole_engine.hpp"

namespace tapecheck::cli {

int runShow(const std::string& path, bool dot, std::ostream& out, std::ostream& err, std::uint64_t maxWork) {
  Result<CaseFileDocument> file = openCaseFile(path);
  if (!file) {
    err << "tapecheck show: " << file.error() << "\n";
    return 2;
  }
  const Status status = visitCase(std::move(*file), [&](const auto& record) -> Status {
    using S = typename std::remove_cvref_t<decltype(record)>::Scalar;
    const std::string domain(spec::Domain<S>::name);
    // A case file names a property of the runtime catalog or, found on an engine, of the engine catalog.
    const bool known = props::findProperty<S>(record.property) || props::findEngineProperty<S>(record.property);
    if (!known) return fail(path + ": " + noSuchProperty<S>("at /property", record.property).error());
    // The loader checked that found.position is in the graph.
    const std::optional<std::size_t> blamed = record.found ? record.found->position : std::nullopt;
    if (dot) {
      out << toDot(record.graphCase.graph(), blamed, record.property + " in " + domain);
      return {};
    }
    // The listing evaluates the graph forward: the same budget as replay.
    if (Status budget = checkWorkBudget(record.graphCase.graph(), record.graphCase.data.shapes, maxWork); !budget) {
      return fail(path + ": " + budget.error());
    }
    out << path << ": property " << record.property << ", domain " << domain << ", format version "
        << kCaseFormatVersion << "\n";
    gen::writeListing(record.graphCase, out);
    if (const auto& found = record.found) {
      out << "found on the " << found->runtime << (found->onEngine ? " engine: " : " runtime: ") << found->message
          << "\n";
      if (blamed) {
        out << "blamed position: %" << *blamed;
        if (record.found->element) out << ", element " << *record.found->element;
        out << "\n";
      }
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
