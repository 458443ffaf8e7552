#include "cli/property_run.hpp"
#include "generators/quiet_listener.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>

namespace tapecheck::cli {
namespace {

// What the property body leaves for the listener about the case it just checked.
struct CaseNotes {
  std::vector<const spec::OpDef*> ops;
  bool applicable = true;
  props::NotApplicableReason reason = props::NotApplicableReason::NonFiniteValues;
};

template <class S>
struct RunState {
  CaseNotes last;
  std::set<const spec::OpDef*> opsSeen;
  std::size_t largestGraph = 0;
  int cases = 0;
  int notApplicable = 0;
  std::array<int, props::kNotApplicableReasons> notApplicableBy{};
  // The last failing case evaluated is the shrunk counterexample: every
  // accepted shrink fails, and RapidCheck re-evaluates the final one last.
  std::optional<gen::GraphCase<S>> lastFailing;
  std::string lastMessage;
  std::optional<props::Position> lastPosition;
  bool lastBroken = false;  // the engine broke down on it, rather than failing the property
};

// Counts the cases of the search phase (not shrink candidates).
template <class S>
class CountingListener : public rc::detail::TestListener {
 public:
  CountingListener(RunState<S>& state, const RunSettings& settings) : state_(state), settings_(settings) {}
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {
    ++state_.cases;
    if (!state_.last.applicable) {
      ++state_.notApplicable;
      ++state_.notApplicableBy[static_cast<std::size_t>(state_.last.reason)];
    }
    state_.opsSeen.insert(state_.last.ops.begin(), state_.last.ops.end());
    state_.largestGraph = std::max(state_.largestGraph, state_.last.ops.size());
    if (settings_.onProgress) settings_.onProgress(state_.cases);
  }
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {
    if (settings_.onProgress) settings_.onProgress(state_.cases);
  }
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}

 private:
  RunState<S>& state_;
  const RunSettings& settings_;
};

// RapidCheck writes to std::cout in places; stdout belongs to the report.
class CoutToStderr {
 public:
  CoutToStderr() : saved_(std::cout.rdbuf(std::cerr.rdbuf())) {}
  ~CoutToStderr() { std::cout.rdbuf(saved_); }
  CoutToStderr(const CoutToStderr&) = delete;
  CoutToStderr& operator=(const CoutToStderr&) = delete;

 private:
  std::streambuf* saved_;
};

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// "reproduce=<base64>": the part of an RC_PARAMS value that replays one failure.
std::string reproduceParam(const std::string& id, const rc::detail::Reproduce& reproduce) {
  rc::detail::Configuration config;
  config.reproduce[id] = reproduce;
  // Why search: the minimal string also carries keys we do not want (seed=...).
  const std::string all = rc::detail::configToMinimalString(config);
  const std::size_t start = all.find("reproduce=");
  if (start == std::string::npos) return all;
  return all.substr(start, all.find(' ', start) - start);
}

// Hands `prefetch` the first `limit` cases the search of a run with these
// parameters draws, a chunk at a time (cases are not kept). Why a second
// checkTestable rather than our own loop: RapidCheck derives each case's
// random stream and size from the seed and the case's index, and this body
// discards nothing, so the run that follows draws exactly these cases, in
// this order, whatever their verdicts (until one fails).
template <class S>
void prefetchSearchCases(const CaseCheck<S>& property, const rc::Gen<gen::GraphCase<S>>& cases,
                         const rc::detail::TestMetadata& metadata, rc::detail::TestParams params, int limit) {
  std::vector<gen::GraphCase<S>> chunk;
  int drawn = 0;
  const auto body = [&] {
    if (drawn++ >= limit) RC_FAIL("enough cases drawn");
    chunk.push_back(*cases);
    if (chunk.size() == 256) property.prefetch(chunk), chunk.clear();
  };
  params.disableShrinking = true;
  gen::QuietListener quiet;
  CoutToStderr toStderr;
  rc::detail::checkTestable(body, metadata, params, quiet, ReproduceMap{});
  property.prefetch(chunk);
}

}  // namespace

std::string outcomeName(RunOutcome outcome) {
  switch (outcome) {
    case RunOutcome::Holds: return "holds";
    case RunOutcome::Fails: return "FAILS";
    case RunOutcome::Skipped: return "skipped";
    case RunOutcome::Error: return "ERROR";
    case RunOutcome::NeedsCapability: return "needs a capability";
    case RunOutcome::NotApplicable: return "n/a";
  }
  return "?";
}

std::string runId(std::string_view domain, std::string_view property) {
  return std::string(domain) + "/" + std::string(property);
}

std::uint64_t propertySeed(std::uint64_t seed, std::string_view domain, std::string_view property) {
  // FNV-1a: a hash that is the same on every platform and standard library.
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (char ch : runId(domain, property)) h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001B3ull;
  return splitmix64(seed ^ h);
}

