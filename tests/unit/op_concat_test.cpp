// concat and slice: forward and VJP in ModP and double on every axis, empty
// parts, repeated arguments, shape rules.
#include <cstdint>
#include <limits>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class ConcatSliceOp : public ::testing::Test {};
TYPED_TEST_SUITE(ConcatSliceOp, ExactAndDouble);

TYPED_TEST(ConcatSliceOp, ConcatRowsOfMatrices) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("concat", {Shape{1, 2}, Shape{2, 2}}, attrsOf({0})),
                    {ints<S>({1, 2}, {1, 2}), ints<S>({2, 2}, {3, 4, 5, -6})},
                    ints<S>({3, 2}, {10, 20, 30, 40, 50, 60}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3, 2}, {1, 2, 3, 4, 5, -6})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({1, 2}, {10, 20})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2, 2}, {30, 40, 50, 60})));
}

TYPED_TEST(ConcatSliceOp, ConcatColumnsInterleavesRows) {
  using S = TypeParam;
  // a = [[1],[2]], b = [[3,4],[5,6]]: each output row is a's row then b's.
  auto r = apply<S>(oneNode("concat", {Shape{2, 1}, Shape{2, 2}}, attrsOf({1})),
                    {ints<S>({2, 1}, {1, 2}), ints<S>({2, 2}, {3, 4, 5, 6})},
                    ints<S>({2, 3}, {1, 2, 3, 4, 5, -6}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 3}, {1, 3, 4, 2, 5, 6})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 1}, {1, 4})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2, 2}, {2, 3, 5, -6})));
}

TYPED_TEST(ConcatSliceOp, ConcatOnTheMiddleAxis) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("concat", {Shape{2, 1, 2}, Shape{2, 2, 2}}, attrsOf({1})),
                    {ints<S>({2, 1, 2}, {1, 2, 3, 4}),
                     ints<S>({2, 2, 2}, {5, 6, 7, 8, 9, 10, 11, 12})},
                    ints<S>({2, 3, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 3, 2}, {1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 1, 2}, {1, 2, 7, 8})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2, 2, 2}, {3, 4, 5, 6, 9, 10, 11, 12})));
}

TYPED_TEST(ConcatSliceOp, ConcatWithItselfSplitsTheCotangent) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("concat", {Shape{2}}, attrsOf({0}), {0, 0}), {ints<S>({2}, {1, -2})},
                    ints<S>({4}, {1, 2, 3, 4}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({4}, {1, -2, 1, -2})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {1, 2})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {3, 4})));
}

TYPED_TEST(ConcatSliceOp, ConcatWithEmptyParts) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("concat", {Shape{2}, Shape{0}}, attrsOf({0})),
                    {ints<S>({2}, {7, 8}), ints<S>({0}, {})}, ints<S>({2}, {1, 2}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {7, 8})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {1, 2})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({0}, {})));
  // Empty rows on the other axis: the output is empty too.
  auto none = apply<S>(oneNode("concat", {Shape{0, 1}, Shape{0, 2}}, attrsOf({1})),
                       {ints<S>({0, 1}, {}), ints<S>({0, 2}, {})}, ints<S>({0, 3}, {}));
  ASSERT_TRUE(none) << none.error();
  EXPECT_TRUE(same(none->out, ints<S>({0, 3}, {})));
}

TYPED_TEST(ConcatSliceOp, SliceColumns) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("slice", {Shape{2, 4}}, attrsOf({1, 1, 2})),
                    {ints<S>({2, 4}, {1, 2, 3, 4, 5, 6, 7, -8})}, ints<S>({2, 2}, {10, 20, 30, 40}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {2, 3, 6, 7})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 4}, {0, 10, 20, 0, 0, 30, 40, 0})));
}

TYPED_TEST(ConcatSliceOp, SliceTheLastRow) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("slice", {Shape{3, 2}}, attrsOf({0, 2, 1})),
                    {ints<S>({3, 2}, {1, 2, 3, 4, 5, -6})}, ints<S>({1, 2}, {7, 8}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({1, 2}, {5, -6})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3, 2}, {0, 0, 0, 0, 7, 8})));
}

TYPED_TEST(ConcatSliceOp, SliceOfTheMiddleAxis) {
  using S = TypeParam;
  // a[o,k,i] = 1..12 with k < 3; keep k = 1, 2.
  auto r = apply<S>(oneNode("slice", {Shape{2, 3, 2}}, attrsOf({1, 1, 2})),
                    {ints<S>({2, 3, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})},
                    ints<S>({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2, 2}, {3, 4, 5, 6, 9, 10, 11, 12})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3, 2}, {0, 0, 1, 2, 3, 4, 0, 0, 5, 6, 7, 8})));
}

