#pragma once
// `tapecheck mutants`: the kill matrix of the mutant zoo (mutants/). Every
// deliberately broken runtime, in every domain where the default suite must
// kill it, against every property of the suite, run as `tapecheck check` runs
// them; printed as one line per mutant and domain, or one per pair (--cells),
// or as Markdown for docs/mutants.md.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "spec/result.hpp"

namespace tapecheck::cli {

enum class MatrixFormat { Summary, Cells, Markdown };

struct MutantsOptions {
  std::uint64_t seed = 1;  // the kill test's seed: the documented matrix by default
  int cases = 100;
  std::vector<std::string> mutants;     // names; empty means all
  std::vector<std::string> domains;     // names; empty means all
  std::vector<std::string> properties;  // names; empty means all
  MatrixFormat format = MatrixFormat::Summary;
  bool timings = false;
  bool list = false;  // only list the zoo
  int jobs = 1;       // worker processes; 0 means one per hardware thread
};

class CommandLine;
/// Adds `mutants` (its flags and action) to a command line.
void addMutantsCommand(CommandLine& commandLine);

/// Known mutant, domain and property names. An error means exit code 2.
Status validateMutantsOptions(const MutantsOptions& options);

/// Prints the matrix and returns the exit code: 0 when every mutant dies in
/// every selected domain with every shrunk counterexample within the kill
/// test's bounds, 1 otherwise.
int runMutants(const MutantsOptions& options, std::ostream& out);

}  // namespace tapecheck::cli
