// sub, mul, neg, scale: forward and VJP in ModP and double, shape rules.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class ElementwiseOp : public ::testing::Test {};
TYPED_TEST_SUITE(ElementwiseOp, ExactAndDouble);

TYPED_TEST(ElementwiseOp, SubForwardAndVjp) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("sub", {Shape{3}, Shape{3}}),
                    {ints<S>({3}, {5, 2, -1}), ints<S>({3}, {3, 7, -4})},
                    ints<S>({3}, {1, -2, 10}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {2, -5, 3})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {1, -2, 10})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({3}, {-1, 2, -10})));
}

TYPED_TEST(ElementwiseOp, SubOfRepeatedArgumentGivesOneCotangentPerArgument) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("sub", {Shape{2}}, {}, {0, 0}), {ints<S>({2}, {4, -9})},
                    ints<S>({2}, {3, 1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {0, 0})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {3, 1})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {-3, -1})));
}

TYPED_TEST(ElementwiseOp, MulForwardAndVjp) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mul", {Shape{3}, Shape{3}}),
                    {ints<S>({3}, {2, -3, 4}), ints<S>({3}, {5, 6, -7})},
                    ints<S>({3}, {1, 2, 3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {10, -18, -28})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {5, 12, -21})));  // δ⊙b
  EXPECT_TRUE(same(r->grads[1], ints<S>({3}, {2, -6, 12})));   // δ⊙a
}

TYPED_TEST(ElementwiseOp, MulSquareGivesEachArgumentTheOtherFactor) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mul", {Shape{2}}, {}, {0, 0}), {ints<S>({2}, {3, -2})},
                    ints<S>({2}, {2, 5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {9, 4})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {6, -10})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {6, -10})));
}

TYPED_TEST(ElementwiseOp, NegForwardAndVjp) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("neg", {Shape{3}}), {ints<S>({3}, {3, -4, 0})},
                    ints<S>({3}, {2, -5, 7}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {-3, 4, 0})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {-2, 5, -7})));
}

TYPED_TEST(ElementwiseOp, NegOfScalar) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("neg", {Shape{}}), {ints<S>({}, {6})}, ints<S>({}, {-1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {-6})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({}, {1})));
}

TYPED_TEST(ElementwiseOp, ScaleByNegativeConstant) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("scale", {Shape{3}}, attrsOf({-3})), {ints<S>({3}, {1, -2, 5})},
                    ints<S>({3}, {2, 0, -1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {-3, 6, -15})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {-6, 0, 3})));
}

TYPED_TEST(ElementwiseOp, ScaleByZeroAndByLimit) {
  using S = TypeParam;
  auto zero = apply<S>(oneNode("scale", {Shape{2}}, attrsOf({0})), {ints<S>({2}, {4, -8})},
                       ints<S>({2}, {1, 1}));
  ASSERT_TRUE(zero) << zero.error();
  EXPECT_TRUE(same(zero->out, ints<S>({2}, {0, 0})));
  EXPECT_TRUE(same(zero->grads[0], ints<S>({2}, {0, 0})));
  auto limit = apply<S>(oneNode("scale", {Shape{1}}, attrsOf({1000})), {ints<S>({1}, {-2})},
                        ints<S>({1}, {3}));
  ASSERT_TRUE(limit) << limit.error();
  EXPECT_TRUE(same(limit->out, ints<S>({1}, {-2000})));
  EXPECT_TRUE(same(limit->grads[0], ints<S>({1}, {3000})));
}

// ModP only: results wrap around p = 2^61 - 1, where 2^61 ≡ 1.
TEST(ElementwiseOpModP, MulWrapsAroundThePrime) {
  const std::int64_t twoTo40 = std::int64_t{1} << 40;
  auto r = apply<ModP>(oneNode("mul", {Shape{1}, Shape{1}}),
                       {ints<ModP>({1}, {twoTo40}), ints<ModP>({1}, {twoTo40})},
                       ints<ModP>({1}, {1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<ModP>({1}, {std::int64_t{1} << 19})));  // 2^80 = 2^61·2^19
}

TEST(ElementwiseOpModP, SubBelowZeroIsPMinusOne) {
  auto r = apply<ModP>(oneNode("sub", {Shape{1}, Shape{1}}),
                       {ints<ModP>({1}, {0}), ints<ModP>({1}, {1})}, ints<ModP>({1}, {1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0].v, ModP::kP - 1);
  EXPECT_EQ(r->grads[1][0].v, ModP::kP - 1);
}

TEST(ElementwiseOpDouble, FractionalValues) {
  auto r = apply<double>(oneNode("mul", {Shape{2}, Shape{2}}),
                         {reals({2}, {0.5, -1.25}), reals({2}, {4.0, 0.5})},
                         reals({2}, {0.25, 2.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {2.0, -0.625})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {1.0, 1.0})));
  EXPECT_TRUE(same(r->grads[1], reals({2}, {0.125, -2.5})));
}

TEST(ElementwiseOpShapes, BinaryOpsRequireEqualShapes) {
  EXPECT_TRUE(rejects("sub", {Shape{2}, Shape{3}}, {},
                      "argument 1 has shape [3] but argument 0 has [2]"));
  EXPECT_TRUE(rejects("mul", {Shape{2, 3}, Shape{3, 2}}, {},
                      "argument 1 has shape [3,2] but argument 0 has [2,3]"));
  EXPECT_TRUE(rejects("mul", {Shape{}, Shape{1}}, {}, "argument 1 has shape [1]"));
}

TEST(ElementwiseOpShapes, OutputHasTheArgumentShape) {
  auto sub = outputShape("sub", {Shape{2, 0}, Shape{2, 0}});
  ASSERT_TRUE(sub) << sub.error();
  EXPECT_EQ(*sub, (Shape{2, 0}));
  auto neg = outputShape("neg", {Shape{4, 1, 2}});
  ASSERT_TRUE(neg) << neg.error();
  EXPECT_EQ(*neg, (Shape{4, 1, 2}));
  auto scale = outputShape("scale", {Shape{}}, attrsOf({2}));
  ASSERT_TRUE(scale) << scale.error();
  EXPECT_EQ(*scale, Shape{});
}

TEST(ElementwiseOpShapes, AttributesAreRejectedWhereNoneAreTaken) {
  EXPECT_TRUE(rejects("sub", {Shape{2}, Shape{2}}, attrsOf({1}), "takes no attributes"));
  EXPECT_TRUE(rejects("mul", {Shape{2}, Shape{2}}, attrsOf({0}), "takes no attributes"));
  EXPECT_TRUE(rejects("neg", {Shape{2}}, attrsOf({1, 2}), "takes no attributes"));
}

TEST(ElementwiseOpShapes, ScaleNeedsExactlyOneBoundedConstant) {
  EXPECT_TRUE(rejects("scale", {Shape{2}}, {}, "expects one attribute"));
  EXPECT_TRUE(rejects("scale", {Shape{2}}, attrsOf({1, 2}), "expects one attribute"));
  EXPECT_TRUE(rejects("scale", {Shape{2}}, attrsOf({1001}), "1001 is outside [-1000, 1000]"));
  EXPECT_TRUE(rejects("scale", {Shape{2}}, attrsOf({-1001}), "-1001 is outside"));
  EXPECT_TRUE(outputShape("scale", {Shape{2}}, attrsOf({-1000})));
}

}  // namespace
}  // namespace tapecheck::optest
