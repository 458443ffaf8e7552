#pragma once
// `tapecheck replay FILE...`: re-runs the property a case file names (or every
// property of its domain) on exactly that case, against the runtime under test.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/case_file.hpp"
#include "cli/case_loader.hpp"
#include "cli/runtime_set.hpp"
#include "engines/protocol_engine.hpp"
#include "properties/catalog.hpp"

namespace tapecheck::cli {

struct ReplayOptions {
  std::vector<std::string> files;
  std::string property;  // empty: the one the file records; "all": every property of its domain
  RuntimeSet runtimes;   // the runtime under test (the reference one by default)
  std::string engineCommand;  // `--engine`: an engine of docs/engine-protocol.md instead
  engines::EngineTimeouts engineTimeouts;
  std::uint64_t maxWork = kDefaultMaxWork;  // --max-work: refuse heavier cases (see checkWorkBudget)
  std::optional<props::Comparison> compare;  // --compare, as for check
};

/// Exit code: 0 every replayed property holds, 1 one fails, 2 a file is unreadable or invalid.
int runReplay(const ReplayOptions& options, std::ostream& out, std::ostream& err);

/// "at /property: no property 'x' in domain modp" (or "--property: ..."): the
/// one message replay and show give for a property the domain lacks.
template <class S>
std::unexpected<std::string> noSuchProperty(const std::string& where, const std::string& name) {
  return fail(where + ": no property " + quoteShort(name) + " in domain " + std::string(spec::Domain<S>::name));
}

struct ReplayVerdict {
  std::string property;
  props::Verdict verdict;
};

/// Checks `record` against `runtime`: the recorded property, or every
/// property of the domain when `property` is "all", or the one named.
template <class S>
Result<std::vector<ReplayVerdict>> replayCase(const CaseRecord<S>& record, const props::RuntimeAdapter<S>& runtime,
                                              const std::string& property);

}  // namespace tapecheck::cli
