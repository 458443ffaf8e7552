// backwardDenseFrom(compileAux(g, x, Δ), seed) == spec::backpropAllCtx(g, x, Δ, seed)
// on hand-built graphs: exactly in ModP, bit for bit (-0 == +0) in double and
// float. Also backwardDense == backwardDenseAll on these zero-preserving graphs,
// and a few gradients computed by hand.
#include <gtest/gtest.h>

#include <string>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/backprop.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {

struct Case {
  spec::Graph graph;
  spec::Env env;
};

/// p1 = mul(x, x); p2 = sum(p1).
Case mulSelf() {
  Case c;
  c.graph.inputs = {Shape{3}};
  c.graph.nodes = {node("mul", {0, 0}), node("sum", {1})};
  return c;
}

/// Position 2 is read by three nodes (3, 4, 5); input 0 by two.
Case fanOut() {
  Case c;
  c.graph.inputs = {Shape{3}, Shape{3}};
  c.graph.nodes = {node("add", {0, 1}),      node("mul", {2, 0}), node("neg", {2}),
                   node("scale", {2}, {3}),  node("add", {3, 4}), node("mul", {6, 5}),
                   node("sum", {7})};
  return c;
}

/// x -> mul(x,x) and scale(x,3) -> mul of both -> sum: Σ 3x³.
Case diamond() {
  Case c;
  c.graph.inputs = {Shape{2}};
  c.graph.nodes = {node("mul", {0, 0}), node("scale", {0}, {3}), node("mul", {1, 2}), node("sum", {3})};
  return c;
}

/// Gathers with in-range, negative and too-large indices and an offset past Δ's end.
Case gatherEnv() {
  Case c;
  c.graph.inputs = {Shape{4, 2}};
  c.env.indices = {2, -1, 7, 0, 2, 3};
  c.graph.nodes = {node("gather", {0}, {0, 5}),   // rows 2, 0̸, 0̸, 0, 2
                   node("gather", {0}, {3, 4}),   // rows 0, 2, 3, past the end
                   node("gather", {0}, {10, 2}),  // entirely past the end
                   node("mul", {1, 1}),      node("sum", {4}), node("sum", {2}),
                   node("sum", {3}),         node("add", {5, 6}), node("add", {8, 7})};
  return c;
}

/// p2 = A·B; p3 = p2·p2 (a repeated matmul argument); p4 = sum(p3).
Case matmulSum() {
  Case c;
  c.graph.inputs = {Shape{2, 3}, Shape{3, 2}};
  c.graph.nodes = {node("matmul", {0, 1}), node("matmul", {2, 2}), node("sum", {3})};
  return c;
}

template <class S>
std::string show(const Tensor<S>& t) {
  std::string out = t.shape.str() + "{";
  for (std::size_t i = 0; i < t.size(); ++i) out += (i ? "," : "") + spec::Domain<S>::format(t[i]);
  return out + "}";
}

template <class S>
::testing::AssertionResult sameContexts(const spec::Context<S>& expected,
                                        const spec::Context<S>& actual) {
  if (expected.size() != actual.size()) {
    return ::testing::AssertionFailure() << "lengths " << expected.size() << " vs " << actual.size();
  }
  for (std::size_t p = 0; p < expected.size(); ++p) {
    if (!spec::sameTensor(expected[p], actual[p])) {
      return ::testing::AssertionFailure() << "position " << p << ": expected " << show(expected[p])
                                           << ", got " << show(actual[p]);
    }
  }
  return ::testing::AssertionSuccess();
}

enum class Seed { Full, OneHotLast, Zero };

template <class S>
spec::Context<S> seedFor(const std::vector<Shape>& shapes, Seed kind) {
  if (kind == Seed::Full) return irregularContext<S>(shapes, 1000);
  spec::Context<S> seed = zerosContext<S>(shapes);
  if (kind == Seed::OneHotLast) seed.back() = irregularContext<S>({shapes.back()}, 2000)[0];
  return seed;
}

