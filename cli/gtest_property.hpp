#pragma once
// GoogleTest assertions for your own suite that behave like `tapecheck check`:
// the seed comes from the environment (TAPECHECK_SEED; a fixed one when it is
// unset, so CI is repeatable and a nightly job sets a new one), and a failure
// writes the shrunk case file and its picture to TAPECHECK_OUT (default
// tapecheck-failures) and says how to replay it.
//
//   TEST(MyEngine, T3) { EXPECT_TRUE(tapecheck::cli::holdsOn(myRuntime(), "T3_backward_eq_spec")); }
//
// Header-only, so that the CLI library itself does not depend on GoogleTest.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "cli/failure_artifacts.hpp"
#include "cli/property_run.hpp"
#include "properties/whole_engine.hpp"

namespace tapecheck::cli {

/// The seed and case count a suite runs with: TAPECHECK_SEED and
/// TAPECHECK_CASES when set, else seed 1 and 100 cases.
inline RunSettings settingsFromEnvironment() {
  RunSettings settings;
  settings.seed = 1;
  if (const char* seed = std::getenv("TAPECHECK_SEED")) settings.seed = std::strtoull(seed, nullptr, 10);
  if (const char* cases = std::getenv("TAPECHECK_CASES")) settings.cases = std::max(1, std::atoi(cases));
  return settings;
}

/// Passes when the run holds; otherwise fails with the verdict, the listing,
/// the files written and the command that replays the case.
template <class S>
::testing::AssertionResult runHeld(const PropertyRun<S>& run, const std::string& runtimeName, const RunSettings& settings,
                                   bool onEngine = false) {
  if (run.outcome == RunOutcome::Holds) return ::testing::AssertionSuccess();
  ::testing::AssertionResult failure = ::testing::AssertionFailure();
  failure << run.property << " in " << spec::Domain<S>::name << " " << outcomeName(run.outcome) << " on " << runtimeName
          << " (seed " << settings.seed << ", TAPECHECK_SEED): " << run.message;
  if (!run.counterexample) return failure;
  failure << "\n" << gen::listing(*run.counterexample);
  const char* outDir = std::getenv("TAPECHECK_OUT");
  const std::string stem = artifactStem(run.property, spec::Domain<S>::name);
  const auto record = recordOfFailure(run, runtimeName, "TAPECHECK_SEED=" + std::to_string(settings.seed), onEngine);
  if (auto paths = writeArtifacts(record, outDir ? outDir : "tapecheck-failures", stem)) {
    failure << "case file: " << paths->caseFile.string() << "\npicture:   " << paths->picture.string()
            << "\nreplay it with your own tapecheck binary (cli::run): replay " << paths->caseFile.string();
  } else {
    failure << "could not write the case file: " << paths.error();
  }
  return failure;
}

/// A catalog property on a per-node runtime.
template <class S>
::testing::AssertionResult holdsOn(const props::RuntimeAdapter<S>& runtime, std::string_view property,
                                   RunSettings settings = settingsFromEnvironment()) {
  const props::PropertySpec<S>* spec = props::findProperty<S>(property);
  if (!spec) return ::testing::AssertionFailure() << "no property " << property << " in " << spec::Domain<S>::name;
  return runHeld(runProperty(*spec, runtime, settings), runtime.name, settings);
}

/// An engine property on a whole engine.
template <class S>
::testing::AssertionResult holdsOn(const props::Engine<S>& engine, std::string_view property,
                                   RunSettings settings = settingsFromEnvironment()) {
  const props::EnginePropertySpec<S>* spec = props::findEngineProperty<S>(property);
  if (!spec) return ::testing::AssertionFailure() << "no engine property " << property;
  // Never green by default: a property that cannot apply here says why.
  if (!spec->notApplicable.empty()) {
    return ::testing::AssertionFailure() << property << " in " << spec::Domain<S>::name << " n/a: " << spec->notApplicable;
  }
  if (!spec->available(engine.capabilities)) {
    return ::testing::AssertionFailure() << property << " needs " << spec->needs << ", which " << engine.name
                                         << " does not report";
  }
  const CaseCheck<S> check{spec->name, spec->values, [&](const gen::GraphCase<S>& c) { return spec->check(engine, c); }, {}};
  return runHeld(runCaseCheck<S>(check, settings), engine.name, settings, /*onEngine=*/true);
}

}  // namespace tapecheck::cli
