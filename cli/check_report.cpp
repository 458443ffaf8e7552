#include "cli/check_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/domains.hpp"
#include "cli/failure_artifacts.hpp"
#include "cli/finding_key.hpp"
#include "properties/applicability.hpp"

namespace tapecheck::cli {
namespace {

std::string indented(const std::string& text, const std::string& pad) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::size_t stop = end == std::string::npos ? text.size() : end;
    out += pad + text.substr(start, stop - start) + "\n";
    start = stop + 1;
  }
  return out;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fs", s);
  return buf;
}

std::vector<std::string> tableHeader(bool timings) {
  std::vector<std::string> h = {"property", "domain", "cases", "n/a", "max nodes", "ops", "floats", "verdict"};
  static_assert(kCasesColumn == 2 && kVerdictColumn == 7, "the named columns follow the header");
  if (timings) h.emplace_back("time");
  return h;
}

// The "floats" column: how the run's float elements matched the spec's. "-"
// where none were compared (exact domains, properties without a comparison).
std::string floatsCell(const props::ComparisonTally& t) {
  if (t.elements == 0) return "-";
  std::string cell;
  const auto part = [&cell](std::uint64_t n, const char* what) {
    if (n > 0) cell += (cell.empty() ? "" : ", ") + std::to_string(n) + what;
  };
  part(t.withinBound, " in bound");
  part(t.withinTolerance, " in tolerance");
  part(t.unbounded, " unbounded");
  return cell.empty() ? "bit-exact" : cell;
}

}  // namespace

