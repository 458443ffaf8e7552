// gather: forward and VJP in ModP and double with valid, negative and
// out-of-range indices and offsets past the end of the environment; shape rule.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

spec::Env envOf(std::initializer_list<std::int64_t> indices) {
  spec::Env env;
  env.indices.assign(indices.begin(), indices.end());
  return env;
}

template <class S>
class GatherOp : public ::testing::Test {};
TYPED_TEST_SUITE(GatherOp, ExactAndDouble);

TYPED_TEST(GatherOp, RowsFromIndicesWithInvalidOnesReadingZero) {
  using S = TypeParam;
  // x rows: [1,2] [3,4] [5,6] [7,8]. Indices from offset 1: 2, -1, 0, 2, 4, then past the end.
  const spec::Env env = envOf({9, 2, -1, 0, 2, 4});
  auto r = apply<S>(oneNode("gather", {Shape{4, 2}}, attrsOf({1, 6})),
                    {ints<S>({4, 2}, {1, 2, 3, 4, 5, 6, 7, -8})},
                    ints<S>({6, 2}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}), env);
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({6, 2}, {5, 6, 0, 0, 1, 2, 5, 6, 0, 0, 0, 0})));
  ASSERT_EQ(r->grads.size(), 1u);
  // Row 2 gets δ rows 0 and 3, row 0 gets δ row 2; rows 1 and 3 get nothing.
  EXPECT_TRUE(same(r->grads[0], ints<S>({4, 2}, {5, 6, 0, 0, 1 + 7, 2 + 8, 0, 0})));
}

TYPED_TEST(GatherOp, RankOneArgumentGathersScalars) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("gather", {Shape{3}}, attrsOf({0, 3})), {ints<S>({3}, {10, 20, -30})},
                    ints<S>({3}, {1, 2, 3}), envOf({2, 2, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {-30, -30, 10})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {3, 0, 1 + 2})));
}

TYPED_TEST(GatherOp, OffsetPastTheEndReadsZeros) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("gather", {Shape{2, 1}}, attrsOf({10, 2})), {ints<S>({2, 1}, {4, 5})},
                    ints<S>({2, 1}, {1, 1}), envOf({0, 1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 1}, {0, 0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 1}, {0, 0})));
}

TYPED_TEST(GatherOp, EmptyEnvironmentReadsZeros) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("gather", {Shape{2}}, attrsOf({0, 1})), {ints<S>({2}, {4, 5})},
                    ints<S>({1}, {3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({1}, {0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {0, 0})));
}

TYPED_TEST(GatherOp, NoRowsToReadFrom) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("gather", {Shape{0, 2}}, attrsOf({0, 2})), {ints<S>({0, 2}, {})},
                    ints<S>({2, 2}, {1, 2, 3, 4}), envOf({0, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {0, 0, 0, 0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({0, 2}, {})));
}

TYPED_TEST(GatherOp, ZeroCountAndZeroWidth) {
  using S = TypeParam;
  auto none = apply<S>(oneNode("gather", {Shape{2}}, attrsOf({0, 0})), {ints<S>({2}, {1, 2})},
                       ints<S>({0}, {}), envOf({1}));
  ASSERT_TRUE(none) << none.error();
  EXPECT_TRUE(same(none->out, ints<S>({0}, {})));
  EXPECT_TRUE(same(none->grads[0], ints<S>({2}, {0, 0})));
  // Rows of width 0: the output is empty, however many rows it has.
  auto empty = apply<S>(oneNode("gather", {Shape{2, 0}}, attrsOf({0, 1'000'000})),
                        {ints<S>({2, 0}, {})}, ints<S>({1'000'000, 0}, {}), envOf({1}));
  ASSERT_TRUE(empty) << empty.error();
  EXPECT_EQ(empty->out.size(), 0u);
}

TEST(GatherOpDouble, ScatterAddsInAscendingOutputRow) {
  // Three rows read x[0]: ((0 + 2^53) + 1) + -2^53 = 0.
  auto r = apply<double>(oneNode("gather", {Shape{2}}, attrsOf({0, 3})), {reals({2}, {0.5, 1.5})},
                         reals({3}, {kTwo53, 1.0, -kTwo53}), envOf({0, 0, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({3}, {0.5, 0.5, 0.5})));
  EXPECT_EQ(r->grads[0][0], 0.0);
  EXPECT_EQ(r->grads[0][1], 0.0);
}

TEST(GatherOpMetadata, ReadsTheEnvironment) {
  const spec::OpDef* op = spec::findOp("gather");
  ASSERT_NE(op, nullptr);
  EXPECT_TRUE(op->readsEnv);
}

TEST(GatherOpShapes, OutputReplacesTheLeadingAxisByCount) {
  auto out = outputShape("gather", {Shape{5, 2, 3}}, attrsOf({1, 4}));
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{4, 2, 3}));
}

TEST(GatherOpShapes, NeedsOffsetAndCount) {
  EXPECT_TRUE(rejects("gather", {Shape{3}}, {}, "expects two attributes (offset, count), got 0"));
  EXPECT_TRUE(rejects("gather", {Shape{3}}, attrsOf({1}), "expects two attributes"));
  EXPECT_TRUE(rejects("gather", {Shape{3}}, attrsOf({1, 2, 3}), "expects two attributes"));
}

TEST(GatherOpShapes, RejectsNegativeOffsetOrCount) {
  EXPECT_TRUE(rejects("gather", {Shape{3}}, attrsOf({-1, 2}), "offset -1 is negative"));
  EXPECT_TRUE(rejects("gather", {Shape{3}}, attrsOf({0, -2}), "count -2 is negative"));
}

TEST(GatherOpShapes, RejectsScalarArgument) {
  EXPECT_TRUE(rejects("gather", {Shape{}}, attrsOf({0, 1}), "rank >= 1"));
}

}  // namespace
}  // namespace tapecheck::optest
