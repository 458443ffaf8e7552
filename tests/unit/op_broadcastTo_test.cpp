// broadcastTo: forward and VJP in ModP and double, accumulation order, shape rule.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class BroadcastToOp : public ::testing::Test {};
TYPED_TEST_SUITE(BroadcastToOp, ExactAndDouble);

TYPED_TEST(BroadcastToOp, VectorToMatrixRepeatsRows) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("broadcastTo", {Shape{3}}, attrsOf({2, 3})),
                    {ints<S>({3}, {1, 2, -3})}, ints<S>({2, 3}, {1, 2, 3, 4, 5, 6}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 3}, {1, 2, -3, 1, 2, -3})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {1 + 4, 2 + 5, 3 + 6})));
}

TYPED_TEST(BroadcastToOp, ColumnToMatrixRepeatsColumns) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("broadcastTo", {Shape{2, 1}}, attrsOf({2, 3})),
                    {ints<S>({2, 1}, {1, -2})}, ints<S>({2, 3}, {1, 2, 3, 4, 5, 6}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 3}, {1, 1, 1, -2, -2, -2})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 1}, {1 + 2 + 3, 4 + 5 + 6})));
}

TYPED_TEST(BroadcastToOp, ScalarToMatrix) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("broadcastTo", {Shape{}}, attrsOf({2, 2})), {ints<S>({}, {5})},
                    ints<S>({2, 2}, {1, 2, 3, -4}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {5, 5, 5, 5})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({}, {2})));
}

TYPED_TEST(BroadcastToOp, NewLeadingAxisAndUnitAxis) {
  using S = TypeParam;
  // a [1,3] to [2,2,3]: every one of the 4 rows is a.
  auto r = apply<S>(oneNode("broadcastTo", {Shape{1, 3}}, attrsOf({2, 2, 3})),
                    {ints<S>({1, 3}, {1, 2, 3})},
                    ints<S>({2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2, 3}, {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({1, 3}, {1 + 4 + 7 + 10, 2 + 5 + 8 + 11, 3 + 6 + 9 + 12})));
}

TYPED_TEST(BroadcastToOp, UnitAxesAroundAKeptAxis) {
  using S = TypeParam;
  // a [1,2,1] = [7,8] to [3,2,2]: out[i,j,k] = a[j].
  auto r = apply<S>(oneNode("broadcastTo", {Shape{1, 2, 1}}, attrsOf({3, 2, 2})),
                    {ints<S>({1, 2, 1}, {7, 8})},
                    ints<S>({3, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3, 2, 2}, {7, 7, 8, 8, 7, 7, 8, 8, 7, 7, 8, 8})));
  // j = 0 holds δ at flat 0,1,4,5,8,9; j = 1 at 2,3,6,7,10,11.
  EXPECT_TRUE(same(r->grads[0], ints<S>({1, 2, 1}, {1 + 2 + 5 + 6 + 9 + 10,
                                                     3 + 4 + 7 + 8 + 11 + 12})));
}

TYPED_TEST(BroadcastToOp, SameShapeIsIdentity) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("broadcastTo", {Shape{2}}, attrsOf({2})), {ints<S>({2}, {3, -1})},
                    ints<S>({2}, {4, 9}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {3, -1})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {4, 9})));
}

TYPED_TEST(BroadcastToOp, UnitAxisToZeroLength) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("broadcastTo", {Shape{1}}, attrsOf({2, 0})), {ints<S>({1}, {6})},
                    ints<S>({2, 0}, {}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 0}, {})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({1}, {0})));
}

TEST(BroadcastToOpDouble, AccumulatesInAscendingFlatIndexOfDelta) {
  // ((0 + 2^53) + 1) + -2^53 = 0; adding 1 last would give 1.
  auto r = apply<double>(oneNode("broadcastTo", {Shape{1}}, attrsOf({3})), {reals({1}, {0.5})},
                         reals({3}, {kTwo53, 1.0, -kTwo53}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({3}, {0.5, 0.5, 0.5})));
  EXPECT_EQ(r->grads[0][0], 0.0);
}

TEST(BroadcastToOpShapes, OutputIsTheTarget) {
  auto out = outputShape("broadcastTo", {Shape{3, 1}}, attrsOf({4, 3, 5}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{4, 3, 5}));
  auto scalar = outputShape("broadcastTo", {Shape{}}, attrsOf({}));
  ASSERT_TRUE(scalar) << scalar.error();
  EXPECT_EQ(*scalar, Shape{});
}

TEST(BroadcastToOpShapes, RejectsAxesThatAreNeitherEqualNorOne) {
  EXPECT_TRUE(rejects("broadcastTo", {Shape{3}}, attrsOf({2, 4}), "cannot broadcast [3] to [2,4]"));
  EXPECT_TRUE(rejects("broadcastTo", {Shape{2, 3}}, attrsOf({3, 3}), "cannot broadcast [2,3]"));
  EXPECT_TRUE(rejects("broadcastTo", {Shape{0}}, attrsOf({2}), "cannot broadcast [0] to [2]"));
}

TEST(BroadcastToOpShapes, RejectsLowerRankTarget) {
  EXPECT_TRUE(rejects("broadcastTo", {Shape{2, 3}}, attrsOf({3}), "lower-rank"));
  EXPECT_TRUE(rejects("broadcastTo", {Shape{1}}, attrsOf({}), "lower-rank"));
}

TEST(BroadcastToOpShapes, RejectsNegativeTargetDims) {
  EXPECT_TRUE(rejects("broadcastTo", {Shape{1}}, attrsOf({2, -1}), "target dim -1 is negative"));
}

TEST(BroadcastToOpShapes, RejectsOversizedTarget) {
  // validate bounds the output's element count.
  EXPECT_TRUE(rejects("broadcastTo", {Shape{1}}, attrsOf({1 << 20, 1 << 20}), "elements"));
}

}  // namespace
}  // namespace tapecheck::optest
