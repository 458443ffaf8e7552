#pragma once
// Runs one catalog property inside a RapidCheck property: draws a case, checks
// it against a runtime adapter, fails with the verdict's message.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <string_view>

#include "generators/gen.hpp"
#include "properties/catalog.hpp"
#include "properties/coverage.hpp"

namespace tapecheck::test_support {

template <class S>
void checkProperty(std::string_view name, const props::RuntimeAdapter<S>& runtime,
                   const gen::GenConfig& config = {}) {
  const props::PropertySpec<S>* property = props::findProperty<S>(name);
  RC_ASSERT(property != nullptr);
  gen::GenConfig tuned = config;
  tuned.floatValues = property->values;
  const gen::GraphCase<S> c = *gen::genGraphCase<S>(tuned);
  if (name == "T3_backward_eq_spec") {
    // Structure the invariants depend on; per-op shares are in the coverage
    // floors test (RapidCheck counts tag combinations, which per-op tags would explode).
    const props::GraphFeatures f = props::featuresOf(c.graph());
    RC_CLASSIFY(f.repeatedArgument, "repeated argument");
    RC_CLASSIFY(f.fanOut, "fan-out");
    RC_TAG(props::depthBucket(f.depth));
  }
  const props::Verdict verdict = property->check(runtime, c);
  if (verdict.failed()) RC_FAIL(std::string(name) + ": " + verdict.message);
  if (!verdict.applicable()) RC_TAG("not applicable: " + verdict.message);
}

template <class S>
void checkProperty(std::string_view name) {
  checkProperty<S>(name, props::referenceAdapter<S>());
}

}  // namespace tapecheck::test_support
