#include "cli/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <ostream>

#include "cli/campaign.hpp"
#include "cli/check_report.hpp"
#include "cli/domains.hpp"
#include "cli/json_at.hpp"
#include "cli/worker_pool.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli {
namespace {

bool wantsDomain(const CheckOptions& options, std::string_view name) {
  return options.domains.empty() ||
         std::find(options.domains.begin(), options.domains.end(), name) != options.domains.end();
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// Property names of the runtime catalog, or of the engine catalog.
std::vector<std::string> allPropertyNames(bool engine) {
  std::vector<std::string> names;
  const auto add = [&](std::string_view name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
  };
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    if (engine) {
      for (const auto& p : props::engineCatalog<S>()) add(p.name);
    } else {
      for (const auto& p : props::catalog<S>()) add(p.name);
    }
  });
  return names;
}

bool contains(const std::vector<std::string>& items, std::string_view item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Reads the engine's handshake and narrows domains and ops to what it declares.
Status connectEngine(CheckOptions& options) {
  engines::EngineConnection connection(options.engineCommand, options.engineTimeouts);
  Result<engines::EngineHello> hello = connection.hello();
  if (!hello) return fail("--engine " + shellQuoted(options.engineCommand) + ": " + hello.error());
  const std::vector<std::string> known = domainNames();
  for (const auto& d : hello->domains) {
    if (!contains(known, d)) return fail("the engine declares domain " + quoteShort(d) + ", which tapecheck does not know (known: " + joined(known, ", ") + ")");
  }
  for (const auto& op : hello->ops) {
    if (!spec::findOp(op)) return fail("the engine declares op " + quoteShort(op) + ", which tapecheck does not know (`tapecheck ops` lists them)");
  }
  if (options.domains.empty()) {
    options.domains = hello->domains;
  } else {
    for (const auto& d : options.domains) {
      if (!contains(hello->domains, d)) return fail("the engine does not compute in " + d + " (it declares " + joined(hello->domains, ", ") + ")");
    }
  }
  if (options.settings.config.ops.empty()) {
    options.settings.config.ops = hello->ops;
    options.opsFromEngine = true;
  } else {
    for (const auto& op : options.settings.config.ops) {
      if (!contains(hello->ops, op)) return fail("the engine does not declare op " + quoteShort(op));
    }
  }
  options.engine = std::move(*hello);
  return {};
}

// Live progress: one line rewritten in place, at most every 50 ms.
class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& os) : os_(os) {}
  void show(const std::string& text, bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    os_ << "\r\033[K" << text << std::flush;
  }
  void clear() { os_ << "\r\033[K" << std::flush; }

 private:
  std::ostream& os_;
  std::chrono::steady_clock::time_point last_{};
};

// A program's own runtime set is checked in the domains it covers, on the
// cases it can run.
Status narrowToRuntimes(CheckOptions& options) {
  const std::vector<std::string> covered = options.runtimes.domains();
  if (!covered.empty()) {
    if (options.domains.empty()) options.domains = covered;
    for (const auto& d : options.domains) {
      if (!contains(covered, d)) return fail("this program tests no runtime in " + d + " (it has " + joined(covered, ", ") + ")");
    }
  }
  if (const auto& cases = options.runtimes.cases()) {
    std::vector<std::string> ops = std::move(options.settings.config.ops);
    options.settings.config = *cases;
    if (!ops.empty()) options.settings.config.ops = std::move(ops);
  }
  return {};
}

}  // namespace

