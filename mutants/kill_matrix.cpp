#include "mutants/kill_matrix.hpp"

#include <rapidcheck.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <tuple>
#include <unordered_map>

#include "generators/gen.hpp"
#include "properties/catalog.hpp"
#include "spec/scalar/domains.hpp"
#include "generators/quiet_listener.hpp"

namespace tapecheck::mutants {
namespace {

using ReproduceMap = std::unordered_map<std::string, rc::detail::Reproduce>;

bool selected(const std::vector<std::string>& filter, std::string_view name) {
  return filter.empty() || std::find(filter.begin(), filter.end(), name) != filter.end();
}

std::size_t largestTensor(const std::vector<spec::Shape>& shapes) {
  std::size_t largest = 0;
  for (const auto& s : shapes) largest = std::max(largest, s.numel());
  return largest;
}

// Runs one property against one mutant as the suite would (its own float
// value mix, RapidCheck's shrinking). Why the capture: RapidCheck only accepts
// failing shrinks, so the last failing case it evaluates is the shrunk one.
template <class S>
KillCell runPair(const Mutant<S>& mutant, const props::PropertySpec<S>& property,
                 const rc::detail::TestParams& params, bool print) {
  KillCell cell;
  cell.property = std::string(property.name);
  const Adapter<S> runtime = mutant.make();
  const Adapter<S> reference = props::referenceAdapter<S>();
  gen::GenConfig config;
  config.floatValues = property.values;
  const auto cases = gen::genGraphCase<S>(config);
  rc::detail::TestMetadata metadata;
  metadata.id = std::string(property.name) + " vs " + std::string(mutant.name) + " in " +
                std::string(spec::Domain<S>::name);
  metadata.description = metadata.id;
  gen::QuietListener listener;
  const auto start = std::chrono::steady_clock::now();
  const auto result = rc::detail::checkTestable(
      [&] {
        const gen::GraphCase<S> c = *cases;
        ++cell.casesEvaluated;
        const props::Verdict verdict = property.check(runtime, c);
        if (!verdict.failed()) return;
        if (cell.casesToFirstFailure == 0) cell.casesToFirstFailure = cell.casesEvaluated;
        cell.shrunkNodes = c.nodeCount();
        cell.shrunkMaxElements = largestTensor(c.data.shapes);
        cell.failure = verdict.message;
        cell.shrunkListing = gen::listing(c);
        cell.referenceFailsToo = property.check(reference, c).failed();
        RC_FAIL(verdict.message);
      },
      metadata, params, listener, ReproduceMap{});
  cell.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cell.killed = result.template is<rc::detail::FailureResult>() && !cell.referenceFailsToo;
  if (print) {
    std::cerr << "- " << metadata.description << "\n";
    rc::detail::printResultMessage(result, std::cerr);
    std::cerr << "\n";
  }
  return cell;
}

template <class S>
void appendRows(std::vector<KillRow>& rows, const KillMatrixOptions& options) {
  if (!selected(options.domains, spec::Domain<S>::name)) return;
  for (const Mutant<S>& m : mutantsFor<S>()) {
    if (selected(options.mutants, m.name)) rows.push_back(killRow(m, options));
  }
}

std::string formatSeconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f s", s);
  return buffer;
}

}  // namespace

bool KillRow::killed() const {
  return std::any_of(cells.begin(), cells.end(), [](const KillCell& c) { return c.killed; });
}

const KillCell* KillRow::smallestKill() const {
  const KillCell* best = nullptr;
  for (const KillCell& c : cells) {
    if (!c.killed) continue;
    if (!best || std::tie(c.shrunkNodes, c.shrunkMaxElements) < std::tie(best->shrunkNodes, best->shrunkMaxElements)) {
      best = &c;
    }
  }
  return best;
}

double KillRow::seconds() const {
  double total = 0;
  for (const KillCell& c : cells) total += c.seconds;
  return total;
}

template <class S>
KillRow killRow(const Mutant<S>& mutant, const KillMatrixOptions& options) {
  // Why only when needed: reading the configuration makes RapidCheck print it.
  rc::detail::TestParams params =
      options.seed && options.maxSuccess ? rc::detail::TestParams{} : rc::detail::configuration().testParams;
  if (options.seed) params.seed = *options.seed;
  if (options.maxSuccess) params.maxSuccess = *options.maxSuccess;
  KillRow row;
  row.domain = std::string(spec::Domain<S>::name);
  row.mutant = std::string(mutant.name);
  row.bugClass = std::string(mutant.bugClass);
  row.family = mutant.family;
  row.seed = params.seed;
  for (const props::PropertySpec<S>& property : props::catalog<S>()) {
    if (!selected(options.properties, property.name)) continue;
    row.cells.push_back(runPair(mutant, property, params, options.printRapidCheck));
    if (options.stopAtFirstKill && row.cells.back().killed) break;
  }
  return row;
}

std::vector<KillRow> killMatrix(const KillMatrixOptions& options) {
  std::vector<KillRow> rows;
#define TAPECHECK_APPEND_ROWS(S) appendRows<S>(rows, options);
  TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_APPEND_ROWS)
#undef TAPECHECK_APPEND_ROWS
  return rows;
}

std::string killMatrixMarkdown(const std::vector<KillRow>& rows) {
  std::string out =
      "| domain | mutant | killed by (cases to first failure) | smallest shrunk case | time |\n"
      "|---|---|---|---|---|\n";
  for (const KillRow& row : rows) {
    std::string killers;
    for (const KillCell& c : row.cells) {
      if (!c.killed && !c.referenceFailsToo) continue;
      if (!killers.empty()) killers += ", ";
      killers += c.property + " (" + std::to_string(c.casesToFirstFailure) +
                 (c.referenceFailsToo ? ", fails on the reference too: not a kill)" : ")");
    }
    const KillCell* best = row.smallestKill();
    const std::string shrunk = best ? std::to_string(best->shrunkNodes) + " nodes, " +
                                          std::to_string(best->shrunkMaxElements) + " elements (" +
                                          best->property + ")"
                                    : "-";
    out += "| " + row.domain + " | " + row.mutant + " | " + (row.killed() ? killers : "**not killed** " + killers) +
           " | " + shrunk + " | " + formatSeconds(row.seconds()) + " |\n";
  }
  return out;
}

#define TAPECHECK_INSTANTIATE(S) template KillRow killRow<S>(const Mutant<S>&, const KillMatrixOptions&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::mutants