std::string shellQuoted(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of(
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./-=,+:") == std::string::npos;
  if (plain) return text;
  std::string out = "'";
  for (char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string serialize(const ReportedRun& run) {
  const nlohmann::json json = {{"property", run.property}, {"domain", run.domain},
                               {"outcome", static_cast<int>(run.outcome)}, {"section", run.section}, {"row", run.row},
                               {"left_case_file", run.leftCaseFile},
                               {"finding_key", run.findingKey}, {"known_as", run.knownAs},
                               {"not_applicable_reasons", run.notApplicableReasons}};
  return json.dump();
}

Result<ReportedRun> deserializeReportedRun(const std::string& bytes) {
  const nlohmann::json json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return fail("a worker's report is not JSON");
  ReportedRun run;
  try {
    run.property = json.at("property").get<std::string>();
    run.domain = json.at("domain").get<std::string>();
    run.outcome = static_cast<RunOutcome>(json.at("outcome").get<int>());
    run.section = json.at("section").get<std::string>();
    run.row = json.at("row").get<std::vector<std::string>>();
    run.leftCaseFile = json.at("left_case_file").get<bool>();
    run.findingKey = json.at("finding_key").get<std::string>();
    run.knownAs = json.at("known_as").get<std::string>();
    run.notApplicableReasons = json.at("not_applicable_reasons").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("a worker's report is malformed: ") + e.what());
  }
  return run;
}

CheckReport::CheckReport(const CheckOptions& options, std::ostream& out)
    : options_(options), out_(out), table_(tableHeader(options.timings)),
      reasons_({"property", "domain", "n/a reasons"}) {}

void CheckReport::header() {
  const RunSettings& s = options_.settings;
  std::string domains;
  for (const auto& d : domainNames()) {
    if (options_.domains.empty() || std::find(options_.domains.begin(), options_.domains.end(), d) != options_.domains.end()) {
      domains += (domains.empty() ? "" : " ") + d;
    }
  }
  std::string ops;
  for (const auto& op : s.config.ops) ops += (ops.empty() ? "" : ",") + op;
  // With a reproduce map the recorded cases run, and the seed draws nothing.
  const std::string seed = s.reproduce.empty() ? std::to_string(s.seed) : "unused (RC_PARAMS reproduce)";
  out_ << "tapecheck check: seed " << seed << ", " << s.cases << " cases per property, max size " << s.maxSize
       << ", domains " << domains << ", ops " << (ops.empty() ? "all" : options_.opsFromEngine ? "the engine's (" + std::to_string(s.config.ops.size()) + ")" : ops) << "\n";
  if (const auto& engine = options_.engine) {
    std::string capabilities;
    const props::Capabilities& c = engine->capabilities;
    for (const auto& [on, name] : {std::pair{c.values, "values"}, {c.gradients, "gradients"}, {c.edges, "edges"},
                                   {c.secondBackward, "second_backward"}}) {
      if (on) capabilities += (capabilities.empty() ? "" : ", ") + std::string(name);
    }
    out_ << "engine: " << engine->name << (engine->version.empty() ? "" : " " + engine->version) << " ("
         << shellQuoted(options_.engineCommand) << "); capabilities: " << (capabilities.empty() ? "none" : capabilities);
    // Absent or unknown capability = feature off, never an error (docs/engine-protocol.md).
    std::string unknown;
    for (const auto& name : engine->unknownCapabilities) unknown += (unknown.empty() ? "" : ", ") + name;
    if (!unknown.empty()) out_ << "; not used (unknown to this tapecheck): " << unknown;
    out_ << "\n";
  }
  out_ << "floats compared: " << comparisonInEffect() << "\n";
  if (!s.reproduce.empty()) {
    out_ << "RC_PARAMS reproduce: only";
    for (const auto& [id, reproduce] : s.reproduce) out_ << " " << id;
    out_ << " run, each on its recorded case\n";
  }
  out_ << "\n" << std::flush;
}

std::string CheckReport::comparisonInEffect() const {
  if (options_.compare) return options_.compare->str() + " (--compare)";
  if (options_.engine) return "order-bound (an engine's default; --compare changes it)";
  if (options_.runtimes.domains().empty()) return "exact (the reference runtime's default; --compare changes it)";
  return "each runtime's own policy (order-bound unless it says otherwise; --compare changes it)";
}

std::string CheckReport::checkCommand(std::string_view domain, std::string_view property, bool withSeed) const {
  const RunSettings& s = options_.settings;
  std::string cmd = shellQuoted(options_.program) + " check";
  if (withSeed) cmd += " --seed " + std::to_string(s.seed) + " --cases " + std::to_string(s.cases);
  if (withSeed && s.maxSize != 100) cmd += " --max-size " + std::to_string(s.maxSize);
  if (options_.timeout != CheckOptions::kDefaultTimeout) {
    char timeout[32];
    std::snprintf(timeout, sizeof timeout, "%g", static_cast<double>(options_.timeout.count()) / 1000.0);
    cmd += std::string(" --timeout ") + timeout;
  }
  if (!options_.engineCommand.empty()) cmd += " --engine " + shellQuoted(options_.engineCommand);
  if (options_.compare) cmd += " --compare " + options_.compare->str();
  cmd += " --domain " + std::string(domain) + " --property " + std::string(property);
  if (!s.config.ops.empty() && !options_.opsFromEngine) {
    std::string ops;
    for (const auto& op : s.config.ops) ops += (ops.empty() ? "" : ",") + op;
    cmd += " --ops " + ops;
  }
  return cmd;
}

template <class S>
std::string CheckReport::failureSection(const PropertyRun<S>& run, const std::string& runtimeName,
                                        bool onEngine) const {
  const std::string domain(spec::Domain<S>::name);
  const std::string rcCommand = "RC_PARAMS=\"" + run.reproduce + "\" " + checkCommand(domain, run.property, false);
  std::ostringstream out;
  const char* word = run.outcome == RunOutcome::Error ? "ERROR " : "FAIL ";
  out << word << run.property << " in " << domain << " on the " << runtimeName << (onEngine ? " engine (" : " runtime (");
  if (run.fromReproduce) {
    out << "the case recorded in RC_PARAMS";
  } else {
    out << "case " << run.cases << " of " << options_.settings.cases;
  }
  out << ", shrunk in " << run.shrinks << " steps)\n";
  out << indented(run.message, "  ");
  out << indented(gen::listing(*run.counterexample), "  ");
  const std::string foundBy = run.fromReproduce ? rcCommand : checkCommand(domain, run.property, true);
  const CaseRecord<S> record = recordOfFailure(run, runtimeName, foundBy, onEngine);
  Result<ArtifactPaths> paths = writeArtifacts(record, options_.outDir, artifactStem(run.property, domain));
  if (!paths) {
    out << "  could not write the case file: " << paths.error() << "\n\n";
    return out.str();
  }
  const std::string json = shellQuoted(paths->caseFile.string());
  const std::string dot = shellQuoted(paths->picture.string());
  std::filesystem::path svg = paths->picture;
  svg.replace_extension(".svg");
  out << "  case file: " << json << "\n";
  out << "  picture:   " << dot << "  (dot -Tsvg " << dot << " -o " << shellQuoted(svg.string()) << ")\n";
  const std::string engine =
      options_.engineCommand.empty() ? "" : " --engine " + shellQuoted(options_.engineCommand);
  const std::string compare = options_.compare ? " --compare " + options_.compare->str() : "";
  out << "  replay:    " << shellQuoted(options_.program) << " replay" << engine << compare << " " << json << "\n";
  out << "  or:        " << rcCommand << "\n\n";
  return out.str();
}

std::string CheckReport::errorSection(std::string_view domain, std::string_view property,
                                      const std::string& why) const {
  const bool fromSeed = options_.settings.reproduce.empty();
  std::string section = "ERROR " + std::string(property) + " in " + std::string(domain) + ": " + why + "\n";
  if (fromSeed) section += "  run it alone: " + checkCommand(domain, property, true) + "\n";
  return section + "\n";
}

ReportedRun CheckReport::withoutCounts(const std::string& domain, const std::string& property, RunOutcome outcome,
                                       std::string section, const std::string& verdict) const {
  ReportedRun run;
  run.property = property;
  run.domain = domain;
  run.outcome = outcome;
  run.section = std::move(section);
  run.row = tableHeader(options_.timings);
  for (std::string& cell : run.row) {
    cell = cell == "property" ? property : cell == "domain" ? domain : cell == "verdict" ? verdict : "-";
  }
  return run;
}

ReportedRun CheckReport::lostRun(const std::string& domain, const std::string& property, const std::string& why) const {
  return withoutCounts(domain, property, RunOutcome::Error, errorSection(domain, property, why),
                       outcomeName(RunOutcome::Error));
}

ReportedRun CheckReport::needsRun(const std::string& domain, const std::string& property,
                                  const std::string& capability) const {
  return withoutCounts(domain, property, RunOutcome::NeedsCapability, "", "needs " + capability);
}

ReportedRun CheckReport::notApplicableRun(const std::string& domain, const std::string& property,
                                          const std::string& reason) const {
  return withoutCounts(domain, property, RunOutcome::NotApplicable, "", "n/a: " + reason);
}

template <class S>
ReportedRun CheckReport::render(const PropertyRun<S>& run, const std::string& runtimeName, bool onEngine) const {
  const std::string domain(spec::Domain<S>::name);
  ReportedRun reported;
  reported.property = run.property;
  reported.domain = domain;
  reported.outcome = run.outcome;
  if (run.outcome == RunOutcome::Fails || (run.outcome == RunOutcome::Error && run.counterexample)) {
    reported.section = failureSection(run, runtimeName, onEngine);
    reported.leftCaseFile = true;
    if (run.counterexample) reported.findingKey = findingKey(run.property, domain, run.counterexample->graph());
  } else if (run.outcome == RunOutcome::Error) {
    reported.section = errorSection(domain, run.property, run.message);
  }
  reported.row = {run.property,
                  std::string(spec::Domain<S>::name),
                  std::to_string(run.cases),
                  std::to_string(run.notApplicable),
                  std::to_string(run.largestGraph),
                  std::to_string(run.opsSeen) + "/" + std::to_string(run.opsInScope),
                  floatsCell(run.tally),
                  outcomeName(run.outcome)};
  if (options_.timings) reported.row.push_back(seconds(run.seconds));
  reported.notApplicableReasons = props::notApplicableReasons(run.notApplicableBy);
  // Only a failure can be known: an ERROR is the engine breaking down, never logged away.
  const auto logged = options_.known.find(findingHash(reported.findingKey));
  if (run.outcome == RunOutcome::Fails && logged != options_.known.end()) {
    reported.knownAs = logged->second;
    reported.row[kVerdictColumn] = "known";
    const std::string caseFile = (options_.outDir / (artifactStem(run.property, domain) + ".json")).string();
    reported.section = "KNOWN " + run.property + " in " + domain + ": the finding logged as " +
                       shellQuoted(reported.knownAs) + " (--known); this run's case: " + shellQuoted(caseFile) + "\n\n";
  }
  return reported;
}

void CheckReport::add(const ReportedRun& run) {
  ++runs_;
  if (!run.knownAs.empty()) {
    ++known_;
  } else if (run.outcome == RunOutcome::Fails) {
    ++failed_;
  }
  if (run.outcome == RunOutcome::Skipped) ++skipped_;
  if (run.outcome == RunOutcome::Error) ++errors_;
  if (run.outcome == RunOutcome::NeedsCapability) ++needs_;
  if (run.outcome == RunOutcome::NotApplicable) ++notApplicable_;
  const bool ran = run.outcome != RunOutcome::Skipped && run.outcome != RunOutcome::NeedsCapability &&
                   run.outcome != RunOutcome::NotApplicable;
  if (ran && !run.leftCaseFile) {
    removeArtifacts(options_.outDir, artifactStem(run.property, run.domain));
  }
  out_ << run.section << std::flush;
  table_.add(run.row);
  if (!run.notApplicableReasons.empty()) reasons_.add({run.property, run.domain, run.notApplicableReasons});
}

int CheckReport::finish() {
  out_ << table_.str() << "\n";
  if (!reasons_.empty()) {
    out_ << "cases not applicable (n/a), by reason:\n\n" << reasons_.str() << "\n";
  }
  std::string skipped = skipped_ ? " (" + std::to_string(skipped_) + " skipped)" : "";
  if (needs_ > 0) {
    skipped += "; " + std::to_string(needs_) + " not run: the engine lacks the capability they need";
  }
  if (notApplicable_ > 0) {
    skipped += "; " + std::to_string(notApplicable_) + " not applicable in their domain (n/a)";
  }
  if (failed_ + errors_ == 0 && known_ > 0) {
    out_ << "all " << runs_ - known_ << " other property runs hold; " << known_
         << " failed on a known finding (--known)" << skipped << "\n";
  } else if (failed_ + errors_ == 0) {
    out_ << "all " << runs_ << " property runs hold" << skipped << "\n";
  } else {
    out_ << failed_ + errors_ << " of " << runs_ << " property runs failed" << skipped;
    if (known_ > 0) out_ << "; " << known_ << " more on a known finding (--known)";
    out_ << "\n";
  }
  out_ << std::flush;
  return failed_ + errors_ > 0 ? 1 : 0;
}

#define TAPECHECK_INSTANTIATE(S) \
  template ReportedRun CheckReport::render<S>(const PropertyRun<S>&, const std::string&, bool) const;
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
