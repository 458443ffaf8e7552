// mean and mseLoss: forward and VJP in ModP and double, empty arguments,
// fractions in ModP, multiplication by the reciprocal in double, shape rules.
#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

template <class S>
class MeanMseOp : public ::testing::Test {};
TYPED_TEST_SUITE(MeanMseOp, ExactAndDouble);

TYPED_TEST(MeanMseOp, MeanOfAMatrix) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mean", {Shape{2, 2}}), {ints<S>({2, 2}, {1, 2, 3, 6})},
                    ints<S>({}, {8}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {3})));
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 2}, {2, 2, 2, 2})));  // δ/4 each
}

TYPED_TEST(MeanMseOp, MeanOfScalarIsItself) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mean", {Shape{}}), {ints<S>({}, {-5})}, ints<S>({}, {3}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {-5})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({}, {3})));
}

TYPED_TEST(MeanMseOp, MeanOfEmptyTensorIsZero) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mean", {Shape{3, 0}}), {ints<S>({3, 0}, {})}, ints<S>({}, {5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {0})));  // not 0 · (1/0) = NaN in double
  EXPECT_TRUE(same(r->grads[0], ints<S>({3, 0}, {})));
}

TYPED_TEST(MeanMseOp, MseLossForwardAndVjp) {
  using S = TypeParam;
  // Differences {2, 0, 4, -2}: (4 + 0 + 16 + 4) / 4 = 6; ŷ gets δ·2·diff/4 = diff.
  auto r = apply<S>(oneNode("mseLoss", {Shape{2, 2}, Shape{2, 2}}),
                    {ints<S>({2, 2}, {3, 1, 4, 0}), ints<S>({2, 2}, {1, 1, 0, 2})},
                    ints<S>({}, {2}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {6})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], ints<S>({2, 2}, {2, 0, 4, -2})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({2, 2}, {-2, 0, -4, 2})));
}

TYPED_TEST(MeanMseOp, MseLossOfEmptyTensorsDividesByOne) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mseLoss", {Shape{0}, Shape{0}}),
                    {ints<S>({0}, {}), ints<S>({0}, {})}, ints<S>({}, {7}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({0}, {})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({0}, {})));
}

TYPED_TEST(MeanMseOp, MseLossAgainstItselfIsZero) {
  using S = TypeParam;
  auto r = apply<S>(oneNode("mseLoss", {Shape{3}}, {}, {0, 0}), {ints<S>({3}, {5, -1, 2})},
                    ints<S>({}, {9}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, ints<S>({}, {0})));
  EXPECT_TRUE(same(r->grads[0], ints<S>({3}, {0, 0, 0})));
  EXPECT_TRUE(same(r->grads[1], ints<S>({3}, {0, 0, 0})));
}

TEST(MeanOpModP, FractionalMeanIsExact) {
  // mean(1, 2) = 3/2 = (p + 3)/2; each element gets 1/2 = (p + 1)/2.
  auto r = apply<ModP>(oneNode("mean", {Shape{2}}), {ints<ModP>({2}, {1, 2})},
                       ints<ModP>({}, {1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], ModP::raw((ModP::kP + 3) / 2));
  EXPECT_EQ(r->grads[0][0], ModP::raw((ModP::kP + 1) / 2));
  EXPECT_EQ(r->grads[0][1], ModP::raw((ModP::kP + 1) / 2));
}

TEST(MseLossOpModP, FractionalLossIsExact) {
  // ((1 - 0)² + (0 - 0)²) / 2 = 1/2; ŷ gets 2·(ŷ - t)/2 = {1, 0}.
  auto r = apply<ModP>(oneNode("mseLoss", {Shape{2}, Shape{2}}),
                       {ints<ModP>({2}, {1, 0}), ints<ModP>({2}, {0, 0})}, ints<ModP>({}, {1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], ModP::raw((ModP::kP + 1) / 2));
  EXPECT_TRUE(same(r->grads[0], ints<ModP>({2}, {1, 0})));
  EXPECT_TRUE(same(r->grads[1], ints<ModP>({2}, {-1, 0})));
}

TEST(MeanOpDouble, MultipliesByTheReciprocalOfN) {
  // (1 + 1 + 3) · (1/3) = 1.6666666666666665, while 5 / 3 = 1.6666666666666667.
  auto r = apply<double>(oneNode("mean", {Shape{3}}), {reals({3}, {1.0, 1.0, 3.0})},
                         reals({}, {5.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 5.0 * (1.0 / 3.0));
  EXPECT_NE(r->out[0], 5.0 / 3.0);
  EXPECT_EQ(r->grads[0][0], 5.0 * (1.0 / 3.0));
}

TEST(MseLossOpDouble, FractionalDifferences) {
  // Differences {0.5, -1.5}: (0.25 + 2.25) / 2 = 1.25; ŷ gets 2·diff/2 = diff.
  auto r = apply<double>(oneNode("mseLoss", {Shape{2}, Shape{2}}),
                         {reals({2}, {1.0, -1.0}), reals({2}, {0.5, 0.5})}, reals({}, {1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 1.25);
  EXPECT_TRUE(same(r->grads[0], reals({2}, {0.5, -1.5})));
  EXPECT_TRUE(same(r->grads[1], reals({2}, {-0.5, 1.5})));
}

TEST(MeanMseOpShapes, OutputsAreScalars) {
  for (const Shape& s : {Shape{}, Shape{0}, Shape{4}, Shape{2, 3, 1}}) {
    auto mean = outputShape("mean", {s});
    ASSERT_TRUE(mean) << mean.error();
    EXPECT_EQ(*mean, Shape{}) << s.str();
    auto mse = outputShape("mseLoss", {s, s});
    ASSERT_TRUE(mse) << mse.error();
    EXPECT_EQ(*mse, Shape{}) << s.str();
  }
}

TEST(MeanMseOpShapes, RejectsMismatchAndAttributes) {
  EXPECT_TRUE(rejects("mseLoss", {Shape{2}, Shape{2, 1}}, {}, "argument 1 has shape [2,1]"));
  EXPECT_TRUE(rejects("mseLoss", {Shape{2}, Shape{2}}, attrsOf({1}), "takes no attributes"));
  EXPECT_TRUE(rejects("mean", {Shape{2}}, attrsOf({0}), "takes no attributes"));
}

TEST(MeanMseOps, AreFieldOps) {
  EXPECT_TRUE(spec::makeGraphData<ModP>(oneNode("mean", {Shape{2}})));
  EXPECT_TRUE(spec::makeGraphData<ModP>(oneNode("mseLoss", {Shape{2}, Shape{2}})));
  EXPECT_EQ(spec::findOp("mean")->algebra, spec::Algebra::Field);
  EXPECT_EQ(spec::findOp("mseLoss")->algebra, spec::Algebra::Field);
}

}  // namespace
}  // namespace tapecheck::optest
