// div and square: forward and VJP in ModP and double, division by zero in
// each, square in the max-plus semiring, shape rules.
#include <limits>

#include "op_test_support.hpp"
#include "spec/scalar/tropical.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class DivSquareOp : public ::testing::Test {};
TYPED_TEST_SUITE(DivSquareOp, ExactAndDouble);

TYPED_TEST(DivSquareOp, DivForwardAndVjp) {
  using S = TypeParam;
  // Powers of two in b keep every double result exact.
  auto r = apply<S>(oneNode("div", {Shape{3}, Shape{3}}),
                    {ints<S>({3}, {6, -8, 7}), ints<S>({3}, {2, 4, -1})},
                    ints<S>({3}, {4, 8, 3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({3}, {3, -2, -7})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {2, 2, -3})));     // δ/b
  EXPECT_TRUE(same(r->grads[1], ints<S>({3}, {-6, 4, -21})));   // -δa/b²
}

TYPED_TEST(DivSquareOp, DivOfRepeatedArgumentIsOne) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("div", {Shape{2}}, {}, {0, 0}), {ints<S>({2}, {4, -2})},
                    ints<S>({2}, {8, 2}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2}, {1, 1})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({2}, {2, -1})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2}, {-2, 1})));  // the two cancel
}

TYPED_TEST(DivSquareOp, SquareForwardAndVjp) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("square", {Shape{2, 2}}), {ints<S>({2, 2}, {3, -2, 0, 1})},
                    ints<S>({2, 2}, {1, 2, 5, -3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({2, 2}, {9, 4, 0, 1})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 2}, {6, -8, 0, -6})));  // δ(a + a)
}

TYPED_TEST(DivSquareOp, SquareOfScalar) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("square", {Shape{}}), {ints<S>({}, {-4})}, ints<S>({}, {3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {16})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({}, {-24})));
}

TEST(DivOpModP, HalfIsPPlusOneOverTwo) {
  auto r = apply<ModP>(oneNode("div", {Shape{2}, Shape{2}}),
                       {ints<ModP>({2}, {1, 3}), ints<ModP>({2}, {2, 2})},
                       ints<ModP>({2}, {1, 0}));
  ASSERT_TRUE(r) << r.error();
  const ModP half = ModP::raw((ModP::kP + 1) / 2);
  const ModP threeHalves = ModP::raw((ModP::kP + 3) / 2);
  EXPECT_EQ(r->out[0], half);
  EXPECT_EQ(r->out[1], threeHalves);
  EXPECT_EQ(half + half, ModP::raw(1));
  EXPECT_EQ(r->grads[0][0], half);  // δ/b = 1/2
  // -(δ·a/b²) = -(1/4).
  EXPECT_EQ(r->grads[1][0] * ModP::of(4), ModP::of(-1));
  EXPECT_EQ(r->grads[1][1], ModP{});  // δ = 0
}

TEST(DivOpModP, DivisionByZeroGivesZero) {
  // reciprocal(0) = 0 in ModP, so a/0 = 0 and neither argument gets a gradient.
  auto r = apply<ModP>(oneNode("div", {Shape{1}, Shape{1}}),
                       {ints<ModP>({1}, {5}), ints<ModP>({1}, {0})}, ints<ModP>({1}, {7}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<ModP>({1}, {0})));
  EXPECT_TRUE(same(r->grads[0], ints<ModP>({1}, {0})));
  EXPECT_TRUE(same(r->grads[1], ints<ModP>({1}, {0})));
}

TEST(DivOpDouble, DivisionByZeroIsInfinite) {
  const double inf = std::numeric_limits<double>::infinity();
  auto r = apply<double>(oneNode("div", {Shape{2}, Shape{2}}),
                         {reals({2}, {1.0, 0.0}), reals({2}, {0.0, 0.0})},
                         reals({2}, {1.0, 1.0}));
  ASSERT_TRUE(r) << r.error();
  // 0 · (1/0) = NaN; same() treats any NaN as equal.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(same(r->out, reals({2}, {inf, nan})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {inf, inf})));
  EXPECT_TRUE(same(r->grads[1], reals({2}, {-inf, nan})));
}

TEST(DivOpDouble, MultipliesByTheReciprocal) {
  // 5 · (1/3) = 1.6666666666666665 but 5 / 3 = 1.6666666666666667.
  auto r = apply<double>(oneNode("div", {Shape{1}, Shape{1}}),
                         {reals({1}, {5.0}), reals({1}, {3.0})}, reals({1}, {1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 5.0 * (1.0 / 3.0));
  EXPECT_NE(r->out[0], 5.0 / 3.0);
}

TEST(SquareOpTropical, UsesTheSemiringsOwnOperations) {
  // In max-plus, a·a = a + a (ordinary) and a ⊕ a = a, so the VJP is δ + a.
  using spec::Tropical;
  Tensor<Tropical> x = Tensor<Tropical>::zeros(Shape{2});
  x[0] = Tropical{3.0};
  x[1] = Tropical{-1.0};
  Tensor<Tropical> delta = Tensor<Tropical>::zeros(Shape{2});
  delta[0] = Tropical{10.0};  // delta[1] stays the semiring zero, -inf
  auto r = apply<Tropical>(oneNode("square", {Shape{2}}), {x}, delta);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0].v, 6.0);
  EXPECT_EQ(r->out[1].v, -2.0);
  EXPECT_EQ(r->grads[0][0].v, 13.0);
  EXPECT_EQ(r->grads[0][1].v, -std::numeric_limits<double>::infinity());  // zero stays zero
}

TEST(DivSquareOpShapes, RulesAndAttributes) {
  EXPECT_TRUE(rejects("div", {Shape{2}, Shape{3}}, {}, "argument 1 has shape [3]"));
  EXPECT_TRUE(rejects("div", {Shape{2}, Shape{2}}, attrsOf({1}), "takes no attributes"));
  EXPECT_TRUE(rejects("square", {Shape{2}}, attrsOf({2}), "takes no attributes"));
  auto out = outputShape("div", {Shape{0, 2}, Shape{0, 2}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{0, 2}));
}

}  // namespace
}  // namespace tapecheck::optest
