#include "mutants/kill_matrix.hpp"

#include <rapidcheck.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <cstdio>
#include <iostream>
#include <tuple>
#include <unordered_map>

#include "generators/gen.hpp"
#include "properties/applicability.hpp"
#include "properties/catalog.hpp"
#include "properties/op_semantics.hpp"
#include "spec/registry.hpp"
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

template <class S>
rc::Gen<gen::GraphCase<S>> casesDrawnAs(gen::FloatValues values) {
  gen::GenConfig config;
  config.floatValues = values;
  return gen::genGraphCase<S>(config);
}

// Runs one check of single cases as the suite would (its own float value
// mix, RapidCheck's shrinking), against a mutant and, on the shrunk case, the
// reference. Why the capture: RapidCheck only accepts failing shrinks, so the
// last failing case it evaluates is the shrunk one.
template <class S>
KillCell runCaseCheck(const std::string& name, const std::string& against,
                      const std::function<props::Verdict(const gen::GraphCase<S>&)>& onMutant,
                      const std::function<props::Verdict(const gen::GraphCase<S>&)>& onReference,
                      const rc::Gen<gen::GraphCase<S>>& cases, const rc::detail::TestParams& params, bool print) {
  KillCell cell;
  cell.property = name;
  rc::detail::TestMetadata metadata;
  metadata.id = name + " vs " + against + " in " + std::string(spec::Domain<S>::name);
  metadata.description = metadata.id;
  gen::QuietListener listener;
  const auto start = std::chrono::steady_clock::now();
  const auto result = rc::detail::checkTestable(
      [&] {
        const gen::GraphCase<S> c = *cases;
        ++cell.casesEvaluated;
        const props::Verdict verdict = onMutant(c);
        if (!verdict.failed()) return;
        if (cell.casesToFirstFailure == 0) cell.casesToFirstFailure = cell.casesEvaluated;
        cell.shrunkNodes = c.nodeCount();
        cell.shrunkMaxElements = largestTensor(c.data.shapes);
        cell.failure = verdict.message;
        cell.shrunkListing = gen::listing(c);
        cell.referenceFailsToo = onReference(c).failed();
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
KillCell runPair(const Mutant<S>& mutant, const props::PropertySpec<S>& property,
                 const rc::detail::TestParams& params, bool print) {
  const Adapter<S> runtime = mutant.make();
  const Adapter<S> reference = props::referenceAdapter<S>();
  return runCaseCheck<S>(
      std::string(property.name), std::string(mutant.name),
      [&](const gen::GraphCase<S>& c) { return property.check(runtime, c); },
      [&](const gen::GraphCase<S>& c) { return property.check(reference, c); },
      gen::genGraphCase<S>(props::casesFor(property)), params, print);
}

// A census or a table: no shrunk case; the evidence says what decided it.
template <class Check>
KillCell runSelfCheck(Check check, const props::SelfCheckResult& onReference, std::string evidence) {
  KillCell cell;
  const auto start = std::chrono::steady_clock::now();
  const props::SelfCheckResult r = check();
  cell.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  cell.property = r.check;
  cell.referenceFailsToo = r.failed && onReference.failed;
  cell.killed = r.failed && !onReference.failed;
  cell.casesToFirstFailure = r.casesToFailure;
  cell.casesEvaluated = r.casesEvaluated;
  cell.shrunkNodes = r.evidenceNodes;
  cell.shrunkMaxElements = r.evidenceElements;
  cell.failure = r.failed ? r.message : onReference.message;
  cell.evidence = std::move(evidence);
  return cell;
}

props::SelfCheckResult fromSemantics(const props::SemanticsReport& report) {
  props::SelfCheckResult r;
  r.check = "op_semantics";
  r.casesEvaluated = report.rows;
  if (!report.hasTable) {
    r.failed = true;
    r.message = "no semantics table";
  } else if (report.mismatch) {
    r.failed = true;
    r.casesToFailure = report.mismatch->rowsChecked;
    r.evidenceNodes = 1;
    r.message = report.mismatch->row;
  }
  return r;
}

// The self-check of the part a harness mutant breaks, with the real part as
// the reference (a failure both share is the check's, not the mutant's).
template <class S>
KillCell harnessCell(const Mutant<S>& mutant, const rc::detail::TestParams& params, bool print) {
  const HarnessPart<S>& part = mutant.harness;
  if (part.comparison) {
    const props::DifferenceFinder<S> broken = part.comparison(), real = props::exactComparison<S>();
    return runCaseCheck<S>(
        "comparison_sees_every_change", std::string(mutant.name),
        [&](const gen::GraphCase<S>& c) { return props::comparisonSeesEveryPlantedChange(broken, c); },
        [&](const gen::GraphCase<S>& c) { return props::comparisonSeesEveryPlantedChange(real, c); },
        casesDrawnAs<S>(gen::FloatValues::Finite), params, print);
  }
  if (part.property) {
    const props::PropertySpec<S> broken = part.property();
    const props::PropertySpec<S>& real = *props::findProperty<S>(broken.name);
    const Adapter<S> reference = props::referenceAdapter<S>();
    return runSelfCheck([&] { return props::applicabilityWithinCeiling(broken, reference); },
                        props::applicabilityWithinCeiling(real, reference), "a census of cases");
  }
  if (part.generator) {
    return runSelfCheck([&] { return props::distributionFloorsHold<S>(part.generator()); },
                        props::distributionFloorsHold<S>(props::defaultSampler<S>()), "a census of cases");
  }
  KillCell cell;  // an op is sharedKernelCells'
  cell.property = "self-check";
  cell.failure = "the mutant breaks no part this check knows";
  return cell;
}

// The case with every node of op `from` reading op `to` instead.
template <class S>
gen::GraphCase<S> withOpSwapped(const gen::GraphCase<S>& c, const spec::OpDef* from, const spec::OpDef* to) {
  spec::Graph g = c.graph();
  for (spec::GraphNode& node : g.nodes) {
    if (node.op == from) node.op = to;
  }
  gen::GraphCase<S> out = c;
  if (auto data = spec::makeGraphData<S>(std::move(g))) out.data = std::move(*data);
  return out;
}

// A kernel that spec and runtime share: its semantics table, and every T5
// property of the domain (the only properties that can see a VJP that is not
// the forward's adjoint) on cases that draw the broken op in its place.
template <class S>
std::vector<KillCell> sharedKernelCells(const Mutant<S>& mutant, const rc::detail::TestParams& params, bool print) {
  const spec::OpDef* broken = mutant.harness.op ? mutant.harness.op() : nullptr;
  const spec::OpDef* real = broken ? spec::findOp(broken->name) : nullptr;
  if (!broken || !real) {
    KillCell cell;
    cell.property = "op_semantics";
    cell.failure = "the mutant has no op in this domain";
    return {cell};
  }
  std::vector<KillCell> cells = {runSelfCheck([&] { return fromSemantics(props::checkOpSemantics<S>(*broken)); },
                                              fromSemantics(props::checkOpSemantics<S>(*real)), "a table row")};
  const props::RuntimeAdapter<S> reference = props::referenceAdapter<S>();
  for (const props::PropertySpec<S>& property : props::catalog<S>()) {
    if (!property.name.starts_with("T5_")) continue;
    const gen::GenConfig config = props::casesFor(property);
    std::vector<const spec::OpDef*> ops = gen::opsInScope<S>(config);
    std::replace(ops.begin(), ops.end(), real, broken);
    cells.push_back(runCaseCheck<S>(
        std::string(property.name), std::string(mutant.name),
        [&](const gen::GraphCase<S>& c) { return property.check(reference, c); },
        [&](const gen::GraphCase<S>& c) { return property.check(reference, withOpSwapped(c, broken, real)); },
        gen::genGraphCaseWithOps<S>(config, ops), params, print));
  }
  return cells;
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
  if (mutant.harness.op) {
    row.cells = sharedKernelCells(mutant, params, options.printRapidCheck);
    return row;
  }
  if (breaksTheHarness(mutant.family)) {
    row.cells.push_back(harnessCell(mutant, params, options.printRapidCheck));
    return row;
  }
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
    const std::string shrunk = !best                    ? "-"
                               : !best->evidence.empty() ? best->evidence + " (" + best->property + ")"
                                                         : std::to_string(best->shrunkNodes) + " nodes, " +
                                                               std::to_string(best->shrunkMaxElements) + " elements (" +
                                                               best->property + ")";
    out += "| " + row.domain + " | " + row.mutant + " | " + (row.killed() ? killers : "**not killed** " + killers) +
           " | " + shrunk + " | " + formatSeconds(row.seconds()) + " |\n";
  }
  return out;
}

#define TAPECHECK_INSTANTIATE(S) template KillRow killRow<S>(const Mutant<S>&, const KillMatrixOptions&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::mutants
