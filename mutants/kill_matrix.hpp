#pragma once
// The kill matrix: every mutant of the zoo against every property of the
// default suite (props::catalog<S>()), each pair run by RapidCheck as the
// suite runs it, recording whether the property kills the mutant, after how
// many cases, how small the shrunk counterexample is, and how long it took.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mutants/registry.hpp"

namespace tapecheck::mutants {

/// How small a killing counterexample must shrink (the harness-power issue):
/// at most this many op nodes, and this many elements in any one tensor.
inline constexpr std::size_t kMaxShrunkNodes = 3;
inline constexpr std::size_t kMaxShrunkElements = 4;

/// One mutant × property pair.
struct KillCell {
  std::string property;
  /// The property failed on the mutant and holds for the reference runtime on
  /// the shrunk case (a failure the reference shares is the property's own).
  bool killed = false;
  /// The property failed on the mutant, and on the reference runtime too.
  bool referenceFailsToo = false;
  /// Cases RapidCheck evaluated up to and including the first failing one
  /// (1-based); 0 when the property never failed.
  std::size_t casesToFirstFailure = 0;
  /// Every evaluation, shrinking included.
  std::size_t casesEvaluated = 0;
  /// The shrunk counterexample: op nodes, and the largest element count of
  /// any position's tensor. 0 when not killed.
  std::size_t shrunkNodes = 0;
  std::size_t shrunkMaxElements = 0;
  double seconds = 0;
  std::string failure;        // the property's message on the shrunk case
  std::string shrunkListing;  // gen::listing of the shrunk case
  /// For a self-check that decides on a census or a table rather than one
  /// case ("a census of cases", "a table row"): what to show for the shrunk case.
  std::string evidence;

  /// The shrunk case is within kMaxShrunkNodes and kMaxShrunkElements.
  bool withinBounds() const { return shrunkNodes <= kMaxShrunkNodes && shrunkMaxElements <= kMaxShrunkElements; }
};

/// One mutant in one domain: a cell per property, in catalog order.
struct KillRow {
  std::string domain;
  std::string mutant;
  std::string bugClass;
  BugFamily family = BugFamily::ReverseLoop;
  std::uint64_t seed = 0;  // RapidCheck's seed for every cell of the row
  std::vector<KillCell> cells;

  bool killed() const;
  /// The killing cell with the smallest shrunk case (nodes, then elements), or null.
  const KillCell* smallestKill() const;
  double seconds() const;
};

struct KillMatrixOptions {
  /// RapidCheck's seed; unset: the configured one (RC_PARAMS, else random).
  std::optional<std::uint64_t> seed;
  /// Cases per pair; unset: the configured max_success (100 by default).
  std::optional<int> maxSuccess;
  /// Restrict to these mutant names, property names or domain names
  /// (Domain<S>::name); empty means all.
  std::vector<std::string> mutants;
  std::vector<std::string> properties;
  std::vector<std::string> domains;
  /// Skip a row's remaining properties once one has killed the mutant.
  bool stopAtFirstKill = false;
  /// Print RapidCheck's result message for every pair to stderr.
  bool printRapidCheck = false;
};

/// The row of one mutant in domain S.
template <class S>
KillRow killRow(const Mutant<S>& mutant, const KillMatrixOptions& options = {});

/// Every mutant in every domain it applies to (zoo order, domains in
/// TAPECHECK_FOR_EACH_DOMAIN order), filtered by the options.
std::vector<KillRow> killMatrix(const KillMatrixOptions& options = {});

/// A Markdown table, one line per row: domain, mutant, the properties that
/// kill it (with cases to the first failure), the smallest shrunk case, time.
std::string killMatrixMarkdown(const std::vector<KillRow>& rows);

}  // namespace tapecheck::mutants
