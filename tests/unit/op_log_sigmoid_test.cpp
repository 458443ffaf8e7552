// log, sigmoid, softplus: forward and VJP in double, saturation and domain
// edges, rejection in ModP, shape rules.
#include <cmath>
#include <limits>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(LogOp, ForwardAndReciprocalVjp) {
  auto r = apply<double>(oneNode("log", {Shape{3}}), {reals({3}, {1.0, std::exp(1.0), 0.5})},
                         reals({3}, {3.0, std::exp(1.0), 1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_NEAR(r->out[1], 1.0, 1e-15);
  EXPECT_NEAR(r->out[2], -std::log(2.0), 1e-15);
  EXPECT_EQ(r->grads[0][0], 3.0);
  EXPECT_NEAR(r->grads[0][1], 1.0, 1e-15);
  EXPECT_EQ(r->grads[0][2], 2.0);  // δ · (1/0.5)
}

TEST(LogOp, ZeroAndNegativeInputs) {
  // Not rejected: log(0) = -inf with slope inf, log(-1) = NaN.
  auto r = apply<double>(oneNode("log", {Shape{2}}), {reals({2}, {0.0, -1.0})},
                         reals({2}, {1.0, 1.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {-kInf, kNaN})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {kInf, -1.0})));
}

TEST(SigmoidOp, ZeroIsOneHalfWithSlopeOneQuarter) {
  auto r = apply<double>(oneNode("sigmoid", {Shape{1}}), {reals({1}, {0.0})}, reals({1}, {8.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.5);
  EXPECT_EQ(r->grads[0][0], 2.0);
}

TEST(SigmoidOp, KnownValuesAtLogThree) {
  // sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4 and sigmoid(-ln 3) = 1/4; both slopes are 3/16.
  auto r = apply<double>(oneNode("sigmoid", {Shape{2}}),
                         {reals({2}, {std::log(3.0), -std::log(3.0)})}, reals({2}, {16.0, -16.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_NEAR(r->out[0], 0.75, 1e-15);
  EXPECT_NEAR(r->out[1], 0.25, 1e-15);
  EXPECT_NEAR(r->grads[0][0], 3.0, 1e-14);
  EXPECT_NEAR(r->grads[0][1], -3.0, 1e-14);
}

TEST(SigmoidOp, SaturatesWithoutNaN) {
  // exp(-800) = 0 gives y = 1; exp(800) = inf gives y = 1/inf = 0. Slopes are 0.
  auto r = apply<double>(oneNode("sigmoid", {Shape{2}}), {reals({2}, {800.0, -800.0})},
                         reals({2}, {5.0, 5.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {1.0, 0.0})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {0.0, 0.0})));
}

TEST(SoftplusOp, ZeroIsLogTwoWithSlopeOneHalf) {
  auto r = apply<double>(oneNode("softplus", {Shape{1}}), {reals({1}, {0.0})}, reals({1}, {6.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], std::log(2.0));
  EXPECT_EQ(r->grads[0][0], 3.0);
}

TEST(SoftplusOp, KnownValueAtLogThree) {
  // softplus(ln 3) = ln 4; its slope is sigmoid(ln 3) = 3/4.
  auto r = apply<double>(oneNode("softplus", {Shape{2}}),
                         {reals({2}, {std::log(3.0), -std::log(3.0)})}, reals({2}, {4.0, 4.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_NEAR(r->out[0], 2.0 * std::log(2.0), 1e-15);
  EXPECT_NEAR(r->out[1], std::log(4.0 / 3.0), 1e-15);
  EXPECT_NEAR(r->grads[0][0], 3.0, 1e-14);
  EXPECT_NEAR(r->grads[0][1], 1.0, 1e-14);
}

TEST(SoftplusOp, LargeInputsOverflowButTheSlopeStaysOne) {
  // No large-x shortcut: log(1 + exp(1000)) = inf, while sigmoid(1000) = 1.
  auto r = apply<double>(oneNode("softplus", {Shape{2}}), {reals({2}, {1000.0, -1000.0})},
                         reals({2}, {2.0, 2.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {kInf, 0.0})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {2.0, 0.0})));
}

TEST(LogSigmoidSoftplus, WorkInFloat) {
  auto r = apply<float>(oneNode("sigmoid", {Shape{}}), {Tensor<float>::scalar(0.0f)},
                        Tensor<float>::scalar(4.0f));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.5f);
  EXPECT_EQ(r->grads[0][0], 1.0f);
}

TEST(LogSigmoidSoftplus, ModPRejectsThem) {
  for (const char* name : {"log", "sigmoid", "softplus"}) {
    auto data = spec::makeGraphData<ModP>(oneNode(name, {Shape{2}}));
    ASSERT_FALSE(data) << name;
    EXPECT_NE(data.error().find("needs a real"), std::string::npos) << data.error();
    EXPECT_NE(data.error().find("modp"), std::string::npos) << data.error();
    EXPECT_TRUE(spec::makeGraphData<double>(oneNode(name, {Shape{2}}))) << name;
  }
}

TEST(LogSigmoidSoftplus, ShapeRules) {
  for (const char* name : {"log", "sigmoid", "softplus"}) {
    EXPECT_TRUE(rejects(name, {Shape{2}}, attrsOf({1}), "takes no attributes")) << name;
    auto out = outputShape(name, {Shape{2, 0}});
    ASSERT_TRUE(out) << out.error();
    EXPECT_EQ(*out, (Shape{2, 0}));
  }
}

}  // namespace
}  // namespace tapecheck::optest