Status validateCheckOptions(CheckOptions& options) {
  const std::vector<std::string> known = domainNames();
  if (std::find(options.domains.begin(), options.domains.end(), "all") != options.domains.end()) {
    options.domains.clear();
  }
  if (!options.engineCommand.empty()) {
    if (Status connected = connectEngine(options); !connected) return connected;
  } else if (Status covered = narrowToRuntimes(options); !covered) {
    return covered;
  }
  for (const auto& d : options.domains) {
    if (std::find(known.begin(), known.end(), d) == known.end()) {
      return fail("unknown domain " + d + " (known: " + joined(known, ", ") + ", all)");
    }
  }
  for (const auto& op : options.settings.config.ops) {
    if (!spec::findOp(op)) return fail("unknown op " + op + " (`tapecheck ops` lists them)");
  }
  bool anyOpInScope = false;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    if (wantsDomain(options, spec::Domain<S>::name) && !gen::opsInScope<S>(options.settings.config).empty()) {
      anyOpInScope = true;
    }
  });
  if (!anyOpInScope) return fail("none of the --ops is available in the selected domains; nothing to check");
  bool engineRoute = options.engine.has_value();
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    engineRoute = engineRoute || options.runtimes.template engineIn<S>() != nullptr;
  });
  const std::vector<std::string> properties = allPropertyNames(engineRoute);
  if (options.property != "all" && !contains(properties, options.property)) {
    return fail("unknown property " + quoteShort(options.property) + " (known: " + joined(properties, ", ") + ", all)");
  }
  if (options.settings.maxSize < 0 || options.settings.maxSize > 100) {
    return fail("--max-size must be within 0..100 (RapidCheck's sizes)");
  }
  if (options.settings.cases < 1) return fail("--cases must be at least 1");
  if (!options.rcParams.empty()) {
    try {
      options.settings.reproduce = rc::detail::configFromString(options.rcParams).reproduce;
    } catch (const std::exception& e) {
      return fail(std::string("RC_PARAMS: ") + e.what());
    }
  }
  if ((options.time || options.shard) && !options.settings.reproduce.empty()) {
    return fail("a campaign (--time, --shard) draws new cases; it cannot replay RC_PARAMS' recorded ones");
  }
  if (!options.knownDirs.empty()) {
    Result<KnownFindings> known = loadKnownFindings(options.knownDirs);
    if (!known) return fail(known.error());
    options.known = std::move(*known);
  }
  return {};
}

namespace {

// One property in one domain, ready to run: its label for progress lines and
// the run itself (a fresh adapter each time, so that a run in a worker process
// depends on nothing but its arguments).
struct PlannedRun {
  std::string domain;
  std::string property;
  std::function<ReportedRun(const CheckReport&, RunSettings)> run;
};

// The engine route: every engine property, run on a fresh engine from
// `makeEngine` (in the worker: a protocol engine starts its process there) or
// reported as needing a capability the engine lacks.
template <class S>
void planEngineRuns(const CheckOptions& options, const props::Capabilities& capabilities,
                    std::function<props::Engine<S>()> makeEngine, std::vector<PlannedRun>& plan) {
  const std::string domain(spec::Domain<S>::name);
  for (const props::EnginePropertySpec<S>& property : props::engineCatalog<S>()) {
    if (options.property != "all" && property.name != options.property) continue;
    const std::string name(property.name);
    // A property that never applies in this domain is listed as such, never run (never green).
    if (!property.notApplicable.empty()) {
      plan.push_back({domain, name, [&property, domain, name](const CheckReport& report, RunSettings) {
                        return report.notApplicableRun(domain, name, std::string(property.notApplicable));
                      }});
      continue;
    }
    if (!property.available(capabilities)) {
      plan.push_back({domain, name, [&property, domain, name](const CheckReport& report, RunSettings) {
                        return report.needsRun(domain, name, std::string(property.needs));
                      }});
      continue;
    }
    plan.push_back({domain, name, [&property, &options, makeEngine](const CheckReport& report, RunSettings settings) {
                      props::Engine<S> engine = makeEngine();
                      if (options.compare) engine.compare = *options.compare;
                      // An engine that answers is not hung: each reply is a heartbeat, so a
                      // case of many requests (finite differences asks one forward per input
                      // element: 12-20 s for one case under ASan) is not stopped as a hang.
                      // A request that hangs is the engine timeout's to stop.
                      int casesDone = 0;  // outlives both lambdas: the run below is synchronous
                      if (const std::function<void(int)> beat = settings.onProgress) {
                        settings.onProgress = [beat, &casesDone](int done) {
                          casesDone = done;
                          beat(done);
                        };
                        engine.run = [ask = std::move(engine.run), beat, &casesDone](const props::EngineRequest<S>& r) {
                          auto reply = ask(r);
                          beat(casesDone);
                          return reply;
                        };
                      }
                      CaseCheck<S> check{property.name, property.values,
                                         [&](const gen::GraphCase<S>& c) { return property.check(engine, c); }, {}};
                      if (engine.prefetch) {
                        check.prefetch = [&](std::span<const gen::GraphCase<S>> cases) {
                          engine.prefetch(props::foreseenRequests(property, cases));
                        };
                      }
                      return report.render(runCaseCheck<S>(check, settings), engine.name, /*onEngine=*/true);
                    }});
  }
}

std::vector<PlannedRun> planRuns(const CheckOptions& options) {
  std::vector<PlannedRun> plan;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    const std::string domain(spec::Domain<S>::name);
    if (!wantsDomain(options, domain)) return;
    if (options.engine) {
      const auto makeEngine = [&options] {
        auto connection = std::make_shared<engines::EngineConnection>(options.engineCommand, options.engineTimeouts);
        return engines::protocolEngine<S>(connection, *options.engine);
      };
      return planEngineRuns<S>(options, options.engine->capabilities, makeEngine, plan);
    }
    if (const auto* makeEngine = options.runtimes.template engineIn<S>()) {
      return planEngineRuns<S>(options, (*makeEngine)().capabilities, *makeEngine, plan);
    }
    for (const props::PropertySpec<S>& property : props::catalog<S>()) {
      if (options.property != "all" && property.name != options.property) continue;
      plan.push_back({domain, std::string(property.name),
                      [&property, &options](const CheckReport& report, RunSettings settings) {
                        props::RuntimeAdapter<S> runtime = options.runtimes.template make<S>();
                        if (options.compare) runtime.compare = *options.compare;
                        return report.render(runProperty(property, runtime, settings), runtime.name);
                      }});
    }
  });
  return plan;
}

}  // namespace

