// The generator draws each value class where gradients go wrong at its stated
// rate (properties/value_census.hpp), in every domain and value mode.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>

#include "properties/value_census.hpp"

namespace tapecheck {
namespace {

constexpr int kCases = 400;

template <class S>
void printShares() {
  const auto sample = props::defaultSampler<S>();
  for (const auto mode : {gen::FloatValues::Finite, gen::FloatValues::Moderate, gen::FloatValues::Special}) {
    std::array<int, props::kValueClasses> count{};
    for (int i = 0; i < kCases; ++i) {
      const std::uint32_t found = props::valueClassesOf(sample(i, mode));
      for (std::size_t k = 0; k < props::kValueClasses; ++k) count[k] += (found >> k) & 1u;
    }
    std::printf("  %-8s mode %d:", std::string(spec::Domain<S>::name).c_str(), static_cast<int>(mode));
    for (std::size_t k = 0; k < props::kValueClasses; ++k) {
      const auto cls = static_cast<props::ValueClass>(k);
      std::printf(" %s %.0f%% (floor %.0f%%);", std::string(props::valueClassName(cls)).c_str(),
                  100.0 * count[k] / kCases, props::valueClassFloor<S>(cls, mode));
    }
    std::printf("\n");
  }
}

template <class S>
void expectFloors() {
  printShares<S>();
  const props::SelfCheckResult r = props::distributionFloorsHold<S>(props::defaultSampler<S>(), kCases);
  EXPECT_FALSE(r.failed) << r.message;
}

TEST(DistributionFloors, HoldInModP) { expectFloors<spec::ModP>(); }
TEST(DistributionFloors, HoldInDouble) { expectFloors<double>(); }
TEST(DistributionFloors, HoldInFloat) { expectFloors<float>(); }
TEST(DistributionFloors, HoldInTropical) { expectFloors<spec::Tropical>(); }

}  // namespace
}  // namespace tapecheck
