// The Special float mode end to end: cases drawn with NaN and ±Inf among the
// inputs and seeds reach the properties, the reference runtime passes T3 on
// them in f64 and f32 (NaN == NaN, -0 == +0), and a runtime that gets special
// values wrong is caught with a verdict that says special values are involved.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <string>

#include "generators/gen.hpp"
#include "properties/catalog.hpp"
#include "properties/special_values.hpp"

namespace tapecheck {
namespace {

gen::GenConfig specialConfig() {
  gen::GenConfig config;
  config.floatValues = gen::FloatValues::Special;
  return config;
}

template <class S>
void t3WithSpecialValues() {
  const props::PropertySpec<S>* t3 = props::findProperty<S>("T3_backward_eq_spec");
  RC_ASSERT(t3 != nullptr);
  const gen::GraphCase<S> c = *gen::genGraphCase<S>(specialConfig());
  RC_CLASSIFY(props::specialValuesIn(c).has_value(), "special values");
  const props::Verdict v = t3->check(props::referenceAdapter<S>(), c);
  if (v.failed()) RC_FAIL("T3_backward_eq_spec: " + v.message);
}

/// A plausible engine bug: gradients pass through nan_to_num, so NaN comes
/// back as 0. Finite inputs make NaN only by chance (0/0, 0·Inf after an
/// overflow); with special values T3 must see it.
template <class S>
props::RuntimeAdapter<S> nanToZero() {
  props::RuntimeAdapter<S> broken = props::referenceAdapter<S>();
  broken.name = "NaN gradients replaced by 0";
  broken.backwardDenseFrom = [](const runtime::Tape<S>& tape, runtime::Grads<S> grads0) {
    auto grads = runtime::backwardDenseFrom<S>(tape, std::move(grads0));
    if (grads) {
      for (auto& t : *grads) {
        for (S& v : t.data) v = std::isnan(v) ? S(0) : v;
      }
    }
    return grads;
  };
  return broken;
}

struct Caught {
  bool failed = false;
  std::string message;
};

template <class S>
Caught runT3(const props::RuntimeAdapter<S>& runtime, const gen::GenConfig& config) {
  Caught caught;
  const auto* t3 = props::findProperty<S>("T3_backward_eq_spec");
  EXPECT_NE(t3, nullptr);
  if (!t3) return caught;
  caught.failed = !rc::check("T3 vs " + runtime.name, [&] {
    const props::Verdict v = t3->check(runtime, *gen::genGraphCase<S>(config));
    if (v.failed()) {
      caught.message = v.message;  // the last failure is the shrunk one
      RC_FAIL(v.message);
    }
  });
  return caught;
}

}  // namespace

RC_GTEST_PROP(SpecialValuesF64, T3_backward_eq_spec, ()) { t3WithSpecialValues<double>(); }
RC_GTEST_PROP(SpecialValuesF32, T3_backward_eq_spec, ()) { t3WithSpecialValues<float>(); }

TEST(SpecialValues, TheModeDrawsNaNAndBothInfinitiesIntoInputsAndSeeds) {
  // Fixed sample across RapidCheck's size range, so the count is deterministic.
  int withSpecial = 0, nan = 0, posInf = 0, negInf = 0;
  const auto gen = gen::genGraphCase<double>(specialConfig());
  constexpr int kCases = 400;
  for (int i = 0; i < kCases; ++i) {
    const auto c = gen(rc::Random(static_cast<std::uint64_t>(i) * 104729u + 3u), i % 101).value();
    const auto note = props::specialValuesIn(c);
    withSpecial += note.has_value();
    for (const auto* ctx : {&c.inputs, &c.seed}) {
      for (const auto& t : *ctx) {
        for (double v : t.data) {
          nan += std::isnan(v);
          posInf += std::isinf(v) && v > 0;
          negInf += std::isinf(v) && v < 0;
        }
      }
    }
  }
  std::printf("  %d of %d cases hold special values (NaN %d, +Inf %d, -Inf %d drawn)\n", withSpecial,
              kCases, nan, posInf, negInf);
  EXPECT_GE(withSpecial, kCases / 2);
  EXPECT_GT(nan, 0);
  EXPECT_GT(posInf, 0);
  EXPECT_GT(negInf, 0);
}

TEST(SpecialValues, FiniteModeDrawsNoSpecialInputsOrSeeds) {
  const auto gen = gen::genGraphCase<float>();
  for (int i = 0; i < 400; ++i) {
    const auto c = gen(rc::Random(static_cast<std::uint64_t>(i) * 7u + 1u), i % 101).value();
    for (const auto* ctx : {&c.inputs, &c.seed}) {
      for (const auto& t : *ctx) {
        for (float v : t.data) ASSERT_TRUE(std::isfinite(v)) << "case " << i;
      }
    }
  }
}

TEST(SpecialValues, NaNToZeroRuntimeIsCaughtWithSpecialValuesAndSaysSo) {
  const Caught special = runT3<double>(nanToZero<double>(), specialConfig());
  EXPECT_TRUE(special.failed) << "T3 with special values missed a runtime that drops NaN";
  EXPECT_NE(special.message.find("[special values involved: "), std::string::npos) << special.message;
  const Caught f32 = runT3<float>(nanToZero<float>(), specialConfig());
  EXPECT_TRUE(f32.failed);
  EXPECT_NE(f32.message.find("special values involved"), std::string::npos) << f32.message;
}

TEST(SpecialValues, VerdictNoteNamesWhereTheSpecialValuesAre) {
  gen::GraphCase<double> c;
  c.data.graph.inputs = {spec::Shape{2}};
  c.data.shapes = {spec::Shape{2}};
  c.inputs = {spec::Tensor<double>(spec::Shape{2}, std::nan(""))};
  c.seed = {spec::Tensor<double>(spec::Shape{2}, -INFINITY)};
  const props::Verdict v = props::noteSpecialValues(props::Verdict::fails("differs"), c);
  EXPECT_EQ(v.message, "differs [special values involved: NaN in inputs; -Inf in seed]");
  // Holding verdicts and exact domains are left alone.
  EXPECT_EQ(props::noteSpecialValues(props::Verdict::holds(), c).message, "");
  gen::GraphCase<spec::ModP> exact;
  EXPECT_EQ(props::noteSpecialValues(props::Verdict::fails("x"), exact).message, "x");
}

}  // namespace tapecheck