/// The runtime's dense loop against the spec, from the same seed context.
template <class S>
::testing::AssertionResult denseFromMatchesSpec(const Case& c, Seed kind) {
  auto data = spec::makeGraphData<S>(c.graph);
  if (!data) return ::testing::AssertionFailure() << data.error();
  const spec::Context<S> x = irregularContext<S>(c.graph.inputs, 1);
  const spec::Context<S> seed = seedFor<S>(data->shapes, kind);
  auto expected = spec::backpropAllCtx(*data, x, c.env, seed);
  if (!expected) return ::testing::AssertionFailure() << "spec: " << expected.error();
  auto tape = runtime::compileAuxData(*data, x, c.env);
  if (!tape) return ::testing::AssertionFailure() << "compile: " << tape.error();
  auto actual = runtime::backwardDenseFrom(*tape, seed);
  if (!actual) return ::testing::AssertionFailure() << "runtime: " << actual.error();
  return sameContexts(*expected, *actual);
}

/// backwardDenseAll against the spec with the one-hot seed it builds itself.
template <class S>
::testing::AssertionResult denseAllMatchesSpec(const Case& c) {
  auto data = spec::makeGraphData<S>(c.graph);
  if (!data) return ::testing::AssertionFailure() << data.error();
  const spec::Context<S> x = irregularContext<S>(c.graph.inputs, 1);
  const spec::Context<S> seed = seedFor<S>(data->shapes, Seed::OneHotLast);
  auto expected = spec::backpropAllCtx(*data, x, c.env, seed);
  if (!expected) return ::testing::AssertionFailure() << "spec: " << expected.error();
  auto tape = runtime::compileAuxData(*data, x, c.env);
  if (!tape) return ::testing::AssertionFailure() << "compile: " << tape.error();
  auto actual = runtime::backwardDenseAll(*tape, seed.size() - 1, seed.back());
  if (!actual) return ::testing::AssertionFailure() << "runtime: " << actual.error();
  return sameContexts(*expected, *actual);
}

/// The reachable-only pass against the dense one, seeded at position `out`.
template <class S>
::testing::AssertionResult denseMatchesDenseAll(const Case& c, std::size_t out) {
  auto tape = runtime::compileAux<S>(c.graph, irregularContext<S>(c.graph.inputs, 1), c.env);
  if (!tape) return ::testing::AssertionFailure() << "compile: " << tape.error();
  const Tensor<S> seed = irregularContext<S>({tape->getNode(out)->value->shape}, 3000)[0];
  auto all = runtime::backwardDenseAll(*tape, out, seed);
  if (!all) return ::testing::AssertionFailure() << "dense all: " << all.error();
  auto reachable = runtime::backwardDense(*tape, out, seed);
  if (!reachable) return ::testing::AssertionFailure() << "dense: " << reachable.error();
  return sameContexts(*all, *reachable);
}

std::size_t lastPosition(const Case& c) { return c.graph.positionCount() - 1; }

}  // namespace

template <class S>
class RuntimeEquivalence : public ::testing::Test {};
using Domains = ::testing::Types<ModP, double, float>;
TYPED_TEST_SUITE(RuntimeEquivalence, Domains);

// --- backwardDenseFrom == backpropAllCtx --------------------------------------

