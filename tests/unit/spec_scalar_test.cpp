// Scalar domains (ModP arithmetic, exact text round trips, the float `same`)
// and Shape's checked element count and text form.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "spec/scalar/domains.hpp"
#include "spec/shape.hpp"

using namespace tapecheck;
using spec::Domain;
using spec::ModP;
using spec::Shape;

namespace {

constexpr std::uint64_t kP = (std::uint64_t{1} << 61) - 1;  // written out, not ModP::kP

__extension__ typedef unsigned __int128 U128;

/// a * b mod p by plain 128-bit remainder, independent of ModP's folding trick.
std::uint64_t mulModSlow(std::uint64_t a, std::uint64_t b) {
  U128 product = static_cast<U128>(a) * b;
  return static_cast<std::uint64_t>(product % kP);
}

template <class F>
F roundTrip(F value) {
  auto parsed = Domain<F>::parse(Domain<F>::format(value));
  EXPECT_TRUE(parsed) << parsed.error();
  return parsed.value_or(Domain<F>::fromInt(12345));
}

}  // namespace

// --- ModP arithmetic ----------------------------------------------------------

TEST(ModP, ModulusIsTwoToTheSixtyOneMinusOne) { EXPECT_EQ(ModP::kP, 2305843009213693951ull); }

TEST(ModP, PMinusOnePlusOneWrapsToZero) {
  EXPECT_EQ((ModP::raw(kP - 1) + ModP::raw(1)).v, 0u);
}

TEST(ModP, AddsLargeValuesModP) {
  // (p-1) + (p-2) = 2p - 3 ≡ p - 3
  EXPECT_EQ((ModP::raw(kP - 1) + ModP::raw(kP - 2)).v, kP - 3);
}

TEST(ModP, FromIntOfMinusOneIsPMinusOne) { EXPECT_EQ(Domain<ModP>::fromInt(-1).v, kP - 1); }

TEST(ModP, FromIntOfPIsZero) { EXPECT_EQ(Domain<ModP>::fromInt(2305843009213693951).v, 0u); }

TEST(ModP, FromIntOfInt64MinIsReduced) {
  // -2^63 = -(4 * 2^61) ≡ -4 because 2^61 ≡ 1.
  EXPECT_EQ(Domain<ModP>::fromInt(std::numeric_limits<std::int64_t>::min()).v, kP - 4);
}

TEST(ModP, FromIntOfInt64MaxIsReduced) {
  // 2^63 - 1 ≡ 4 - 1 = 3.
  EXPECT_EQ(Domain<ModP>::fromInt(std::numeric_limits<std::int64_t>::max()).v, 3u);
}

TEST(ModP, ZeroMinusOneIsPMinusOne) { EXPECT_EQ((ModP{} - ModP::raw(1)).v, kP - 1); }

TEST(ModP, NegationOfZeroIsZero) { EXPECT_EQ((-ModP{}).v, 0u); }

TEST(ModP, MinusOneSquaredIsOne) { EXPECT_EQ((ModP::raw(kP - 1) * ModP::raw(kP - 1)).v, 1u); }

TEST(ModP, ProductOfMinusTwoAndMinusThreeIsSix) {
  EXPECT_EQ((ModP::raw(kP - 2) * ModP::raw(kP - 3)).v, 6u);
}

TEST(ModP, TwoTimesTwoToTheSixtyIsOne) {
  // 2 * 2^60 = 2^61 = p + 1.
  EXPECT_EQ((ModP::raw(2) * ModP::raw(std::uint64_t{1} << 60)).v, 1u);
}

TEST(ModP, MultiplicationNearTwoToTheSixtyOneMatchesWideRemainder) {
  const std::uint64_t samples[] = {kP - 1,
                                   kP - 2,
                                   std::uint64_t{1} << 60,
                                   (std::uint64_t{1} << 60) + 12345,
                                   (std::uint64_t{1} << 61) - 1000003,
                                   0x1234'5678'9abc'def0 % kP,
                                   0x0fff'ffff'ffff'fff1,
                                   3};
  for (std::uint64_t a : samples) {
    for (std::uint64_t b : samples) {
      EXPECT_EQ((ModP::raw(a) * ModP::raw(b)).v, mulModSlow(a, b)) << a << " * " << b;
    }
  }
}