template <class S>
PropertyRun<S> runProperty(const props::PropertySpec<S>& property, const props::RuntimeAdapter<S>& runtime,
                           const RunSettings& settings) {
  return runCaseCheck<S>({property.name, property.values,
                          [&](const gen::GraphCase<S>& c) { return property.check(runtime, c); }, {},
                          casesFor(property).favoredOps},
                         settings);
}

template <class S>
PropertyRun<S> runCaseCheck(const CaseCheck<S>& property, const RunSettings& settings) {
  const std::string domain(spec::Domain<S>::name);
  PropertyRun<S> run;
  run.property = std::string(property.name);
  run.opsInScope = gen::opsInScope<S>(settings.config).size();
  run.rapidcheckSeed = propertySeed(settings.seed, domain, property.name);
  if (run.opsInScope == 0) {
    run.outcome = RunOutcome::Skipped;
    run.message = "no op in scope for this domain";
    return run;
  }

  RunState<S> state;
  gen::GenConfig config = settings.config;
  config.floatValues = property.values;  // e.g. finite differences need moderate values
  if (!property.favoredOps.empty()) config.favoredOps = property.favoredOps;
  const rc::Gen<gen::GraphCase<S>> cases = gen::genGraphCase<S>(config);
  const auto body = [&] {
    const gen::GraphCase<S> c = *cases;
    const props::Verdict verdict = property.check(c);
    state.last.ops.clear();
    for (const spec::GraphNode& node : c.graph().nodes) state.last.ops.push_back(node.op);
    state.last.applicable = verdict.applicable();
    state.last.reason = verdict.reason;
    if (verdict.failed() || verdict.broken()) {
      state.lastFailing = c;
      state.lastMessage = verdict.message;
      state.lastBroken = verdict.broken();
      state.lastPosition = verdict.position;
      RC_FAIL(verdict.message);
    }
  };

  rc::detail::TestMetadata metadata;
  metadata.id = runId(domain, property.name);
  metadata.description = metadata.id;
  rc::detail::TestParams params;
  params.seed = run.rapidcheckSeed;
  params.maxSuccess = settings.cases;
  params.maxSize = settings.maxSize;
  CountingListener<S> listener(state, settings);
  if (property.prefetch && settings.reproduce.empty()) {
    prefetchSearchCases<S>(property, cases, metadata, params, std::min(settings.cases, kPrefetchCases));
  }

  props::comparisonTally() = {};
  const auto start = std::chrono::steady_clock::now();
  const rc::detail::TestResult result = [&] {
    CoutToStderr quiet;
    return rc::detail::checkTestable(body, metadata, params, listener, settings.reproduce);
  }();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.tally = props::comparisonTally();
  run.cases = state.cases;
  run.notApplicable = state.notApplicable;
  run.notApplicableBy = state.notApplicableBy;
  run.opsSeen = state.opsSeen.size();
  run.largestGraph = state.largestGraph;

  if (result.template is<rc::detail::SuccessResult>()) {
    const auto& success = result.template get<rc::detail::SuccessResult>();
    // With a reproduce map, properties it does not name "succeed" with no case run.
    if (!settings.reproduce.empty() && success.numSuccess == 0) {
      run.outcome = RunOutcome::Skipped;
      run.message = "not named in RC_PARAMS reproduce";
    }
  } else if (result.template is<rc::detail::FailureResult>()) {
    const auto& failure = result.template get<rc::detail::FailureResult>();
    run.outcome = state.lastFailing && !state.lastBroken ? RunOutcome::Fails : RunOutcome::Error;
    run.message = state.lastFailing ? state.lastMessage : failure.description;
    run.counterexample = std::move(state.lastFailing);
    run.position = state.lastPosition;
    run.size = failure.reproduce.size;
    run.shrinks = static_cast<int>(failure.reproduce.shrinkPath.size());
    run.reproduce = reproduceParam(metadata.id, failure.reproduce);
    if (!settings.reproduce.empty() && run.counterexample) {
      // A reproduced case skips the search, so the listener saw nothing.
      run.fromReproduce = true;
      run.cases = 1;
      std::set<const spec::OpDef*> ops;
      for (const spec::GraphNode& node : run.counterexample->graph().nodes) ops.insert(node.op);
      run.opsSeen = ops.size();
      run.largestGraph = run.counterexample->nodeCount();
    }
  } else if (result.template is<rc::detail::GaveUpResult>()) {
    run.outcome = RunOutcome::Error;
    run.message = "gave up: " + result.template get<rc::detail::GaveUpResult>().description;
  } else {
    run.outcome = RunOutcome::Error;
    run.message = result.template get<rc::detail::Error>().description;
  }
  return run;
}

#define TAPECHECK_INSTANTIATE(S)                                                                    \
  template PropertyRun<S> runCaseCheck<S>(const CaseCheck<S>&, const RunSettings&);                  \
  template PropertyRun<S> runProperty<S>(const props::PropertySpec<S>&, const props::RuntimeAdapter<S>&, \
                                         const RunSettings&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::cli
