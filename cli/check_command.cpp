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
// the run itself (a fresh reference runtime each time, so that a run in a
// worker process depends on nothing but its arguments).
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
                      [&property](const CheckReport& report, RunSettings settings) {
                        const props::RuntimeAdapter<S> runtime = props::referenceAdapter<S>();
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
  const int jobs = options.jobs == 0 ? hardwareJobs() : options.jobs;
  if (jobs <= 1) {
    for (std::size_t i = 0; i < plan.size(); ++i) {
      RunSettings settings = options.settings;
      if (options.progress) {
        const std::string label = "[" + std::to_string(i + 1) + "] " + plan[i].domain + " " + plan[i].property;
        settings.onCase = [&progress, label](int done, int total) {
          progress.show(label + "  " + std::to_string(done) + "/" + std::to_string(total), done == total);
        };
      }
      const ReportedRun run = plan[i].run(report, settings);
      if (options.progress) progress.clear();
      report.add(run);
    }
    return report.finish();
  }
  runInWorkers(
      plan.size(), jobs, [&](std::size_t i) { return serialize(plan[i].run(report, options.settings)); },
      [&](std::size_t i, Result<std::string> bytes) {
        Result<ReportedRun> run = bytes ? deserializeReportedRun(*bytes) : fail(bytes.error());
        if (!run) {
          // The row still names the property, so the summary shows what was lost.
          const PlannedRun& lost = plan[i];
          run = ReportedRun{RunOutcome::Error,
                            "ERROR " + lost.property + " in " + lost.domain + ": " + run.error() + "\n\n",
                            {lost.property, lost.domain, "-", "-", "-", "-", outcomeName(RunOutcome::Error)}};
          if (options.timings) run->row.emplace_back("-");
        }
        if (options.progress) progress.clear();
        report.add(*run);
        if (options.progress) {
          progress.show(std::to_string(i + 1) + "/" + std::to_string(plan.size()) + " property runs done", true);
        }
      });
  if (options.progress) progress.clear();
  return report.finish();
}

}  // namespace tapecheck::cli