TEST(ModP, InverseOfTwoIsTwoToTheSixty) {
  EXPECT_EQ(ModP::raw(2).inverse().v, std::uint64_t{1} << 60);
}

TEST(ModP, InverseOfMinusOneIsMinusOne) { EXPECT_EQ(ModP::raw(kP - 1).inverse().v, kP - 1); }

TEST(ModP, ValueTimesItsInverseIsOne) {
  const ModP a = ModP::raw(1234567890123456789ull % kP);
  EXPECT_EQ(mulModSlow(a.v, a.inverse().v), 1u);
}

TEST(ModP, InverseOfZeroIsZero) { EXPECT_EQ(ModP{}.inverse().v, 0u); }

// --- text round trips ---------------------------------------------------------

TEST(DomainText, ModPFormatsCanonicalDecimal) {
  EXPECT_EQ(Domain<ModP>::format(ModP::raw(kP - 1)), "2305843009213693950");
}

TEST(DomainText, ModPRoundTripsLargestValue) { EXPECT_EQ(roundTrip(ModP::raw(kP - 1)).v, kP - 1); }

TEST(DomainText, ModPParsesNegativeIntegerModP) {
  auto r = Domain<ModP>::parse("-1");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->v, kP - 1);
}

TEST(DomainText, ModPParsesPAsZero) {
  auto r = Domain<ModP>::parse("2305843009213693951");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->v, 0u);
}

TEST(DomainText, ModPRejectsGarbageNamingTheText) {
  for (const char* text : {"", "abc", "12a", "1.5", " 7", "0x10"}) {
    auto r = Domain<ModP>::parse(text);
    ASSERT_FALSE(r) << "accepted '" << text << "'";
    EXPECT_NE(r.error().find("'" + std::string(text) + "'"), std::string::npos) << r.error();
  }
}

TEST(DomainText, ModPRejectsIntegerBeyondSixtyFourBits) {
  EXPECT_FALSE(Domain<ModP>::parse("99999999999999999999"));
}

TEST(DomainText, DoubleNegativeZeroKeepsItsSign) {
  EXPECT_EQ(Domain<double>::format(-0.0), "-0");
  double back = roundTrip(-0.0);
  EXPECT_EQ(back, 0.0);
  EXPECT_TRUE(std::signbit(back));
}

TEST(DomainText, DoubleInfinitiesRoundTrip) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(Domain<double>::format(inf), "inf");
  EXPECT_EQ(Domain<double>::format(-inf), "-inf");
  EXPECT_EQ(roundTrip(inf), inf);
  EXPECT_EQ(roundTrip(-inf), -inf);
}

