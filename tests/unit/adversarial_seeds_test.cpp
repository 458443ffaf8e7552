// Adversarial inputs, seed classes: grads0 of the wrong length, and NaN / ±Inf
// seeds. Wrong lengths are errors::kWrongLength; special seeds run to the
// values docs/floats.md documents, and the runtime equals the spec under
// the float comparison (-0 == +0, any NaN == any NaN).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "runtime/errors.hpp"
#include "spec/backprop.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The runtime's dense loop and the spec on the same graph, inputs and seed
/// context; they must agree, and the runtime's gradients are returned.
template <class S>
spec::Context<S> runBoth(const spec::Graph& g, const spec::Context<S>& x, const spec::Context<S>& seed) {
  auto data = spec::makeGraphData<S>(g);
  EXPECT_TRUE(data) << data.error();
  if (!data) return {};
  auto expected = spec::backpropAllCtx(*data, x, {}, seed);
  auto tape = runtime::compileAuxData(*data, x, {});
  EXPECT_TRUE(expected && tape);
  if (!expected || !tape) return {};
  auto got = runtime::backwardDenseFrom(*tape, seed);
  EXPECT_TRUE(got) << got.error();
  if (!got) return {};
  EXPECT_EQ(got->size(), expected->size());
  for (std::size_t p = 0; p < got->size() && p < expected->size(); ++p) {
    EXPECT_TRUE(spec::sameTensor((*got)[p], (*expected)[p])) << "position " << p;
  }
  return std::move(*got);
}

/// Element-wise: each of `t` is the same as `want` under the float comparison.
::testing::AssertionResult elementsAre(const Tensor<double>& t, std::initializer_list<double> want) {
  if (t.size() != want.size()) return ::testing::AssertionFailure() << "size " << t.size();
  std::size_t i = 0;
  for (double w : want) {
    if (!spec::Domain<double>::same(t[i], w)) {
      return ::testing::AssertionFailure() << "element " << i << ": " << t[i] << ", want " << w;
    }
    ++i;
  }
  return ::testing::AssertionSuccess();
}

/// Inputs a, b [2]; node mul(a, b) at position 2.
spec::Graph mulGraph() {
  spec::Graph g;
  g.inputs = {Shape{2}, Shape{2}};
  g.nodes = {node("mul", {0, 1})};
  return g;
}

}  // namespace

// --- grads0 of the wrong length -----------------------------------------------

TEST(AdversarialSeeds, EmptyGradsForNonEmptyTapeIsWrongLength) {
  auto tape = runtime::compileAux<double>(mulGraph(), {reals(Shape{2}, {1, 2}), reals(Shape{2}, {3, 4})}, {});
  ASSERT_TRUE(tape) << tape.error();
  auto r = runtime::backwardDenseFrom(*tape, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kWrongLength);
}

TEST(AdversarialSeeds, GradsForEmptyTapeIsWrongLengthAndNoneIsFine) {
  runtime::Tape<double> empty;
  auto tooMany = runtime::backwardDenseFrom(empty, {Tensor<double>::scalar(1)});
  ASSERT_FALSE(tooMany);
  EXPECT_EQ(tooMany.error(), runtime::errors::kWrongLength);
  auto none = runtime::backwardDenseFrom(empty, {});
  ASSERT_TRUE(none) << none.error();
  EXPECT_TRUE(none->empty());
}

TEST(AdversarialSeeds, OneGradTooManyIsWrongLengthEvenIfEveryShapeFits) {
  auto tape = runtime::compileAux<double>(mulGraph(), {reals(Shape{2}, {1, 2}), reals(Shape{2}, {3, 4})}, {});
  ASSERT_TRUE(tape) << tape.error();
  runtime::Grads<double> grads(4, Tensor<double>::zeros(Shape{2}));
  auto r = runtime::backwardDenseFrom(*tape, grads);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kWrongLength);
}

// --- NaN and ±Inf seeds ----------------------------------------------------------

TEST(AdversarialSeeds, NaNSeedPoisonsEveryProductEvenWithZero) {
  // a·b with a = [0, 2], b = [3, 0]: δ = NaN gives NaN·b and NaN·a; NaN·0 = NaN.
  auto g = runBoth<double>(mulGraph(), {reals(Shape{2}, {0, 2}), reals(Shape{2}, {3, 0})},
                           {reals(Shape{2}, {0, 0}), reals(Shape{2}, {0, 0}), reals(Shape{2}, {kNaN, 1})});
  ASSERT_EQ(g.size(), 3u);
  EXPECT_TRUE(elementsAre(g[0], {kNaN, 0}));  // [NaN·3, 1·0]
  EXPECT_TRUE(elementsAre(g[1], {kNaN, 2}));  // [NaN·0, 1·2]
  EXPECT_TRUE(elementsAre(g[2], {kNaN, 1}));  // a node's own slot is returned unchanged
}

