// softmax over the last axis: forward and VJP in double, rows, stability,
// the sampler's rank >= 1, rejection in ModP, shape rules.
#include <cmath>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

TEST(SoftmaxOp, RowsSumToOne) {
  auto r = apply<double>(oneNode("softmax", {Shape{2, 3}}),
                         {reals({2, 3}, {0.5, -1.0, 2.0, 3.0, 3.0, -7.25})},
                         reals({2, 3}, {1.0, 0.0, 0.0, 0.0, 0.0, 0.0}));
  ASSERT_TRUE(r) << r.error();
  for (std::size_t row = 0; row < 2; ++row) {
    double total = 0.0;
    for (std::size_t j = 0; j < 3; ++j) {
      EXPECT_GT(r->out[row * 3 + j], 0.0);
      total += r->out[row * 3 + j];
    }
    EXPECT_NEAR(total, 1.0, 1e-15) << "row " << row;
  }
  EXPECT_EQ(r->out[3], r->out[4]);  // equal inputs, equal outputs
}

TEST(SoftmaxOp, TwoElementRowByHand) {
  // x = (0, ln 3): e = (1/3, 1) after subtracting the max, s = 4/3, y = (1/4, 3/4).
  // δ = (1, 5): t = 1/4 + 15/4 = 4, dx = (1/4·(1 - 4), 3/4·(5 - 4)) = (-3/4, 3/4).
  auto r = apply<double>(oneNode("softmax", {Shape{2}}), {reals({2}, {0.0, std::log(3.0)})},
                         reals({2}, {1.0, 5.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_NEAR(r->out[0], 0.25, 1e-15);
  EXPECT_NEAR(r->out[1], 0.75, 1e-15);
  ASSERT_EQ(r->grads.size(), 1u);
  EXPECT_NEAR(r->grads[0][0], -0.75, 1e-14);
  EXPECT_NEAR(r->grads[0][1], 0.75, 1e-14);
}

TEST(SoftmaxOp, EqualRowIsUniformAndExact) {
  // y = (1/2, 1/2); δ = (4, 0): t = 2, dx = (1, -1).
  auto r = apply<double>(oneNode("softmax", {Shape{2}}), {reals({2}, {2.0, 2.0})},
                         reals({2}, {4.0, 0.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2}, {0.5, 0.5})));
  EXPECT_TRUE(same(r->grads[0], reals({2}, {1.0, -1.0})));
}

TEST(SoftmaxOp, ConstantCotangentGivesZero) {
  // Σ y = 1, so δ = c·1 gives t = c and dx = y·(c - c) = 0.
  auto r = apply<double>(oneNode("softmax", {Shape{4}}), {reals({4}, {1.0, 1.0, 1.0, 1.0})},
                         reals({4}, {3.0, 3.0, 3.0, 3.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->grads[0], reals({4}, {0.0, 0.0, 0.0, 0.0})));
}

TEST(SoftmaxOp, SubtractsTheMaximumSoLargeInputsDoNotOverflow) {
  auto r = apply<double>(oneNode("softmax", {Shape{3}}), {reals({3}, {1000.0, 1000.0, -1000.0})},
                         reals({3}, {0.0, 0.0, 0.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({3}, {0.5, 0.5, 0.0})));
}

TEST(SoftmaxOp, EachRowOfAHigherRankTensorIsIndependent) {
  // Shape [2,1,2]: rows (0, 0) and (5, 5) are both uniform; a row never sees the other.
  auto r = apply<double>(oneNode("softmax", {Shape{2, 1, 2}}),
                         {reals({2, 1, 2}, {0.0, 0.0, 5.0, 5.0})},
                         reals({2, 1, 2}, {2.0, 0.0, 0.0, 0.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({2, 1, 2}, {0.5, 0.5, 0.5, 0.5})));
  EXPECT_TRUE(same(r->grads[0], reals({2, 1, 2}, {0.5, -0.5, 0.0, 0.0})));
}

TEST(SoftmaxOp, SingleElementRowsAreOne) {
  auto r = apply<double>(oneNode("softmax", {Shape{3, 1}}), {reals({3, 1}, {-4.0, 0.0, 9.0})},
                         reals({3, 1}, {1.0, 2.0, 3.0}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(same(r->out, reals({3, 1}, {1.0, 1.0, 1.0})));
  EXPECT_TRUE(same(r->grads[0], reals({3, 1}, {0.0, 0.0, 0.0})));
}

TEST(SoftmaxOp, EmptyRowsAndNoRows) {
  for (const Shape& s : {Shape{3, 0}, Shape{0, 2}, Shape{0}}) {
    auto r = apply<double>(oneNode("softmax", {s}), {Tensor<double>::zeros(s)},
                           Tensor<double>::zeros(s));
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->out.shape, s);
    EXPECT_EQ(r->grads[0].shape, s);
  }
}

/// Always offers a scalar, to check that the sampler turns it into a vector.
class ScalarPicker : public spec::ShapePicker {
 public:
  spec::Rng& rng() override { return rng_; }
  Shape anyShape() override { return Shape{}; }
  Shape shapeOfRank(std::size_t rank) override {
    Shape s;
    s.dims.assign(rank, 2);
    return s;
  }
  std::size_t dim() override { return 3; }

 private:
  spec::Rng rng_{1};
};

TEST(SoftmaxOp, SamplerReplacesAScalarByAVector) {
  ScalarPicker picker;
  spec::Signature sig = spec::findOp("softmax")->sample(picker);
  ASSERT_EQ(sig.args.size(), 1u);
  EXPECT_EQ(sig.args[0], Shape{3});
  EXPECT_TRUE(sig.attrs.ints.empty());
}

TEST(SoftmaxOpShapes, RejectsScalarsAndAttributes) {
  EXPECT_TRUE(rejects("softmax", {Shape{}}, {}, "rank >= 1"));
  EXPECT_TRUE(rejects("softmax", {Shape{2}}, attrsOf({0}), "takes no attributes"));
  auto out = outputShape("softmax", {Shape{2, 3, 4}});
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, (Shape{2, 3, 4}));
}

TEST(SoftmaxOp, ModPRejectsIt) {
  auto data = spec::makeGraphData<ModP>(oneNode("softmax", {Shape{2}}));
  ASSERT_FALSE(data);
  EXPECT_NE(data.error().find("needs a real"), std::string::npos) << data.error();
  EXPECT_TRUE(spec::makeGraphData<double>(oneNode("softmax", {Shape{2}})));
}

}  // namespace
}  // namespace tapecheck::optest