void runEachPlannedRun(const CheckOptions& options, const CheckReport& report, std::ostream& progressStream,
                       const std::function<void(const ReportedRun&)>& onRun) {
  ProgressLine progress(progressStream);
  const std::vector<PlannedRun> plan = planRuns(options);
  std::size_t finished = 0;
  WorkerPoolOptions pool;
  pool.jobs = options.jobs == 0 ? hardwareJobs() : options.jobs;
  pool.stallLimit = options.timeout;
  if (options.progress) {
    pool.onProgress = [&](std::size_t i, int casesDone) {
      progress.show(std::to_string(finished) + "/" + std::to_string(plan.size()) + " runs done; " + plan[i].domain +
                        " " + plan[i].property + " " + std::to_string(casesDone) + "/" +
                        std::to_string(options.settings.cases),
                    false);
    };
  }
  runInWorkers(
      plan.size(), pool,
      [&](std::size_t i, const ProgressFunction& heartbeat) {
        RunSettings settings = options.settings;
        settings.onProgress = heartbeat;
        return serialize(plan[i].run(report, settings));
      },
      [&](std::size_t i, Result<std::string> bytes) {
        Result<ReportedRun> run = bytes ? deserializeReportedRun(*bytes) : fail(bytes.error());
        // A run that did not finish still gets its row, so the summary shows what was lost.
        if (!run) run = report.lostRun(plan[i].domain, plan[i].property, run.error());
        ++finished;
        if (options.progress) progress.clear();
        onRun(*run);
      });
  if (options.progress) progress.clear();
}

int runCheck(const CheckOptions& options, std::ostream& out, std::ostream& progress) {
  if (options.time || options.shard) return runCampaign(options, out, progress);
  CheckReport report(options, out);
  report.header();
  runEachPlannedRun(options, report, progress, [&](const ReportedRun& run) { report.add(run); });
  return report.finish();
}

}  // namespace tapecheck::cli
