// Each property's share of not-applicable cases stays under its stated
// ceiling (properties/applicability.cpp) on the reference runtime: a guard
// that grows too eager fails here instead of quietly turning evidence away.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "properties/applicability.hpp"
#include "properties/value_census.hpp"

namespace tapecheck {
namespace {

constexpr int kCases = 400;

template <class S>
void expectEveryPropertyUnderItsCeiling() {
  const auto reference = props::referenceAdapter<S>();
  const auto sample = props::defaultSampler<S>();
  for (const auto& property : props::catalog<S>()) {
    std::array<int, props::kNotApplicableReasons> byReason{};
    int notApplicable = 0;
    for (int i = 0; i < kCases; ++i) {
      const props::Verdict v = property.check(reference, sample(i, property.values));
      EXPECT_FALSE(v.failed()) << property.name << " fails on the reference: " << v.message;
      if (v.applicable()) continue;
      ++notApplicable;
      ++byReason[static_cast<std::size_t>(v.reason)];
    }
    const double share = 100.0 * notApplicable / kCases, ceiling = props::notApplicableCeiling<S>(property.name);
    std::printf("  %-8s %-28s n/a %5.1f%% (ceiling %2.0f%%) %s\n", std::string(spec::Domain<S>::name).c_str(),
                std::string(property.name).c_str(), share, ceiling, props::notApplicableReasons(byReason).c_str());
    EXPECT_LE(share, ceiling) << property.name << " in " << spec::Domain<S>::name;
    // The self-check the mutant zoo uses agrees with this count.
    EXPECT_FALSE(props::applicabilityWithinCeiling(property, reference, kCases).failed) << property.name;
  }
}

TEST(ApplicabilityCeilings, HoldInModP) { expectEveryPropertyUnderItsCeiling<spec::ModP>(); }
TEST(ApplicabilityCeilings, HoldInDouble) { expectEveryPropertyUnderItsCeiling<double>(); }
TEST(ApplicabilityCeilings, HoldInFloat) { expectEveryPropertyUnderItsCeiling<float>(); }
TEST(ApplicabilityCeilings, HoldInTropical) { expectEveryPropertyUnderItsCeiling<spec::Tropical>(); }

}  // namespace
}  // namespace tapecheck