TEST(DomainText, DoubleNanRoundTripsToNan) {
  EXPECT_EQ(Domain<double>::format(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_TRUE(std::isnan(roundTrip(std::numeric_limits<double>::quiet_NaN())));
}

TEST(DomainText, DoubleOneTenthIsShortestAndExact) {
  EXPECT_EQ(Domain<double>::format(0.1), "0.1");
  EXPECT_EQ(roundTrip(0.1), 0.1);
}

TEST(DomainText, DoubleOneThirdRoundTripsBitForBit) { EXPECT_EQ(roundTrip(1.0 / 3.0), 1.0 / 3.0); }

TEST(DomainText, DoubleSmallestDenormalRoundTrips) {
  const double tiny = std::numeric_limits<double>::denorm_min();
  EXPECT_EQ(Domain<double>::format(tiny), "5e-324");
  EXPECT_EQ(roundTrip(tiny), tiny);
}

TEST(DomainText, DoubleDenormalBelowNormalRangeRoundTrips) {
  const double d = std::numeric_limits<double>::min() / 3;  // subnormal, many digits
  EXPECT_EQ(roundTrip(d), d);
}

TEST(DomainText, FloatOneTenthIsShortestAndExact) {
  EXPECT_EQ(Domain<float>::format(0.1f), "0.1");
  EXPECT_EQ(roundTrip(0.1f), 0.1f);
}

TEST(DomainText, FloatSmallestDenormalRoundTrips) {
  const float tiny = std::numeric_limits<float>::denorm_min();
  EXPECT_EQ(Domain<float>::format(tiny), "1e-45");
  EXPECT_EQ(roundTrip(tiny), tiny);
}

TEST(DomainText, FloatSpecialValuesRoundTrip) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(roundTrip(inf), inf);
  EXPECT_EQ(roundTrip(-inf), -inf);
  EXPECT_TRUE(std::isnan(roundTrip(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_TRUE(std::signbit(roundTrip(-0.0f)));
}

TEST(DomainText, FloatRejectsGarbageNamingTheText) {
  for (const char* text : {"", "abc", "1.0x", " 1", "--1", "1e"}) {
    auto r = Domain<float>::parse(text);
    ASSERT_FALSE(r) << "accepted '" << text << "'";
    EXPECT_NE(r.error().find("'" + std::string(text) + "'"), std::string::npos) << r.error();
  }
}

TEST(DomainText, DoubleRejectsGarbage) {
  for (const char* text : {"", "one", "0.5.5", "1,5", "nan?"}) {
    EXPECT_FALSE(Domain<double>::parse(text)) << "accepted '" << text << "'";
  }
}

// --- float comparison ---------------------------------------------------------

TEST(FloatSame, NegativeZeroEqualsPositiveZero) { EXPECT_TRUE(Domain<double>::same(-0.0, 0.0)); }

TEST(FloatSame, NanEqualsNan) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Domain<double>::same(nan, -nan));
}

TEST(FloatSame, NanDiffersFromNumber) {
  EXPECT_FALSE(Domain<double>::same(std::numeric_limits<double>::quiet_NaN(), 1.0));
}

TEST(FloatSame, OneDiffersFromTwo) { EXPECT_FALSE(Domain<double>::same(1.0, 2.0)); }

TEST(FloatSame, NeighbouringFloatsDiffer) {
  EXPECT_FALSE(Domain<float>::same(1.0f, std::nextafter(1.0f, 2.0f)));
}

// --- Shape --------------------------------------------------------------------

TEST(Shape, ScalarHasOneElement) { EXPECT_EQ(Shape::scalar().checkedNumel().value_or(0), 1u); }

TEST(Shape, CountsElementsOfMatrix) { EXPECT_EQ(Shape({2, 3}).checkedNumel().value_or(0), 6u); }

TEST(Shape, ZeroLengthAxisHasNoElements) {
  EXPECT_EQ(Shape({0, 5}).checkedNumel().value_or(99), 0u);
}

TEST(Shape, ZeroLengthAxisEmptiesShapeWhateverAxisComesFirst) {
  // 2^62 alone is over the limit, but [2^62, 0] has no elements, as [0, 2^62] has none.
  EXPECT_EQ(Shape({std::size_t{1} << 62, 0}).checkedNumel().value_or(99), 0u);
  EXPECT_EQ(Shape({0, std::size_t{1} << 62}).checkedNumel().value_or(99), 0u);
}

TEST(Shape, AcceptsExactlyTheElementLimit) {
  EXPECT_EQ(Shape({std::size_t{1} << 14, std::size_t{1} << 14}).checkedNumel().value_or(0),
            Shape::kMaxElements);
}

TEST(Shape, RejectsOneElementOverTheLimit) {
  EXPECT_FALSE(Shape({std::size_t{1} << 14, (std::size_t{1} << 14) + 1}).checkedNumel());
}

TEST(Shape, RejectsProductThatWrapsSizeT) {
  // 2^32 * 2^32 wraps to 0 in size_t; the checked count must not.
  auto n = Shape({std::size_t{1} << 32, std::size_t{1} << 32}).checkedNumel();
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().find("[4294967296,4294967296]"), std::string::npos) << n.error();
}

TEST(Shape, RespectsCustomLimit) {
  EXPECT_FALSE(Shape({3, 4}).checkedNumel(11));
  EXPECT_EQ(Shape({3, 4}).checkedNumel(12).value_or(0), 12u);
}

TEST(Shape, ScalarPrintsAsEmptyBrackets) { EXPECT_EQ(Shape::scalar().str(), "[]"); }

TEST(Shape, PrintsAxesCommaSeparated) { EXPECT_EQ(Shape({2, 3, 0}).str(), "[2,3,0]"); }
