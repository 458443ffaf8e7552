// scatterAdd: forward and VJP in ModP and double with valid, negative,
// out-of-range and repeated indices, offsets past the end of the environment,
// empty tensors; shape rule.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

spec::Env envOf(std::initializer_list<std::int64_t> indices) {
  spec::Env env;
  env.indices.assign(indices.begin(), indices.end());
  return env;
}

template <class S>
class ScatterAddOp : public ::testing::Test {};
TYPED_TEST_SUITE(ScatterAddOp, ExactAndDouble);

TYPED_TEST(ScatterAddOp, AddsRowsAndDropsInvalidOnes) {
  using S = TypeParam;
  // x rows: [1,2] [3,4] [5,6]. From offset 1 the indices are 2, -1, 0, 3: src
  // row 0 goes to x row 2, row 2 to row 0; rows 1 (negative) and 3 (>= 3) drop.
  const spec::Env env = envOf({9, 2, -1, 0, 3});
  auto r = apply<S>(oneNode("scatterAdd", {Shape{3, 2}, Shape{4, 2}}, attrsOf({1})),
                    {ints<S>({3, 2}, {1, 2, 3, 4, 5, 6}),
                     ints<S>({4, 2}, {10, 20, 30, 40, 50, 60, 70, -80})},
                    ints<S>({3, 2}, {1, 2, 3, 4, 5, -6}), env);
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3, 2}, {1 + 50, 2 + 60, 3, 4, 5 + 10, 6 + 20})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({3, 2}, {1, 2, 3, 4, 5, -6})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({4, 2}, {5, -6, 0, 0, 1, 2, 0, 0})));
}

TYPED_TEST(ScatterAddOp, RepeatedIndicesAddBothRows) {
  using S = TypeParam;
  // src rows 0 and 1 both land in x row 1; src row 2 in x row 0.
  auto r = apply<S>(oneNode("scatterAdd", {Shape{2}, Shape{3}}, attrsOf({0})),
                    {ints<S>({2}, {1, 2}), ints<S>({3}, {10, 20, -30})}, ints<S>({2}, {7, 8}),
                    envOf({1, 1, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {1 - 30, 2 + 10 + 20})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {7, 8})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({3}, {8, 8, 7})));
}

TYPED_TEST(ScatterAddOp, RowsPastTheEndOfTheIndicesDrop) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("scatterAdd", {Shape{2, 1}, Shape{3, 1}}, attrsOf({1})),
                    {ints<S>({2, 1}, {1, 2}), ints<S>({3, 1}, {10, 20, 30})},
                    ints<S>({2, 1}, {4, 5}), envOf({1, 0, 1}));
  ASSERT_TRUE(r) << r.error();
  // Only src rows 0 and 1 have indices (0 and 1); row 2 is past the end.
  EXPECT_TRUE(same(r->out, ints<S>({2, 1}, {11, 22})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({3, 1}, {4, 5, 0})));
  auto past = apply<S>(oneNode("scatterAdd", {Shape{2}, Shape{1}}, attrsOf({3})),
                       {ints<S>({2}, {1, 2}), ints<S>({1}, {10})}, ints<S>({2}, {4, 5}),
                       envOf({0, 1}));
  ASSERT_TRUE(past) << past.error();
  EXPECT_TRUE(same(past->out, ints<S>({2}, {1, 2})));
  EXPECT_TRUE(same(past->grads[1], ints<S>({1}, {0})));
}

TYPED_TEST(ScatterAddOp, EmptyEnvironmentLeavesX) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("scatterAdd", {Shape{2}, Shape{2}}, attrsOf({0})),
                    {ints<S>({2}, {1, 2}), ints<S>({2}, {3, 4})}, ints<S>({2}, {5, 6}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {1, 2})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {5, 6})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {0, 0})));
}

TYPED_TEST(ScatterAddOp, SourceAndTargetMayBeOnePosition) {
  using S = TypeParam;
  // scatterAdd(x, x) with indices [1, 0]: out = x + reversed x.
  auto r = apply<S>(oneNode("scatterAdd", {Shape{2}}, attrsOf({0}), {0, 0}), {ints<S>({2}, {1, 5})},
                    ints<S>({2}, {2, 3}), envOf({1, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {6, 6})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {2, 3})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {3, 2})));
}

