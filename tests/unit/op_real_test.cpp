// relu, tanh, exp: forward and VJP in double, rejection in ModP, shape rules.
#include <cmath>
#include <limits>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

TEST(ReluOp, ForwardKeepsPositivesAndVjpMasksAtZero) {
  auto r = apply<double>(oneNode("relu", {Shape{4}}), {reals({4}, {-2.0, 0.0, 3.5, 1e-300})},
                         reals({4}, {10.0, 20.0, 30.0, -40.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({4}, {0.0, 0.0, 3.5, 1e-300})));
  ASSERT_EQ(r->grads.size(), 1u);
  // relu'(0) = 0.
  EXPECT_TRUE(same(r->grads[0], reals({4}, {0.0, 0.0, 30.0, -40.0})));
}

TEST(ReluOp, NegativeZeroIsNotPositive) {
  auto r = apply<double>(oneNode("relu", {Shape{1}}), {reals({1}, {-0.0})}, reals({1}, {5.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_EQ(r->grads[0][0], 0.0);
}

TEST(TanhOp, ZeroHasSlopeOne) {
  auto r = apply<double>(oneNode("tanh", {Shape{1}}), {reals({1}, {0.0})}, reals({1}, {3.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.0);
  EXPECT_EQ(r->grads[0][0], 3.0);
}

TEST(TanhOp, KnownValueAtLogTwo) {
  // tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 0.6, so 1 - y² = 0.64.
  auto r = apply<double>(oneNode("tanh", {Shape{2}}), {reals({2}, {std::log(2.0), -std::log(2.0)})},
                         reals({2}, {1.0, -2.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_NEAR(r->out[0], 0.6, 1e-15);
  EXPECT_NEAR(r->out[1], -0.6, 1e-15);
  EXPECT_NEAR(r->grads[0][0], 0.64, 1e-15);
  EXPECT_NEAR(r->grads[0][1], -1.28, 1e-15);
}

TEST(TanhOp, SaturatesToSlopeZero) {
  // tanh(40) rounds to exactly 1 in double, so the VJP uses y = 1 and gives 0.
  auto r = apply<double>(oneNode("tanh", {Shape{2}}), {reals({2}, {40.0, -40.0})},
                         reals({2}, {7.0, 7.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {1.0, -1.0})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {0.0, 0.0})));
}

TEST(ExpOp, ForwardAndVjpUseTheForwardValue) {
  auto r = apply<double>(oneNode("exp", {Shape{3}}), {reals({3}, {0.0, 1.0, std::log(3.0)})},
                         reals({3}, {2.0, 1.0, 2.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 1.0);
  EXPECT_NEAR(r->out[1], 2.718281828459045, 1e-15);
  EXPECT_NEAR(r->out[2], 3.0, 1e-15);
  EXPECT_EQ(r->grads[0][0], 2.0);
  EXPECT_NEAR(r->grads[0][1], 2.718281828459045, 1e-15);
  EXPECT_NEAR(r->grads[0][2], 6.0, 1e-14);
}

TEST(ExpOp, UnderflowAndOverflow) {
  const double inf = std::numeric_limits<double>::infinity();
  auto r = apply<double>(oneNode("exp", {Shape{2}}), {reals({2}, {-inf, 1000.0})},
                         reals({2}, {5.0, 0.5}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {0.0, inf})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {0.0, inf})));
}

TEST(RealOps, WorkOnScalarsInFloat) {
  auto r = apply<float>(oneNode("relu", {Shape{}}), {Tensor<float>::scalar(2.5f)},
                        Tensor<float>::scalar(-1.0f));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 2.5f);
  EXPECT_EQ(r->grads[0][0], -1.0f);
}

TEST(RealOps, ModPRejectsThem) {
  for (const char* name : {"relu", "tanh", "exp"}) {
    auto data = spec::makeGraphData<ModP>(oneNode(name, {Shape{2}}));
    ASSERT_FALSE(data) << name;
    EXPECT_NE(data.error().find("needs a real"), std::string::npos) << data.error();
    EXPECT_NE(data.error().find("modp"), std::string::npos) << data.error();
    // The same graph is accepted in double.
    EXPECT_TRUE(spec::makeGraphData<double>(oneNode(name, {Shape{2}}))) << name;
  }
}

TEST(RealOps, RejectWrongShapesAndAttributes) {
  for (const char* name : {"relu", "tanh", "exp"}) {
    EXPECT_TRUE(rejects(name, {Shape{2}}, attrsOf({1}), "takes no attributes")) << name;
    auto out = outputShape(name, {Shape{3, 0, 2}});
    ASSERT_TRUE(out) << out.error();
    EXPECT_EQ(*out, (Shape{3, 0, 2}));
  }
}

}  // namespace
}  // namespace tapecheck::optest
