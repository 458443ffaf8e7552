#pragma once
// `tapecheck check`: every catalog property in every selected domain through
// RapidCheck, a failure report (listing, case file, DOT, replay commands) per
// failing property, and a summary table.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "cli/property_run.hpp"

namespace tapecheck::cli {

struct CheckOptions {
  std::vector<std::string> domains;  // names; empty means every domain
  std::string property = "all";
  RunSettings settings;
  std::filesystem::path outDir = "tapecheck-failures";
  bool timings = false;   // a time column; off keeps the output byte-identical across runs
  bool progress = false;  // live progress on the error stream (a terminal)
  std::string program = "tapecheck";  // how printed commands call us
  std::string rcParams;  // RC_PARAMS; only its reproduce entries are used
  /// Worker processes running properties side by side; 0 means one per
  /// hardware thread. The output does not depend on it (timings aside).
  int jobs = 1;
};

/// Checks what the option parser cannot: known domains, ops, property, and
/// RC_PARAMS. An error means exit code 2.
Status validateCheckOptions(CheckOptions& options);

/// Runs the check and returns the exit code: 0 every property holds, 1 one
/// failed (or errored).
int runCheck(const CheckOptions& options, std::ostream& out, std::ostream& progress);

}  // namespace tapecheck::cli
