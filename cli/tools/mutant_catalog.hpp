#pragma once
// Which property catches which deliberately broken runtime (mutants/), in
// which domain: the pairs the harness tests check.
// Used to regenerate regressions/ (mutants/registry.hpp lists the zoo, but
// not which property is meant to catch which mutant). Test-only code: never
// linked into tapecheck itself.
#include <cctype>
#include <functional>
#include <string>
#include <vector>

#include "mutants/mutants.hpp"

namespace tapecheck::cli::tools {

template <class S>
struct MutantPairing {
  std::string property;
  std::function<props::RuntimeAdapter<S>()> makeRuntime;  // a fresh one: some mutants keep state
};

template <class S>
std::vector<MutantPairing<S>> mutantPairings() {
  using spec::ModP;
  std::vector<MutantPairing<S>> pairs;
  if constexpr (std::is_same_v<S, ModP>) {
    pairs.push_back({"T3_backward_eq_spec", mutants::overwriteInsteadOfAccumulate<S>});
    pairs.push_back({"T3_backward_eq_spec", mutants::forwardIterationOrder<S>});
    pairs.push_back({"T1_requires_grad", mutants::leavesWithoutRequiresGrad<S>});
    pairs.push_back({"T2_pids_lt_id", mutants::selfEdge<S>});
    pairs.push_back({"T3_backward_eq_spec", mutants::selfEdge<S>});
    pairs.push_back({"zero_seed_gives_zero", mutants::implicitUnitSeed<S>});
    pairs.push_back({"linear_in_seed", mutants::gradientsNotZeroedBetweenRuns<S>});
    pairs.push_back({"reachable_eq_dense", mutants::reachabilityFollowsFirstParentOnly<S>});
  }
  if constexpr (std::is_same_v<S, double>) {
    pairs.push_back({"T3_backward_eq_spec", mutants::overwriteInsteadOfAccumulate<S>});
    pairs.push_back({"T4_values_eq_eval", mutants::valuesShiftedByOne<S>});
    pairs.push_back({"backward_deterministic", mutants::gradientsNotZeroedBetweenRuns<S>});
  }
  if constexpr (std::is_same_v<S, float>) {
    pairs.push_back({"T3_backward_eq_spec", mutants::forwardIterationOrder<S>});
    pairs.push_back({"grad_shapes_eq_value_shapes", mutants::flattenedGradients<S>});
  }
  return pairs;
}

/// "overwrite instead of accumulate" -> "overwrite-instead-of-accumulate".
inline std::string slug(const std::string& name) {
  std::string out;
  for (char ch : name) {
    const bool keep = std::isalnum(static_cast<unsigned char>(ch)) != 0;
    if (keep) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

}  // namespace tapecheck::cli::tools
