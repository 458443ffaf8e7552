#pragma once
// The text `tapecheck check` prints: a header, a section per failing property
// (its listing, the files written, the commands that replay it) and a summary
// table. Nothing in it depends on the clock unless timings are asked for, so
// the same seed prints the same bytes.
#include <ostream>
#include <string>

#include "cli/check_command.hpp"
#include "cli/text_table.hpp"

namespace tapecheck::cli {

class CheckReport {
 public:
  CheckReport(const CheckOptions& options, std::ostream& out);

  void header();
  /// Records one property run; prints its failure section if it failed.
  template <class S>
  void add(const PropertyRun<S>& run, const std::string& runtimeName);
  /// Prints the summary and returns the exit code.
  int finish();

 private:
  template <class S>
  void reportFailure(const PropertyRun<S>& run, const std::string& runtimeName);
  std::string checkCommand(std::string_view domain, std::string_view property, bool withSeed) const;

  const CheckOptions& options_;
  std::ostream& out_;
  TextTable table_;
  int runs_ = 0;
  int failed_ = 0;
  int errors_ = 0;
  int skipped_ = 0;
};

/// `text` quoted for a POSIX shell when it needs quoting.
std::string shellQuoted(const std::string& text);

}  // namespace tapecheck::cli
