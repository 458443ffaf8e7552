// matmul and transpose2d: forward and VJP in ModP and double, summation
// order, shape rules.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class MatrixOp : public ::testing::Test {};
TYPED_TEST_SUITE(MatrixOp, ExactAndDouble);

TYPED_TEST(MatrixOp, Matmul2x3By3x2) {
  using S = TypeParam;
  // A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]], δ = [[1,0],[2,-1]].
  auto r = apply<S>(oneNode("matmul", {Shape{2, 3}, Shape{3, 2}}),
                    {ints<S>({2, 3}, {1, 2, 3, 4, 5, 6}),
                     ints<S>({3, 2}, {7, 8, 9, 10, 11, 12})},
                    ints<S>({2, 2}, {1, 0, 2, -1}));
  ASSERT_TRUE(r) << r.error();
  // [1·7+2·9+3·11, 1·8+2·10+3·12; 4·7+5·9+6·11, 4·8+5·10+6·12]
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {58, 64, 139, 154})));
  ASSERT_EQ(r->grads.size(), 2u);
  // dA = δ·Bᵀ: row 0 is B's first column, row 1 is 2·(first column) - second.
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {7, 9, 11, 6, 8, 10})));
  // dB = Aᵀ·δ: column 0 is A row 0 + 2·A row 1, column 1 is -A row 1.
  EXPECT_TRUE(same(r->grads[1], ints<S>({3, 2}, {9, -4, 12, -5, 15, -6})));
}

TYPED_TEST(MatrixOp, MatmulSquareOfOneMatrix) {
  using S = TypeParam;
  // X = [[1,2],[3,4]], δ = [[1,0],[0,0]]: dA = δ·Xᵀ, dB = Xᵀ·δ.
  auto r = apply<S>(oneNode("matmul", {Shape{2, 2}}, {}, {0, 0}),
                    {ints<S>({2, 2}, {1, 2, 3, 4})}, ints<S>({2, 2}, {1, 0, 0, 0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {7, 10, 15, 22})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 2}, {1, 3, 0, 0})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2, 2}, {1, 0, 2, 0})));
}

TYPED_TEST(MatrixOp, MatmulWithEmptyInnerDimensionIsZero) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("matmul", {Shape{2, 0}, Shape{0, 3}}),
                    {ints<S>({2, 0}, {}), ints<S>({0, 3}, {})},
                    ints<S>({2, 3}, {1, 2, 3, 4, 5, 6}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 3}, {0, 0, 0, 0, 0, 0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 0}, {})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({0, 3}, {})));
}

TYPED_TEST(MatrixOp, MatmulRowTimesColumn) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("matmul", {Shape{1, 3}, Shape{3, 1}}),
                    {ints<S>({1, 3}, {2, -1, 3}), ints<S>({3, 1}, {4, 5, -6})},
                    ints<S>({1, 1}, {-2}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({1, 1}, {8 - 5 - 18})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({1, 3}, {-8, -10, 12})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({3, 1}, {-4, 2, -6})));
}

TYPED_TEST(MatrixOp, Transpose2x3) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("transpose2d", {Shape{2, 3}}), {ints<S>({2, 3}, {1, 2, 3, 4, 5, 6})},
                    ints<S>({3, 2}, {10, 20, 30, 40, 50, -60}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3, 2}, {1, 4, 2, 5, 3, 6})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {10, 30, 50, 20, 40, -60})));
}

TYPED_TEST(MatrixOp, TransposeOfEmptyMatrix) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("transpose2d", {Shape{0, 2}}), {ints<S>({0, 2}, {})},
                    ints<S>({2, 0}, {}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 0}, {})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({0, 2}, {})));
}

