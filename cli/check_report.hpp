#pragma once
// The text `tapecheck check` prints: a header, a section per failing property
// (its listing, the files written, the commands that replay it) and a summary
// table. Nothing in it depends on the clock unless timings are asked for, so
// the same seed prints the same bytes.
#include <ostream>
#include <string>
#include <vector>

#include "cli/check_command.hpp"
#include "cli/text_table.hpp"

namespace tapecheck::cli {

/// What the report keeps of one property run: its section of text (empty
/// when it holds) and its row of the summary table. Plain strings, so that a
/// worker process can hand it to the parent (`--jobs`).
struct ReportedRun {
  std::string property;
  std::string domain;
  RunOutcome outcome = RunOutcome::Holds;
  std::string section;
  std::vector<std::string> row;
  bool leftCaseFile = false;  // its case file and picture are in --out
  std::string findingKey;     // of its shrunk case, when it failed on one (cli/finding_key.hpp)
  std::string knownAs;        // the --known case file logging that finding, if any
  std::string notApplicableReasons;  // its n/a cases by reason (notApplicableReasons())
};

/// Columns of ReportedRun::row that a reader of rows (a campaign) needs.
inline constexpr std::size_t kCasesColumn = 2;
inline constexpr std::size_t kVerdictColumn = 7;

std::string serialize(const ReportedRun& run);
Result<ReportedRun> deserializeReportedRun(const std::string& bytes);

class CheckReport {
 public:
  CheckReport(const CheckOptions& options, std::ostream& out);

  void header();
  /// The section and row of one run; writes its case file and picture if it failed.
  /// `onEngine`: the run was on a whole engine, and its failure says so.
  template <class S>
  ReportedRun render(const PropertyRun<S>& run, const std::string& runtimeName, bool onEngine = false) const;
  /// The ERROR section and row of a run that did not finish (its worker
  /// crashed or stalled): what happened and the command that runs it alone.
  ReportedRun lostRun(const std::string& domain, const std::string& property, const std::string& why) const;
  /// The row of an engine property the engine cannot serve.
  ReportedRun needsRun(const std::string& domain, const std::string& property, const std::string& capability) const;
  /// The row of an engine property that never applies in the domain: "n/a: <reason>".
  ReportedRun notApplicableRun(const std::string& domain, const std::string& property, const std::string& reason) const;
  /// Prints a run's section and keeps its row. A run that ran and left no
  /// case file removes the one an earlier failure of it left in --out.
  void add(const ReportedRun& run);
  /// Prints the summary and returns the exit code.
  int finish();

 private:
  template <class S>
  std::string failureSection(const PropertyRun<S>& run, const std::string& runtimeName, bool onEngine) const;
  /// A row of dashes but for its property, domain and verdict: a run with no
  /// counts to show (lost, not run, not applicable).
  ReportedRun withoutCounts(const std::string& domain, const std::string& property, RunOutcome outcome,
                            std::string section, const std::string& verdict) const;
  /// The float comparison the runs use, for the header.
  std::string comparisonInEffect() const;
  std::string checkCommand(std::string_view domain, std::string_view property, bool withSeed) const;
  std::string errorSection(std::string_view domain, std::string_view property, const std::string& why) const;

  const CheckOptions& options_;
  std::ostream& out_;
  TextTable table_;
  TextTable reasons_;  // one row per run with n/a cases: how many of each reason
  int runs_ = 0;
  int failed_ = 0;
  int errors_ = 0;
  int skipped_ = 0;
  int needs_ = 0;
  int notApplicable_ = 0;
  int known_ = 0;
};

/// `text` quoted for a POSIX shell when it needs quoting.
std::string shellQuoted(const std::string& text);

}  // namespace tapecheck::cli
