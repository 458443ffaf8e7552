// max, min, abs: forward and VJP in double (ties split ½–½), rejection in
// ModP, shape rules.
#include <cmath>
#include <limits>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

TEST(MaxOp, WinnerGetsDeltaAndTiesSplit) {
  auto r = apply<double>(oneNode("max", {Shape{4}, Shape{4}}),
                         {reals({4}, {1.0, 5.0, -2.0, 3.0}), reals({4}, {4.0, 2.0, -2.0, 3.0})},
                         reals({4}, {10.0, 20.0, 30.0, -8.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({4}, {4.0, 5.0, -2.0, 3.0})));
  ASSERT_EQ(r->grads.size(), 2u);
  EXPECT_TRUE(same(r->grads[0], reals({4}, {0.0, 20.0, 15.0, -4.0})));
  EXPECT_TRUE(same(r->grads[1], reals({4}, {10.0, 0.0, 15.0, -4.0})));
}

TEST(MinOp, WinnerGetsDeltaAndTiesSplit) {
  auto r = apply<double>(oneNode("min", {Shape{4}, Shape{4}}),
                         {reals({4}, {1.0, 5.0, -2.0, 3.0}), reals({4}, {4.0, 2.0, -2.0, 3.0})},
                         reals({4}, {10.0, 20.0, 30.0, -8.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({4}, {1.0, 2.0, -2.0, 3.0})));
  EXPECT_TRUE(same(r->grads[0], reals({4}, {10.0, 0.0, 15.0, -4.0})));
  EXPECT_TRUE(same(r->grads[1], reals({4}, {0.0, 20.0, 15.0, -4.0})));
}

TEST(MaxOp, RepeatedArgumentIsATieEverywhere) {
  // max(x, x): each argument slot gets δ/2, which add back up to δ for x.
  for (const char* name : {"max", "min"}) {
    auto r = apply<double>(oneNode(name, {Shape{2}}, {}, {0, 0}), {reals({2}, {-1.5, 7.0})},
                           reals({2}, {3.0, -1.0}));
    ASSERT_TRUE(r) << r.error();
    EXPECT_TRUE(same(r->out, reals({2}, {-1.5, 7.0}))) << name;
    EXPECT_TRUE(same(r->grads[0], reals({2}, {1.5, -0.5}))) << name;
    EXPECT_TRUE(same(r->grads[1], reals({2}, {1.5, -0.5}))) << name;
  }
}

TEST(MaxOp, SignedZerosAreATieAndTheFirstArgumentIsReturned) {
  for (const char* name : {"max", "min"}) {
    auto r = apply<double>(oneNode(name, {Shape{1}, Shape{1}}),
                           {reals({1}, {-0.0}), reals({1}, {0.0})}, reals({1}, {2.0}));
    ASSERT_TRUE(r) << r.error();
    EXPECT_TRUE(std::signbit(r->out[0])) << name;
    EXPECT_EQ(r->grads[0][0], 1.0) << name;
    EXPECT_EQ(r->grads[1][0], 1.0) << name;
  }
}

TEST(MaxOp, InfinitiesAreOrdered) {
  const double inf = std::numeric_limits<double>::infinity();
  auto r = apply<double>(oneNode("max", {Shape{2}, Shape{2}}),
                         {reals({2}, {-inf, inf}), reals({2}, {-1e308, inf})},
                         reals({2}, {4.0, 4.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {-1e308, inf})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {0.0, 2.0})));
  EXPECT_TRUE(same(r->grads[1], reals({2}, {4.0, 2.0})));
}

TEST(AbsOp, ForwardAndSignVjp) {
  auto r = apply<double>(oneNode("abs", {Shape{2, 2}}), {reals({2, 2}, {-3.0, 0.0, 2.5, -0.0})},
                         reals({2, 2}, {2.0, 7.0, 4.0, 5.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2, 2}, {3.0, 0.0, 2.5, 0.0})));
  ASSERT_EQ(r->grads.size(), 1u);
  // sign(0) = sign(-0) = 0.
  EXPECT_TRUE(same(r->grads[0], reals({2, 2}, {-2.0, 0.0, 4.0, 0.0})));
}

TEST(AbsOp, ScalarInFloat) {
  auto r = apply<float>(oneNode("abs", {Shape{}}), {Tensor<float>::scalar(-0.25f)},
                        Tensor<float>::scalar(8.0f));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out[0], 0.25f);
  EXPECT_EQ(r->grads[0][0], -8.0f);
}

TEST(OrderOps, ModPRejectsThem) {
  for (const char* name : {"max", "min"}) {
    auto data = spec::makeGraphData<ModP>(oneNode(name, {Shape{2}, Shape{2}}));
    ASSERT_FALSE(data) << name;
    EXPECT_NE(data.error().find("needs a real"), std::string::npos) << data.error();
    EXPECT_TRUE(spec::makeGraphData<double>(oneNode(name, {Shape{2}, Shape{2}}))) << name;
  }
  auto data = spec::makeGraphData<ModP>(oneNode("abs", {Shape{2}}));
  ASSERT_FALSE(data);
  EXPECT_NE(data.error().find("modp"), std::string::npos) << data.error();
}

TEST(OrderOps, ShapeRules) {
  for (const char* name : {"max", "min"}) {
    EXPECT_TRUE(rejects(name, {Shape{2, 3}, Shape{3, 2}}, {}, "argument 1 has shape [3,2]"))
        << name;
    EXPECT_TRUE(rejects(name, {Shape{2}, Shape{2}}, attrsOf({0}), "takes no attributes")) << name;
  }
  EXPECT_TRUE(rejects("abs", {Shape{2}}, attrsOf({0}), "takes no attributes"));
  auto out = outputShape("max", {Shape{}, Shape{}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, Shape{});
}

}  // namespace
}  // namespace tapecheck::optest