TEST(AdversarialSeeds, InfSeedTimesZeroIsNaN) {
  auto g = runBoth<double>(mulGraph(), {reals(Shape{2}, {0, -2}), reals(Shape{2}, {0, 5})},
                           {reals(Shape{2}, {0, 0}), reals(Shape{2}, {0, 0}), reals(Shape{2}, {kInf, -kInf})});
  ASSERT_EQ(g.size(), 3u);
  EXPECT_TRUE(elementsAre(g[0], {kNaN, -kInf}));  // [Inf·0, -Inf·5]
  EXPECT_TRUE(elementsAre(g[1], {kNaN, kInf}));   // [Inf·0, -Inf·-2]
}

TEST(AdversarialSeeds, OppositeInfinitiesMeetingInAccumulationGiveNaN) {
  // sub(x, x): x receives δ and -δ, so +Inf + -Inf = NaN; add(x, x) gives Inf.
  spec::Graph g;
  g.inputs = {Shape{1}};
  g.nodes = {node("sub", {0, 0}), node("add", {0, 0})};
  const spec::Context<double> x = {reals(Shape{1}, {4})};
  auto subOnly = runBoth<double>(g, x, {reals(Shape{1}, {0}), reals(Shape{1}, {kInf}), reals(Shape{1}, {0})});
  EXPECT_TRUE(elementsAre(subOnly[0], {kNaN}));
  auto addOnly = runBoth<double>(g, x, {reals(Shape{1}, {0}), reals(Shape{1}, {0}), reals(Shape{1}, {kInf})});
  EXPECT_TRUE(elementsAre(addOnly[0], {kInf}));
  // A seed of -Inf at the leaf itself plus +Inf arriving from add: NaN.
  auto both = runBoth<double>(g, x, {reals(Shape{1}, {-kInf}), reals(Shape{1}, {0}), reals(Shape{1}, {kInf})});
  EXPECT_TRUE(elementsAre(both[0], {kNaN}));
}

TEST(AdversarialSeeds, ReluBlocksANaNSeedWhereTheInputIsNotPositive) {
  // relu's VJP passes δ only where x > 0, so NaN / Inf seeds stop there: a
  // documented difference from PyTorch (docs/floats.md), where NaN·0 = NaN.
  spec::Graph g;
  g.inputs = {Shape{4}};
  g.nodes = {node("relu", {0})};
  auto r = runBoth<double>(g, {reals(Shape{4}, {1, -1, 0, kNaN})},
                           {reals(Shape{4}, {0, 0, 0, 0}), reals(Shape{4}, {kNaN, kNaN, kInf, kInf})});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(elementsAre(r[0], {kNaN, 0, 0, 0}));
}

TEST(AdversarialSeeds, SpecialSeedsEqualTheSpecInFloatToo) {
  spec::Graph g;
  g.inputs = {Shape{3}, Shape{3}};
  g.nodes = {node("mul", {0, 1}), node("exp", {2}), node("add", {3, 0}), node("sum", {4})};
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  auto t = [](std::initializer_list<float> v) {
    Tensor<float> x = Tensor<float>::zeros(Shape{v.size()});
    std::copy(v.begin(), v.end(), x.data.begin());
    return x;
  };
  auto r = runBoth<float>(g, {t({1, -0.0f, 100}), t({2, inf, 3})},
                          {t({nan, 0, 0}), t({0, -inf, 0}), t({1, 1, 1}), t({0, 0, inf}), t({0, 0, 0}),
                           Tensor<float>::scalar(1)});
  ASSERT_EQ(r.size(), 6u);
  // a·b = [2, -0·Inf = NaN, 300], exp(300) = Inf in float. Slot 2 gets
  // 1 + δ·exp: [1 + e², NaN, Inf·Inf = Inf]; slot 0 gets its NaN seed, then
  // 1, then δ·b: [NaN, 1 + NaN·Inf, 1 + Inf·3] = [NaN, NaN, Inf].
  EXPECT_TRUE(std::isfinite(r[2][0]) && std::isnan(r[2][1]) && r[2][2] == inf);
  EXPECT_TRUE(std::isnan(r[0][0]) && std::isnan(r[0][1]) && r[0][2] == inf);
  EXPECT_TRUE(std::isfinite(r[1][0]) && std::isnan(r[1][1]) && r[1][2] == inf);
}
