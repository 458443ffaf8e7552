// reduceSum and reshape: forward and VJP in ModP and double, summation order,
// empty axes, shape rules.
#include <cstdint>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class ReduceReshapeOp : public ::testing::Test {};
TYPED_TEST_SUITE(ReduceReshapeOp, ExactAndDouble);

TYPED_TEST(ReduceReshapeOp, ReduceSumOverRows) {
  using S = TypeParam;
  // a = [[1,2,3],[4,5,-6]] summed over axis 0.
  auto r = apply<S>(oneNode("reduceSum", {Shape{2, 3}}, attrsOf({0})),
                    {ints<S>({2, 3}, {1, 2, 3, 4, 5, -6})}, ints<S>({3}, {1, 2, 3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {5, 7, -3})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {1, 2, 3, 1, 2, 3})));
}

TYPED_TEST(ReduceReshapeOp, ReduceSumOverColumns) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("reduceSum", {Shape{2, 3}}, attrsOf({1})),
                    {ints<S>({2, 3}, {1, 2, 3, 4, 5, -6})}, ints<S>({2}, {7, -1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {6, 3})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {7, 7, 7, -1, -1, -1})));
}

TYPED_TEST(ReduceReshapeOp, ReduceSumOverTheMiddleAxis) {
  using S = TypeParam;
  // a[o,k,i] = 1..8; out[o,i] = a[o,0,i] + a[o,1,i].
  auto r = apply<S>(oneNode("reduceSum", {Shape{2, 2, 2}}, attrsOf({1})),
                    {ints<S>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})}, ints<S>({2, 2}, {1, 2, 3, 4}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {1 + 3, 2 + 4, 5 + 7, 6 + 8})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 2, 2}, {1, 2, 1, 2, 3, 4, 3, 4})));
}

TYPED_TEST(ReduceReshapeOp, ReduceSumOfAVectorIsAScalar) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("reduceSum", {Shape{3}}, attrsOf({0})), {ints<S>({3}, {1, 2, -3})},
                    ints<S>({}, {5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {5, 5, 5})));
}

TYPED_TEST(ReduceReshapeOp, ReduceSumOverAnEmptyAxisIsZero) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("reduceSum", {Shape{0, 3}}, attrsOf({0})), {ints<S>({0, 3}, {})},
                    ints<S>({3}, {1, 2, 3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {0, 0, 0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({0, 3}, {})));
  // The kept axis is empty: nothing to sum into.
  auto empty = apply<S>(oneNode("reduceSum", {Shape{0, 3}}, attrsOf({1})), {ints<S>({0, 3}, {})},
                        ints<S>({0}, {}));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_TRUE(same(empty->out, ints<S>({0}, {})));
}

TYPED_TEST(ReduceReshapeOp, ReshapeKeepsRowMajorOrder) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("reshape", {Shape{2, 3}}, attrsOf({3, 2})),
                    {ints<S>({2, 3}, {1, 2, 3, 4, 5, -6})}, ints<S>({3, 2}, {7, 8, 9, 10, 11, 12}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3, 2}, {1, 2, 3, 4, 5, -6})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {7, 8, 9, 10, 11, 12})));
}

TYPED_TEST(ReduceReshapeOp, ReshapeToAndFromScalars) {
  using S = TypeParam;
  auto down = apply<S>(oneNode("reshape", {Shape{1, 1}}, attrsOf({})), {ints<S>({1, 1}, {-4})},
                       ints<S>({}, {3}));
  ASSERT_TRUE(down) << down.error();
  EXPECT_TRUE(same(down->out, ints<S>({}, {-4})));
  EXPECT_TRUE(same(down->grads[0], ints<S>({1, 1}, {3})));
  auto up = apply<S>(oneNode("reshape", {Shape{}}, attrsOf({1, 1, 1})), {ints<S>({}, {2})},
                     ints<S>({1, 1, 1}, {9}));
  ASSERT_TRUE(up) << up.error();
  EXPECT_TRUE(same(up->out, ints<S>({1, 1, 1}, {2})));
  EXPECT_TRUE(same(up->grads[0], ints<S>({}, {9})));
}

TYPED_TEST(ReduceReshapeOp, ReshapeOfEmptyTensors) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("reshape", {Shape{0, 2}}, attrsOf({2, 0, 5})), {ints<S>({0, 2}, {})},
                    ints<S>({2, 0, 5}, {}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 0, 5}, {})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({0, 2}, {})));
}

// In double, 2^53 + 1 rounds to 2^53, so ascending order from zero gives 0.
TEST(ReduceSumOpDouble, SumsAlongTheAxisAscending) {
  auto r = apply<double>(oneNode("reduceSum", {Shape{3, 1}}, attrsOf({0})),
                         {reals({3, 1}, {kTwo53, 1.0, -kTwo53})}, reals({1}, {0.5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_TRUE(same(r->grads[0], reals({3, 1}, {0.5, 0.5, 0.5})));
}

TEST(ReduceSumOpShapes, DropsTheAxis) {
  auto out = outputShape("reduceSum", {Shape{2, 3, 4}}, attrsOf({1}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{2, 4}));
  EXPECT_EQ(spec::findOp("reduceSum")->attrDoc, "axis");
}

TEST(ReduceSumOpShapes, NeedsExactlyOneAxis) {
  EXPECT_TRUE(rejects("reduceSum", {Shape{2}}, {}, "expects one attribute (the axis), got 0"));
  EXPECT_TRUE(rejects("reduceSum", {Shape{2, 2}}, attrsOf({0, 1}), "got 2"));
}

TEST(ReduceSumOpShapes, RejectsAxesOutOfRange) {
  EXPECT_TRUE(rejects("reduceSum", {Shape{2, 3}}, attrsOf({2}), "axis 2 is out of range for rank 2"));
  EXPECT_TRUE(rejects("reduceSum", {Shape{2, 3}}, attrsOf({-1}), "axis -1 is out of range"));
}

TEST(ReduceSumOpShapes, RejectsScalarArgument) {
  EXPECT_TRUE(rejects("reduceSum", {Shape{}}, attrsOf({0}), "rank >= 1, got []"));
}

TEST(ReshapeOpShapes, OutputIsTheTarget) {
  auto out = outputShape("reshape", {Shape{2, 3, 4}}, attrsOf({4, 6}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{4, 6}));
}

TEST(ReshapeOpShapes, RejectsNegativeDims) {
  EXPECT_TRUE(rejects("reshape", {Shape{0}}, attrsOf({-1, 0}), "target dim -1 is negative"));
}

TEST(ReshapeOpShapes, RejectsADifferentElementCount) {
  EXPECT_TRUE(rejects("reshape", {Shape{2, 3}}, attrsOf({4}),
                      "cannot reshape [2,3] (6 elements) to [4] (4 elements)"));
  EXPECT_TRUE(rejects("reshape", {Shape{2}}, {}, "to [] (1 elements)"));
  EXPECT_TRUE(rejects("reshape", {Shape{}}, attrsOf({0}), "(1 elements) to [0] (0 elements)"));
}

TEST(ReshapeOpShapes, RejectsTargetsWhoseProductOverflows) {
  constexpr std::int64_t kHuge = std::int64_t{1} << 40;
  EXPECT_TRUE(rejects("reshape", {Shape{2}}, attrsOf({kHuge, kHuge, kHuge, kHuge}),
                      "(too many elements)"));
}

}  // namespace
}  // namespace tapecheck::optest