TYPED_TEST(ConcatSliceOp, EmptySliceAtTheEnd) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("slice", {Shape{3}}, attrsOf({0, 3, 0})), {ints<S>({3}, {1, 2, 3})},
                    ints<S>({0}, {}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({0}, {})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {0, 0, 0})));
}

TEST(ConcatSliceOpShapes, ConcatAddsTheAxisLengths) {
  auto out = outputShape("concat", {Shape{2, 3, 4}, Shape{2, 5, 4}}, attrsOf({1}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{2, 8, 4}));
}

TEST(ConcatSliceOpShapes, ConcatNeedsOneAxis) {
  EXPECT_TRUE(rejects("concat", {Shape{2}, Shape{2}}, {}, "expects one attribute (the axis), got 0"));
  EXPECT_TRUE(rejects("concat", {Shape{2}, Shape{2}}, attrsOf({0, 0}), "got 2"));
}

TEST(ConcatSliceOpShapes, ConcatRejectsBadAxesAndRanks) {
  EXPECT_TRUE(rejects("concat", {Shape{2, 3}, Shape{2, 3}}, attrsOf({2}),
                      "axis 2 is out of range for rank 2"));
  EXPECT_TRUE(rejects("concat", {Shape{2, 3}, Shape{2, 3}}, attrsOf({-1}),
                      "axis -1 is out of range for rank 2"));
  EXPECT_TRUE(rejects("concat", {Shape{2, 3}, Shape{3}}, attrsOf({0}),
                      "arguments differ in rank: [2,3] and [3]"));
  EXPECT_TRUE(rejects("concat", {Shape{}, Shape{}}, attrsOf({0}), "rank >= 1"));
}

TEST(ConcatSliceOpShapes, ConcatRejectsMismatchedOtherAxes) {
  EXPECT_TRUE(rejects("concat", {Shape{2, 3}, Shape{4, 5}}, attrsOf({1}),
                      "[2,3] and [4,5] differ on axis 0, which is not the concat axis 1"));
}

TEST(ConcatSliceOpShapes, SliceKeepsLengthOnTheAxis) {
  auto out = outputShape("slice", {Shape{2, 5, 3}}, attrsOf({1, 2, 3}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{2, 3, 3}));
  EXPECT_EQ(spec::findOp("slice")->attrDoc, "axis, start, length");
}

TEST(ConcatSliceOpShapes, SliceNeedsThreeAttributes) {
  EXPECT_TRUE(rejects("slice", {Shape{4}}, attrsOf({0, 1}),
                      "expects three attributes (axis, start, length), got 2"));
  EXPECT_TRUE(rejects("slice", {Shape{4}}, attrsOf({0, 1, 1, 1}), "got 4"));
}

TEST(ConcatSliceOpShapes, SliceRejectsBadAttributes) {
  EXPECT_TRUE(rejects("slice", {Shape{}}, attrsOf({0, 0, 0}), "rank >= 1, got []"));
  EXPECT_TRUE(rejects("slice", {Shape{2, 4}}, attrsOf({2, 0, 1}), "axis 2 is out of range for rank 2"));
  EXPECT_TRUE(rejects("slice", {Shape{2, 4}}, attrsOf({1, -1, 1}), "start -1 is negative"));
  EXPECT_TRUE(rejects("slice", {Shape{2, 4}}, attrsOf({1, 0, -2}), "length -2 is negative"));
}

TEST(ConcatSliceOpShapes, SliceMustFitInTheAxis) {
  EXPECT_TRUE(rejects("slice", {Shape{2, 4}}, attrsOf({1, 2, 3}),
                      "start 2 + length 3 exceeds length 4 of axis 1 of [2,4]"));
  EXPECT_TRUE(rejects("slice", {Shape{2, 4}}, attrsOf({0, 3, 0}), "exceeds length 2 of axis 0"));
  // start + length would overflow a signed 64-bit sum.
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  EXPECT_TRUE(rejects("slice", {Shape{4}}, attrsOf({0, 2, kMax}), "exceeds length 4"));
  EXPECT_TRUE(rejects("slice", {Shape{4}}, attrsOf({0, kMax, kMax}), "exceeds length 4"));
}

}  // namespace
}  // namespace tapecheck::optest
