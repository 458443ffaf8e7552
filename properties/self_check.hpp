#pragma once
// A self-check of the harness: a test of one of tapecheck's own parts (its
// comparison, its applicability guards, its generator, its op kernels)
// against what that part promises. The mutant zoo's harness families are
// killed by these, as runtime mutants are killed by properties.
#include <cstddef>
#include <string>

namespace tapecheck::props {

struct SelfCheckResult {
  std::string check;  // the self-check's name, e.g. "distribution_floors"
  bool failed = false;
  /// Cases (or table rows) examined up to and including the one that decided
  /// the failure (1-based); 0 when it held.
  std::size_t casesToFailure = 0;
  std::size_t casesEvaluated = 0;
  /// The evidence, when it is one case: its op nodes and largest tensor.
  std::size_t evidenceNodes = 0;
  std::size_t evidenceElements = 0;
  std::string message;  // what is wrong, in a sentence a maintainer can act on
};

}  // namespace tapecheck::props
