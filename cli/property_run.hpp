#pragma once
// Runs one catalog property in one domain through RapidCheck (seeded, sized,
// shrinking) against a runtime adapter, and keeps what the CLI reports: case
// counts, op coverage, time, and on failure the shrunk counterexample with
// everything needed to reproduce it.
#include <rapidcheck.h>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "generators/gen.hpp"
#include "properties/catalog.hpp"

namespace tapecheck::cli {

/// RapidCheck's reproduce map (what `RC_PARAMS="reproduce=..."` holds).
using ReproduceMap = std::unordered_map<std::string, rc::detail::Reproduce>;

struct RunSettings {
  std::uint64_t seed = 0;  // the user's --seed; each property derives its own from it
  int cases = 100;
  int maxSize = 100;  // RapidCheck size bound, 0..100
  gen::GenConfig config;
  /// When not empty, only the properties it names run, each on its recorded case.
  ReproduceMap reproduce;
  /// Called with the cases done so far after every generated case and every
  /// shrink step tried: progress, and the heartbeat of a run's time limit.
  std::function<void(int casesDone)> onProgress;
};

/// NeedsCapability: the engine under test cannot report what the property reads.
/// NotApplicable: the property never applies in this domain (its spec says why).
enum class RunOutcome { Holds, Fails, Skipped, Error, NeedsCapability, NotApplicable };

std::string outcomeName(RunOutcome outcome);

template <class S>
struct PropertyRun {
  std::string property;
  RunOutcome outcome = RunOutcome::Holds;
  int cases = 0;          // generated cases checked, the failing one included
  int notApplicable = 0;  // of those, outside the property's hypotheses
  std::array<int, props::kNotApplicableReasons> notApplicableBy{};  // ... by reason kind
  std::size_t largestGraph = 0;  // most op nodes in one generated case
  std::size_t opsSeen = 0;
  std::size_t opsInScope = 0;
  double seconds = 0;
  std::string message;  // why it failed, errored or was skipped
  std::optional<props::Position> position;  // what the failure is about, when the verdict knows it
  std::optional<gen::GraphCase<S>> counterexample;  // the shrunk case
  std::uint64_t rapidcheckSeed = 0;
  int size = 0;          // RapidCheck size of the failing case
  int shrinks = 0;       // accepted shrink steps
  std::string reproduce;  // RC_PARAMS value that replays this failure
  bool fromReproduce = false;  // the case came from settings.reproduce, not from the seed
  /// How its float elements compared: bit for bit, within the order bound,
  /// without a finite bound (not applicable), within a tolerance.
  props::ComparisonTally tally;
};

/// "modp/T3_backward_eq_spec": the RapidCheck test id of a property run, the
/// key of its entry in a reproduce map.
std::string runId(std::string_view domain, std::string_view property);

/// The RapidCheck seed for one property in one domain, derived from the user's
/// seed so that `--property X --domain D` alone sees the same cases as a full run.
std::uint64_t propertySeed(std::uint64_t seed, std::string_view domain, std::string_view property);

/// A named check of single cases: a catalog property bound to a runtime, or
/// an engine property bound to an engine.
template <class S>
struct CaseCheck {
  std::string_view name;
  gen::FloatValues values = gen::FloatValues::Finite;  // how its cases' floats are drawn
  std::function<props::Verdict(const gen::GraphCase<S>&)> check;
  /// Optional: told before the search the cases it will draw, in order and
  /// in chunks (at most kPrefetchCases), so that an engine can batch them.
  std::function<void(std::span<const gen::GraphCase<S>>)> prefetch;
  std::vector<std::string> favoredOps = {};  // ops its cases favor (GenConfig::favoredOps)
};

/// The most search cases drawn ahead for CaseCheck::prefetch: an engine
/// holds their requests' text until used, so this bounds that memory.
inline constexpr int kPrefetchCases = 4096;

/// Runs `check` through RapidCheck: search, then shrink the failing case.
/// A case the engine breaks down on (Verdict::error) is shrunk like a failure
/// and ends the run as ERROR with that case.
template <class S>
PropertyRun<S> runCaseCheck(const CaseCheck<S>& check, const RunSettings& settings);

template <class S>
PropertyRun<S> runProperty(const props::PropertySpec<S>& property, const props::RuntimeAdapter<S>& runtime,
                           const RunSettings& settings);

}  // namespace tapecheck::cli