TYPED_TEST(RuntimeEquivalence, MulSelfMatchesSpecUnderFullSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(mulSelf(), Seed::Full));
}
TYPED_TEST(RuntimeEquivalence, MulSelfMatchesSpecUnderOneHotSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(mulSelf(), Seed::OneHotLast));
}
TYPED_TEST(RuntimeEquivalence, MulSelfMatchesSpecUnderZeroSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(mulSelf(), Seed::Zero));
}
TYPED_TEST(RuntimeEquivalence, FanOutMatchesSpecUnderFullSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(fanOut(), Seed::Full));
}
TYPED_TEST(RuntimeEquivalence, FanOutMatchesSpecUnderOneHotSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(fanOut(), Seed::OneHotLast));
}
TYPED_TEST(RuntimeEquivalence, FanOutMatchesSpecUnderZeroSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(fanOut(), Seed::Zero));
}
TYPED_TEST(RuntimeEquivalence, DiamondMatchesSpecUnderFullSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(diamond(), Seed::Full));
}
TYPED_TEST(RuntimeEquivalence, DiamondMatchesSpecUnderOneHotSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(diamond(), Seed::OneHotLast));
}
TYPED_TEST(RuntimeEquivalence, DiamondMatchesSpecUnderZeroSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(diamond(), Seed::Zero));
}
TYPED_TEST(RuntimeEquivalence, GatherWithBadIndicesMatchesSpecUnderFullSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(gatherEnv(), Seed::Full));
}
TYPED_TEST(RuntimeEquivalence, GatherWithBadIndicesMatchesSpecUnderOneHotSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(gatherEnv(), Seed::OneHotLast));
}
TYPED_TEST(RuntimeEquivalence, GatherWithBadIndicesMatchesSpecUnderZeroSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(gatherEnv(), Seed::Zero));
}
TYPED_TEST(RuntimeEquivalence, MatmulSumMatchesSpecUnderFullSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(matmulSum(), Seed::Full));
}
TYPED_TEST(RuntimeEquivalence, MatmulSumMatchesSpecUnderOneHotSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(matmulSum(), Seed::OneHotLast));
}
TYPED_TEST(RuntimeEquivalence, MatmulSumMatchesSpecUnderZeroSeed) {
  EXPECT_TRUE(denseFromMatchesSpec<TypeParam>(matmulSum(), Seed::Zero));
}

// --- backwardDenseAll == backpropAllCtx with a one-hot seed -------------------

TYPED_TEST(RuntimeEquivalence, DenseAllOnFanOutMatchesSpec) {
  EXPECT_TRUE(denseAllMatchesSpec<TypeParam>(fanOut()));
}
TYPED_TEST(RuntimeEquivalence, DenseAllOnGatherMatchesSpec) {
  EXPECT_TRUE(denseAllMatchesSpec<TypeParam>(gatherEnv()));
}
TYPED_TEST(RuntimeEquivalence, DenseAllOnMatmulSumMatchesSpec) {
  EXPECT_TRUE(denseAllMatchesSpec<TypeParam>(matmulSum()));
}

// --- backwardDense == backwardDenseAll (zero-preserving graphs) ---------------

TYPED_TEST(RuntimeEquivalence, DenseEqualsDenseAllOnMulSelf) {
  EXPECT_TRUE(denseMatchesDenseAll<TypeParam>(mulSelf(), lastPosition(mulSelf())));
}
TYPED_TEST(RuntimeEquivalence, DenseEqualsDenseAllOnFanOut) {
  EXPECT_TRUE(denseMatchesDenseAll<TypeParam>(fanOut(), lastPosition(fanOut())));
}
TYPED_TEST(RuntimeEquivalence, DenseEqualsDenseAllOnFanOutFromMiddleNode) {
  EXPECT_TRUE(denseMatchesDenseAll<TypeParam>(fanOut(), 6));  // nodes 7, 8 lie beyond it
}
TYPED_TEST(RuntimeEquivalence, DenseEqualsDenseAllOnDiamond) {
  EXPECT_TRUE(denseMatchesDenseAll<TypeParam>(diamond(), lastPosition(diamond())));
}
TYPED_TEST(RuntimeEquivalence, DenseEqualsDenseAllOnGather) {
  EXPECT_TRUE(denseMatchesDenseAll<TypeParam>(gatherEnv(), lastPosition(gatherEnv())));
}
TYPED_TEST(RuntimeEquivalence, DenseEqualsDenseAllOnMatmulSum) {
  EXPECT_TRUE(denseMatchesDenseAll<TypeParam>(matmulSum(), lastPosition(matmulSum())));
}

