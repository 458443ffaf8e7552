#include "cli/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <ostream>

#include "cli/check_report.hpp"
#include "cli/domains.hpp"
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

bool propertyExistsSomewhere(const std::string& name) {
  bool found = false;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    found = found || props::findProperty<S>(name) != nullptr;
  });
  return found;
}

std::vector<std::string> allPropertyNames() {
  std::vector<std::string> names;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    for (const auto& p : props::catalog<S>()) {
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.emplace_back(p.name);
    }
  });
  return names;
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

}  // namespace

Status validateCheckOptions(CheckOptions& options) {
  const std::vector<std::string> known = domainNames();
  if (std::find(options.domains.begin(), options.domains.end(), "all") != options.domains.end()) {
    options.domains.clear();
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
  if (options.property != "all" && !propertyExistsSomewhere(options.property)) {
    return fail("unknown property " + options.property + " (known: " + joined(allPropertyNames(), ", ") + ", all)");
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

std::vector<PlannedRun> planRuns(const CheckOptions& options) {
  std::vector<PlannedRun> plan;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    const std::string domain(spec::Domain<S>::name);
    if (!wantsDomain(options, domain)) return;
    for (const props::PropertySpec<S>& property : props::catalog<S>()) {
      if (options.property != "all" && property.name != options.property) continue;
      plan.push_back({domain, std::string(property.name),
                      [&property, &options](const CheckReport& report, RunSettings settings) {
                        const props::RuntimeAdapter<S> runtime = options.runtimes.template make<S>();
                        return report.render(runProperty(property, runtime, settings), runtime.name);
                      }});
    }
  });
  return plan;
}

}  // namespace

int runCheck(const CheckOptions& options, std::ostream& out, std::ostream& progressStream) {
  CheckReport report(options, out);
  report.header();
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
        report.add(*run);
      });
  if (options.progress) progress.clear();
  return report.finish();
}

}  // namespace tapecheck::cli
