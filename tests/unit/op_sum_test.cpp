// sum: forward and VJP in ModP and double, summation order, shape rule.
#include <cmath>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class SumOp : public ::testing::Test {};
TYPED_TEST_SUITE(SumOp, ExactAndDouble);

TYPED_TEST(SumOp, SumsAMatrixToAScalar) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("sum", {Shape{2, 3}}), {ints<S>({2, 3}, {1, 2, 3, 4, 5, -6})},
                    ints<S>({}, {7}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {9})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 3}, {7, 7, 7, 7, 7, 7})));
}

TYPED_TEST(SumOp, SumOfScalarIsItself) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("sum", {Shape{}}), {ints<S>({}, {-4})}, ints<S>({}, {3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {-4})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({}, {3})));
}

TYPED_TEST(SumOp, SumOfEmptyTensorIsZero) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("sum", {Shape{3, 0}}), {ints<S>({3, 0}, {})}, ints<S>({}, {5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3, 0}, {})));
}

TEST(SumOpModP, WrapsAroundThePrime) {
  // (p - 1) + 2 ≡ 1.
  auto r = apply<ModP>(oneNode("sum", {Shape{2}}), {ints<ModP>({2}, {-1, 2})},
                       ints<ModP>({}, {1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<ModP>({}, {1})));
}

TEST(SumOpDouble, AddsInAscendingIndexOrder) {
  // ((0 + 2^53) + 1) + -2^53 = 0, because 2^53 + 1 rounds to 2^53; any other
  // order that adds 1 to -2^53 first gives 1.
  auto r = apply<double>(oneNode("sum", {Shape{3}}), {reals({3}, {kTwo53, 1.0, -kTwo53})},
                         reals({}, {1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
}

TEST(SumOpDouble, StartsFromPositiveZero) {
  // 0 + -0 = +0: the accumulator starts at zero rather than at the first element.
  auto r = apply<double>(oneNode("sum", {Shape{1}}), {reals({1}, {-0.0})}, reals({}, {1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_FALSE(std::signbit(r->out[0]));
}

TEST(SumOpDouble, FractionalValues) {
  auto r = apply<double>(oneNode("sum", {Shape{2, 2}}),
                         {reals({2, 2}, {0.5, 0.25, -1.5, 2.0})}, reals({}, {-0.5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({}, {1.25})));
  EXPECT_TRUE(same(r->grads[0], reals({2, 2}, {-0.5, -0.5, -0.5, -0.5})));
}

TEST(SumOpShapes, OutputIsAScalarForAnyInput) {
  for (const Shape& s : {Shape{}, Shape{0}, Shape{4}, Shape{2, 3, 1}}) {
    auto out = outputShape("sum", {s});
    ASSERT_TRUE(out) << out.error();
    EXPECT_EQ(*out, Shape{}) << s.str();
  }
}

TEST(SumOpShapes, TakesNoAttributes) {
  EXPECT_TRUE(rejects("sum", {Shape{3}}, attrsOf({0}), "takes no attributes"));
}

}  // namespace
}  // namespace tapecheck::optest
