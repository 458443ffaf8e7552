#include "cli/replay_command.hpp"

#include <ostream>

#include "cli/case_loader.hpp"
#include "cli/check_report.hpp"

namespace tapecheck::cli {
namespace {

// Case files written before `found.engine` existed still name the engine in
// the command that found them.
bool foundOnEngine(const Provenance& found) {
  return found.onEngine || found.command.find(" --engine ") != std::string::npos;
}

}  // namespace

template <class S>
Result<std::vector<ReplayVerdict>> replayCase(const CaseRecord<S>& record, const props::RuntimeAdapter<S>& runtime,
                                              const std::string& property) {
  std::vector<ReplayVerdict> verdicts;
  if (property == "all") {
    for (const auto& p : props::catalog<S>()) {
      verdicts.push_back({std::string(p.name), p.check(runtime, record.graphCase)});
    }
    return verdicts;
  }
  const std::string& name = property.empty() ? record.property : property;
  const props::PropertySpec<S>* spec = props::findProperty<S>(name);
  if (!spec) {
    return noSuchProperty<S>(property.empty() ? "at /property" : "--property", name);
  }
  verdicts.push_back({name, spec->check(runtime, record.graphCase)});
  return verdicts;
}

template <class S>
Result<std::vector<ReplayVerdict>> replayEngineCase(const CaseRecord<S>& record, const props::Engine<S>& engine,
                                                    const std::string& property) {
  std::vector<ReplayVerdict> verdicts;
  for (const auto& p : props::engineCatalog<S>()) {
    const bool chosen = property == "all" || p.name == (property.empty() ? record.property : property);
    if (!chosen) continue;
    if (!p.available(engine.capabilities)) {
      if (property == "all") continue;
      return fail("the engine cannot be checked for " + std::string(p.name) + ": it needs " + std::string(p.needs));
    }
    verdicts.push_back({std::string(p.name), p.check(engine, record.graphCase)});
  }
  if (verdicts.empty() && property != "all") {
    const std::string& name = property.empty() ? record.property : property;
    return fail((property.empty() ? "at /property: " : "--property: ") + std::string("no engine property ") +
                quoteShort(name) + " (`tapecheck check --engine ... --property all` lists them)");
  }
  return verdicts;
}

int runReplay(const ReplayOptions& options, std::ostream& out, std::ostream& err) {
  bool badInput = false, failed = false;
  std::shared_ptr<engines::EngineConnection> connection;
  std::optional<engines::EngineHello> hello;
  if (!options.engineCommand.empty()) {
    connection = std::make_shared<engines::EngineConnection>(options.engineCommand, options.engineTimeouts);
    Result<engines::EngineHello> greeting = connection->hello();
    if (!greeting) {
      err << "tapecheck replay: --engine " << shellQuoted(options.engineCommand) << ": " << greeting.error() << "\n";
      return 2;
    }
    hello = *greeting;
  }
  for (const std::string& path : options.files) {
    Result<CaseFileDocument> file = openCaseFile(path);
    if (!file) {
      err << "tapecheck replay: " << file.error() << "\n";
      badInput = true;
      continue;
    }
    const Status status = visitCase(std::move(*file), [&](const auto& record) -> Status {
      using S = typename std::remove_cvref_t<decltype(record)>::Scalar;
      if (Status budget = checkWorkBudget(record.graphCase.graph(), record.graphCase.data.shapes, options.maxWork);
          !budget) {
        return fail(path + ": " + budget.error());
      }
      Result<std::vector<ReplayVerdict>> verdicts = fail("");
      if (hello) {
        const std::string domain(spec::Domain<S>::name);
        if (std::find(hello->domains.begin(), hello->domains.end(), domain) == hello->domains.end()) {
          return fail(path + ": the engine does not compute in " + domain);
        }
        props::Engine<S> engine = engines::protocolEngine<S>(connection, *hello);
        if (options.compare) engine.compare = *options.compare;
        verdicts = replayEngineCase(record, engine, options.property);
      } else if (const auto* makeEngine = options.runtimes.template engineIn<S>()) {
        props::Engine<S> engine = (*makeEngine)();
        if (options.compare) engine.compare = *options.compare;
        verdicts = replayEngineCase(record, engine, options.property);
      } else {
        props::RuntimeAdapter<S> runtime = options.runtimes.template make<S>();
        if (options.compare) runtime.compare = *options.compare;
        if (const auto& found = record.found; found && foundOnEngine(*found)) {
          out << path << ": note: found on the " << found->runtime << " engine; replaying against the " << runtime.name
              << " runtime (add --engine COMMAND to replay it on the engine)\n";
        }
        verdicts = replayCase(record, runtime, options.property);
      }
      if (!verdicts) return fail(path + ": " + verdicts.error());
      for (const ReplayVerdict& v : *verdicts) {
        const char* word = v.verdict.failed()   ? "FAILS"
                           : v.verdict.broken() ? "ERROR"
                           : v.verdict.applicable() ? "holds"
                                                    : "not applicable";
        out << path << ": " << v.property << " in " << spec::Domain<S>::name << " " << word << "\n";
        if (v.verdict.failed() || v.verdict.broken()) {
          failed = true;
          out << "  " << v.verdict.message << "\n";
          gen::writeListing(record.graphCase, out);
        } else if (!v.verdict.applicable()) {
          out << "  " << v.verdict.message << "\n";
        }
      }
      return {};
    });
    if (!status) {
      err << "tapecheck replay: " << status.error() << "\n";
      badInput = true;
    }
  }
  out << std::flush;
  return badInput ? 2 : failed ? 1 : 0;
}

#define TAPECHECK_INSTANTIATE(S)                                                               \
  template Result<std::vector<ReplayVerdict>> replayCase<S>(const CaseRecord<S>&,              \
                                                            const props::RuntimeAdapter<S>&,   \
                                                            const std::string&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