TYPED_TEST(ScatterAddOp, EmptyTensors) {
  using S = TypeParam;
  // No rows in x: every index is out of range.
  auto noRows = apply<S>(oneNode("scatterAdd", {Shape{0, 2}, Shape{2, 2}}, attrsOf({0})),
                         {ints<S>({0, 2}, {}), ints<S>({2, 2}, {1, 2, 3, 4})},
                         ints<S>({0, 2}, {}), envOf({0, 0}));
  ASSERT_TRUE(noRows) << noRows.error();
  EXPECT_TRUE(same(noRows->out, ints<S>({0, 2}, {})));
  EXPECT_TRUE(same(noRows->grads[1], ints<S>({2, 2}, {0, 0, 0, 0})));
  // No src rows, and rows of width 0.
  auto noSrc = apply<S>(oneNode("scatterAdd", {Shape{2}, Shape{0}}, attrsOf({0})),
                        {ints<S>({2}, {1, 2}), ints<S>({0}, {})}, ints<S>({2}, {3, 4}),
                        envOf({0}));
  ASSERT_TRUE(noSrc) << noSrc.error();
  EXPECT_TRUE(same(noSrc->out, ints<S>({2}, {1, 2})));
  auto narrow = apply<S>(oneNode("scatterAdd", {Shape{2, 0}, Shape{3, 0}}, attrsOf({0})),
                         {ints<S>({2, 0}, {}), ints<S>({3, 0}, {})}, ints<S>({2, 0}, {}),
                         envOf({0, 1, 1}));
  ASSERT_TRUE(narrow) << narrow.error();
  EXPECT_TRUE(same(narrow->grads[1], ints<S>({3, 0}, {})));
}

TEST(ScatterAddOpDouble, AddsIntoXInAscendingSourceRow) {
  // ((2^53 + 1) + -2^53) = 0: x first, then src rows 0 and 1 in order.
  auto r = apply<double>(oneNode("scatterAdd", {Shape{1}, Shape{2}}, attrsOf({0})),
                         {reals({1}, {kTwo53}), reals({2}, {1.0, -kTwo53})}, reals({1}, {0.5}),
                         envOf({0, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_TRUE(same(r->grads[1], reals({2}, {0.5, 0.5})));
}

TEST(ScatterAddOpMetadata, ReadsTheEnvironment) {
  const spec::OpDef* op = spec::findOp("scatterAdd");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->readsEnv);
  EXPECT_EQ(op->arity, 2u);
}

TEST(ScatterAddOpShapes, OutputIsTheShapeOfX) {
  auto out = outputShape("scatterAdd", {Shape{5, 2, 3}, Shape{7, 2, 3}}, attrsOf({2}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{5, 2, 3}));
}

TEST(ScatterAddOpShapes, NeedsOneNonNegativeOffset) {
  EXPECT_TRUE(rejects("scatterAdd", {Shape{2}, Shape{2}}, {},
                      "expects one attribute (the offset), got 0"));
  EXPECT_TRUE(rejects("scatterAdd", {Shape{2}, Shape{2}}, attrsOf({0, 1}), "got 2"));
  EXPECT_TRUE(rejects("scatterAdd", {Shape{2}, Shape{2}}, attrsOf({-1}), "offset -1 is negative"));
}

TEST(ScatterAddOpShapes, RejectsMismatchedArguments) {
  EXPECT_TRUE(rejects("scatterAdd", {Shape{}, Shape{2}}, attrsOf({0}), "rank >= 1, got [] and [2]"));
  EXPECT_TRUE(rejects("scatterAdd", {Shape{2}, Shape{}}, attrsOf({0}), "rank >= 1"));
  EXPECT_TRUE(rejects("scatterAdd", {Shape{2, 3}, Shape{2}}, attrsOf({0}),
                      "arguments differ in rank: [2,3] and [2]"));
  EXPECT_TRUE(rejects("scatterAdd", {Shape{2, 3}, Shape{4, 2}}, attrsOf({0}),
                      "rows differ: x [2,3] and src [4,2] differ on axis 1"));
}

}  // namespace
}  // namespace tapecheck::optest