// In double, 2^53 + 1 rounds to 2^53, so ascending order from zero gives 0.
TEST(MatrixOpDouble, ForwardSumsOverKAscending) {
  auto r = apply<double>(oneNode("matmul", {Shape{1, 3}, Shape{3, 1}}),
                         {reals({1, 3}, {kTwo53, 1.0, -kTwo53}), reals({3, 1}, {1.0, 1.0, 1.0})},
                         reals({1, 1}, {1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
}

TEST(MatrixOpDouble, InputCotangentSumsOverJAscending) {
  // dA[0,0] = δ[0,0]·B[0,0] + δ[0,1]·B[0,1] + δ[0,2]·B[0,2].
  auto r = apply<double>(oneNode("matmul", {Shape{1, 1}, Shape{1, 3}}),
                         {reals({1, 1}, {1.0}), reals({1, 3}, {kTwo53, 1.0, -kTwo53})},
                         reals({1, 3}, {1.0, 1.0, 1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->grads[0][0], 0.0);
}

TEST(MatrixOpDouble, WeightCotangentSumsOverIAscending) {
  // dB[0,0] = A[0,0]·δ[0,0] + A[1,0]·δ[1,0] + A[2,0]·δ[2,0].
  auto r = apply<double>(oneNode("matmul", {Shape{3, 1}, Shape{1, 1}}),
                         {reals({3, 1}, {kTwo53, 1.0, -kTwo53}), reals({1, 1}, {1.0})},
                         reals({3, 1}, {1.0, 1.0, 1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->grads[1][0], 0.0);
}

TEST(MatrixOpDouble, FractionalMatmul) {
  auto r = apply<double>(oneNode("matmul", {Shape{1, 2}, Shape{2, 1}}),
                         {reals({1, 2}, {0.5, -0.25}), reals({2, 1}, {2.0, 4.0})},
                         reals({1, 1}, {0.5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({1, 1}, {0.0})));
  EXPECT_TRUE(same(r->grads[0], reals({1, 2}, {1.0, 2.0})));
  EXPECT_TRUE(same(r->grads[1], reals({2, 1}, {0.25, -0.125})));
}

TEST(MatrixOpShapes, MatmulOutputShape) {
  auto out = outputShape("matmul", {Shape{2, 3}, Shape{3, 5}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{2, 5}));
}

TEST(MatrixOpShapes, MatmulRejectsMismatchedInnerDimensions) {
  EXPECT_TRUE(rejects("matmul", {Shape{2, 3}, Shape{4, 5}}, {},
                      "inner dimensions differ: [2,3] x [4,5]"));
}

TEST(MatrixOpShapes, MatmulRejectsOtherRanks) {
  EXPECT_TRUE(rejects("matmul", {Shape{3}, Shape{3, 2}}, {}, "expects rank-2 arguments"));
  EXPECT_TRUE(rejects("matmul", {Shape{2, 3}, Shape{3}}, {}, "expects rank-2 arguments"));
  EXPECT_TRUE(rejects("matmul", {Shape{}, Shape{}}, {}, "expects rank-2 arguments"));
  EXPECT_TRUE(rejects("matmul", {Shape{1, 2, 3}, Shape{3, 2}}, {}, "expects rank-2 arguments"));
}

TEST(MatrixOpShapes, TakeNoAttributes) {
  EXPECT_TRUE(rejects("matmul", {Shape{2, 2}, Shape{2, 2}}, attrsOf({1}), "takes no attributes"));
  EXPECT_TRUE(rejects("transpose2d", {Shape{2, 2}}, attrsOf({1, 0}), "takes no attributes"));
}

TEST(MatrixOpShapes, TransposeNeedsRankTwo) {
  EXPECT_TRUE(rejects("transpose2d", {Shape{3}}, {}, "expects a rank-2 argument, got [3]"));
  EXPECT_TRUE(rejects("transpose2d", {Shape{1, 2, 3}}, {}, "expects a rank-2 argument"));
  auto out = outputShape("transpose2d", {Shape{4, 1}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{1, 4}));
}

}  // namespace
}  // namespace tapecheck::optest
