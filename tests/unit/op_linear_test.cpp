// linear and dot: forward and VJP in ModP and double, summation order (bias
// added last), empty dimensions, repeated arguments, shape rules.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class LinearDotOp : public ::testing::Test {};
TYPED_TEST_SUITE(LinearDotOp, ExactAndDouble);

TYPED_TEST(LinearDotOp, Linear2x3) {
  using S = TypeParam;
  // W = [[1,2,3],[4,5,6]], b = [10,-20], x = [1,0,-1], δ = [2,-1].
  auto r = apply<S>(oneNode("linear", {Shape{2, 3}, Shape{2}, Shape{3}}),
                    {ints<S>({2, 3}, {1, 2, 3, 4, 5, 6}), ints<S>({2}, {10, -20}),
                     ints<S>({3}, {1, 0, -1})},
                    ints<S>({2}, {2, -1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {1 - 3 + 10, 4 - 6 - 20})));
  ASSERT_EQ(r->grads.size(), 3u);
  // dW = δ ⊗ x, db = δ, dx = Wᵀδ.
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {2, 0, -2, -1, 0, 1})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {2, -1})));
  EXPECT_TRUE(same(r->grads[2], ints<S>({3}, {2 - 4, 4 - 5, 6 - 6})));
}

TYPED_TEST(LinearDotOp, LinearWithNoInputsIsTheBias) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("linear", {Shape{2, 0}, Shape{2}, Shape{0}}),
                    {ints<S>({2, 0}, {}), ints<S>({2}, {3, -4}), ints<S>({0}, {})},
                    ints<S>({2}, {5, 6}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {3, -4})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 0}, {})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {5, 6})));
  EXPECT_TRUE(same(r->grads[2], ints<S>({0}, {})));
}

TYPED_TEST(LinearDotOp, LinearWithNoOutputs) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("linear", {Shape{0, 2}, Shape{0}, Shape{2}}),
                    {ints<S>({0, 2}, {}), ints<S>({0}, {}), ints<S>({2}, {1, 2})},
                    ints<S>({0}, {}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({0}, {})));
  EXPECT_TRUE(same(r->grads[2], ints<S>({2}, {0, 0})));
}

TYPED_TEST(LinearDotOp, DotOfMatrices) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("dot", {Shape{2, 2}, Shape{2, 2}}),
                    {ints<S>({2, 2}, {1, 2, 3, 4}), ints<S>({2, 2}, {5, -6, 7, 8})},
                    ints<S>({}, {3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {5 - 12 + 21 + 32})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 2}, {15, -18, 21, 24})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2, 2}, {3, 6, 9, 12})));
}

TYPED_TEST(LinearDotOp, DotOfScalarsAndOfEmptyTensors) {
  using S = TypeParam;
  auto scalars = apply<S>(oneNode("dot", {Shape{}, Shape{}}),
                          {ints<S>({}, {4}), ints<S>({}, {-5})}, ints<S>({}, {2}));
  ASSERT_TRUE(scalars) << scalars.error();
  EXPECT_TRUE(same(scalars->out, ints<S>({}, {-20})));
  EXPECT_TRUE(same(scalars->grads[0], ints<S>({}, {-10})));
  EXPECT_TRUE(same(scalars->grads[1], ints<S>({}, {8})));
  auto empty = apply<S>(oneNode("dot", {Shape{0}, Shape{0}}), {ints<S>({0}, {}), ints<S>({0}, {})},
                        ints<S>({}, {2}));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_TRUE(same(empty->out, ints<S>({}, {0})));
}

TYPED_TEST(LinearDotOp, DotOfAVectorWithItself) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("dot", {Shape{2}}, {}, {0, 0}), {ints<S>({2}, {3, 4})},
                    ints<S>({}, {1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {25})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {3, 4})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {3, 4})));
}

// In double, 2^53 + 1 rounds to 2^53, which exposes the order of additions.
TEST(LinearDotOpDouble, LinearSumsOverInputsAscendingThenAddsTheBias) {
  // ((0 + 2^53) + -2^53) + 1 = 1; adding b first would give 0.
  auto r = apply<double>(oneNode("linear", {Shape{1, 2}, Shape{1}, Shape{2}}),
                         {reals({1, 2}, {kTwo53, -kTwo53}), reals({1}, {1.0}),
                          reals({2}, {1.0, 1.0})},
                         reals({1}, {1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 1.0);
}

TEST(LinearDotOpDouble, LinearInputCotangentSumsOverRowsAscending) {
  auto r = apply<double>(oneNode("linear", {Shape{3, 1}, Shape{3}, Shape{1}}),
                         {reals({3, 1}, {kTwo53, 1.0, -kTwo53}), reals({3}, {0.0, 0.0, 0.0}),
                          reals({1}, {0.5})},
                         reals({3}, {1.0, 1.0, 1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->grads[2][0], 0.0);
  EXPECT_TRUE(same(r->grads[0], reals({3, 1}, {0.5, 0.5, 0.5})));
}

TEST(LinearDotOpDouble, DotSumsAscendingAndScalesByDelta) {
  auto r = apply<double>(oneNode("dot", {Shape{3}, Shape{3}}),
                         {reals({3}, {kTwo53, 1.0, -kTwo53}), reals({3}, {1.0, 1.0, 1.0})},
                         reals({}, {0.5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_TRUE(same(r->grads[0], reals({3}, {0.5, 0.5, 0.5})));
  EXPECT_TRUE(same(r->grads[1], reals({3}, {kTwo53 / 2, 0.5, -kTwo53 / 2})));
}

TEST(LinearDotOpShapes, LinearOutputIsTheBiasShape) {
  auto out = outputShape("linear", {Shape{4, 3}, Shape{4}, Shape{3}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{4}));
}

TEST(LinearDotOpShapes, LinearRejectsMismatchedShapes) {
  EXPECT_TRUE(rejects("linear", {Shape{3}, Shape{3}, Shape{3}}, {},
                      "expects a rank-2 weight W, got [3]"));
  EXPECT_TRUE(rejects("linear", {Shape{2, 3}, Shape{3}, Shape{3}}, {},
                      "bias b has shape [3] but W [2,3] needs [2]"));
  EXPECT_TRUE(rejects("linear", {Shape{2, 3}, Shape{2, 1}, Shape{3}}, {}, "bias b has shape [2,1]"));
  EXPECT_TRUE(rejects("linear", {Shape{2, 3}, Shape{2}, Shape{2}}, {},
                      "input x has shape [2] but W [2,3] needs [3]"));
  EXPECT_TRUE(rejects("linear", {Shape{2, 3}, Shape{2}, Shape{}}, {}, "input x has shape []"));
}

TEST(LinearDotOpShapes, TakeNoAttributes) {
  EXPECT_TRUE(rejects("linear", {Shape{1, 1}, Shape{1}, Shape{1}}, attrsOf({0}),
                      "takes no attributes"));
  EXPECT_TRUE(rejects("dot", {Shape{2}, Shape{2}}, attrsOf({0}), "takes no attributes"));
}

TEST(LinearDotOpShapes, DotNeedsOneShapeAndGivesAScalar) {
  auto out = outputShape("dot", {Shape{2, 3}, Shape{2, 3}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, Shape::scalar());
  EXPECT_TRUE(rejects("dot", {Shape{2}, Shape{3}}, {},
                      "argument 1 has shape [3] but argument 0 has [2]"));
  EXPECT_TRUE(rejects("dot", {Shape{2, 3}, Shape{3, 2}}, {}, "argument 1 has shape [3,2]"));
}

}  // namespace
}  // namespace tapecheck::optest