// --- gradients computed by hand -----------------------------------------------

namespace {

template <class S>
runtime::Grads<S> gradOfLast(const Case& c, const spec::Context<S>& x) {
  auto tape = runtime::compileAux<S>(c.graph, x, c.env);
  EXPECT_TRUE(tape) << tape.error();
  if (!tape) return {};
  auto grads = runtime::backwardDenseAll(*tape, tape->size() - 1, Tensor<S>::scalar(spec::one<S>()));
  EXPECT_TRUE(grads) << grads.error();
  return grads.value_or(runtime::Grads<S>{});
}

}  // namespace

TEST(RuntimeHandGradient, SumOfSquaresGivesTwiceXInDouble) {
  auto grads = gradOfLast<double>(mulSelf(), {reals(Shape{3}, {0.5, -1.5, 3})});
  ASSERT_EQ(grads.size(), 3u);
  EXPECT_TRUE(spec::sameTensor(grads[0], reals(Shape{3}, {1, -3, 6})));
  EXPECT_TRUE(spec::sameTensor(grads[1], reals(Shape{3}, {1, 1, 1})));
  EXPECT_TRUE(spec::sameTensor(grads[2], reals(Shape{}, {1})));
}

TEST(RuntimeHandGradient, SumOfSquaresGivesTwiceXInModP) {
  auto grads = gradOfLast<ModP>(mulSelf(), {ints<ModP>(Shape{3}, {3, -2, 5})});
  ASSERT_EQ(grads.size(), 3u);
  EXPECT_TRUE(spec::sameTensor(grads[0], ints<ModP>(Shape{3}, {6, -4, 10})));
}

TEST(RuntimeHandGradient, SumOfThreeXCubedGivesNineXSquared) {
  auto grads = gradOfLast<ModP>(diamond(), {ints<ModP>(Shape{2}, {2, -1})});
  ASSERT_EQ(grads.size(), 5u);
  EXPECT_TRUE(spec::sameTensor(grads[0], ints<ModP>(Shape{2}, {36, 9})));
}

TEST(RuntimeHandGradient, SumOfMatmulGivesRowAndColumnSums) {
  // d/dA[i,k] = Σ_j B[k,j];  d/dB[k,j] = Σ_i A[i,k].
  Case c;
  c.graph.inputs = {Shape{2, 3}, Shape{3, 2}};
  c.graph.nodes = {node("matmul", {0, 1}), node("sum", {2})};
  auto grads = gradOfLast<double>(
      c, {reals(Shape{2, 3}, {1, 2, 3, 4, 5, 6}), reals(Shape{3, 2}, {1, -1, 2, 0, 0, 3})});
  ASSERT_EQ(grads.size(), 4u);
  EXPECT_TRUE(spec::sameTensor(grads[0], reals(Shape{2, 3}, {0, 2, 3, 0, 2, 3})));
  EXPECT_TRUE(spec::sameTensor(grads[1], reals(Shape{3, 2}, {5, 5, 7, 7, 9, 9})));
}

TEST(RuntimeHandGradient, GatherSendsGradientOnlyToValidRows) {
  // Δ = {2, -1, 7, 0, 2}: rows 2, 0 and 2 are read; -1 and 7 read zeros.
  Case c;
  c.graph.inputs = {Shape{4, 2}};
  c.env.indices = {2, -1, 7, 0, 2};
  c.graph.nodes = {node("gather", {0}, {0, 5}), node("sum", {1})};
  auto grads = gradOfLast<ModP>(c, {ints<ModP>(Shape{4, 2}, {1, 2, 3, 4, 5, 6, 7, 8})});
  ASSERT_EQ(grads.size(), 3u);
  EXPECT_TRUE(spec::sameTensor(grads[0], ints<ModP>(Shape{4, 2}, {1, 1, 0, 0, 2, 2, 0, 0})));
}
