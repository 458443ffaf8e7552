// Adversarial inputs, shape classes: zero-sized dimensions and rank-0
// everything. Every registered op is applied to arguments its own sampler
// draws under a picker that hands out empty axes (or only scalars); each
// application the shape rule accepts must compile, run in all three reverse
// loops and equal the spec, and each it rejects must be an error value.
#include <gtest/gtest.h>

#include <string>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "runtime/errors.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"
#include "spec/registry.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {

/// A picker for op samplers: axis lengths drawn from `dims`, ranks 0..2 (or
/// only rank 0 when `scalarsOnly`).
class AdversarialPicker final : public spec::ShapePicker {
 public:
  AdversarialPicker(std::uint64_t seed, std::vector<std::size_t> dims, bool scalarsOnly)
      : rng_(seed), dims_(std::move(dims)), scalarsOnly_(scalarsOnly) {}
  spec::Rng& rng() override { return rng_; }
  Shape anyShape() override { return shapeOfRank(scalarsOnly_ ? 0 : rng_.below(3)); }
  Shape shapeOfRank(std::size_t rank) override {
    Shape s;
    for (std::size_t a = 0; a < rank; ++a) s.dims.push_back(dim());
    return s;
  }
  std::size_t dim() override { return dims_[rng_.below(dims_.size())]; }

 private:
  spec::Rng rng_;
  std::vector<std::size_t> dims_;
  bool scalarsOnly_;
};

/// Seed values 1, 2, 3, ... so that gradients are not trivially zero.
template <class S>
spec::Context<S> counting(const std::vector<Shape>& shapes, std::int64_t start) {
  spec::Context<S> ctx;
  for (const Shape& s : shapes) {
    Tensor<S> t = Tensor<S>::zeros(s);
    for (S& v : t.data) v = spec::fromInt<S>(start++ % 7 - 3);
    ctx.push_back(std::move(t));
  }
  return ctx;
}

/// Runs one graph through eval, the spec and all three runtime loops, and
/// expects them to agree. Returns false (without failing) when the graph is
/// not well typed: that must be an error value, which it is if we got here.
template <class S>
bool runsAndAgrees(const spec::Graph& g, const std::string& what) {
  auto data = spec::makeGraphData<S>(g);
  if (!data) return false;
  const std::vector<Shape> inputShapes(data->shapes.begin(), data->shapes.begin() + g.inputs.size());
  const spec::Context<S> x = counting<S>(inputShapes, 1);
  const spec::Env env{{0, 1, -1, 2}};
  const spec::Context<S> seed = counting<S>(data->shapes, 2);
  auto expected = spec::backpropAllCtx(*data, x, env, seed);
  auto tape = runtime::compileAuxData(*data, x, env);
  EXPECT_TRUE(expected) << what << ": " << expected.error();
  EXPECT_TRUE(tape) << what << ": " << tape.error();
  if (!expected || !tape) return true;
  auto from = runtime::backwardDenseFrom(*tape, seed);
  EXPECT_TRUE(from) << what << ": " << from.error();
  if (from) {
    for (std::size_t p = 0; p < from->size(); ++p) {
      EXPECT_TRUE(spec::sameTensor((*from)[p], (*expected)[p])) << what << ", position " << p;
    }
  }
  const std::size_t last = tape->size() - 1;
  auto all = runtime::backwardDenseAll(*tape, last, seed[last]);
  auto dense = runtime::backwardDense(*tape, last, seed[last]);
  EXPECT_TRUE(all && dense) << what;
  if (all && dense && data->graph.nodes.back().op->zeroPreserving) {
    for (std::size_t p = 0; p < all->size(); ++p) {
      EXPECT_TRUE(spec::sameTensor((*all)[p], (*dense)[p])) << what << ", position " << p;
    }
  }
  return true;
}

/// For every op of domain S, `draws` samples under the picker; returns how
/// many ops had at least one accepted application whose positions all
/// satisfy `keep`.
template <class S, class Keep>
std::size_t sweepOps(std::vector<std::size_t> dims, bool scalarsOnly, Keep keep, std::string* names) {
  std::size_t opsCovered = 0;
  for (const spec::OpDef* op : spec::opsFor<S>()) {
    bool covered = false;
    for (std::uint64_t draw = 0; draw < 40; ++draw) {
      AdversarialPicker picker(draw * 131 + 7, dims, scalarsOnly);
      spec::Signature sig = op->sample(picker);
      spec::Graph g;
      g.inputs = sig.args;
      spec::GraphNode n{op, {}, sig.attrs};
      for (std::size_t i = 0; i < sig.args.size(); ++i) n.args.push_back(i);
      g.nodes.push_back(n);
      auto shapes = spec::validate(g);
      if (!shapes || !keep(*shapes)) continue;
      covered |= runsAndAgrees<S>(g, op->name + " on draw " + std::to_string(draw));
    }
    if (covered) {
      ++opsCovered;
      *names += op->name + " ";
    }
  }
  return opsCovered;
}

bool anyEmpty(const std::vector<Shape>& shapes) {
  for (const Shape& s : shapes) {
    if (s.numel() == 0) return true;
  }
  return false;
}

bool allScalars(const std::vector<Shape>& shapes) {
  for (const Shape& s : shapes) {
    if (s.rank() != 0) return false;
  }
  return true;
}

}  // namespace

// --- zero-sized dimensions -------------------------------------------------------

TEST(AdversarialShapes, EveryOpWithAnEmptyAxisAgreesWithTheSpec) {
  std::string names;
  const std::size_t f64 = sweepOps<double>({0, 0, 1, 2}, false, anyEmpty, &names);
  const std::size_t modp = sweepOps<ModP>({0, 0, 1, 2}, false, anyEmpty, &names);
  std::printf("  ops run with an empty axis: %s\n", names.c_str());
  // Most ops take some argument with an empty axis; a sampler that never
  // produces one would shrink this count.
  EXPECT_GE(f64, spec::opsFor<double>().size() * 3 / 4);
  EXPECT_GE(modp, spec::opsFor<ModP>().size() * 3 / 4);
}

TEST(AdversarialShapes, HandTapeWithEmptyTensorsRunsAndReturnsEmptyGradients) {
  spec::Graph g;
  g.inputs = {Shape{0, 3}, Shape{3, 2}};
  g.nodes = {node("matmul", {0, 1}), node("relu", {2}), node("sum", {3}), node("scale", {4}, {5})};
  ASSERT_TRUE(runsAndAgrees<double>(g, "matmul [0,3]x[3,2]"));
  auto tape = runtime::compileAux<double>(g, {Tensor<double>::zeros(Shape{0, 3}),
                                              reals(Shape{3, 2}, {1, 2, 3, 4, 5, 6})}, {});
  ASSERT_TRUE(tape) << tape.error();
  auto r = runtime::backwardDenseAll(*tape, 5, Tensor<double>::scalar(1));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0].size(), 0u);
  EXPECT_EQ((*r)[0].shape, (Shape{0, 3}));
  // sum over no rows is 0 and its gradient reaches [3,2] as zeros.
  EXPECT_TRUE(spec::sameTensor((*r)[1], Tensor<double>::zeros(Shape{3, 2})));
}

TEST(AdversarialShapes, InnerEmptyAxisGivesAZeroProduct) {
  // [2,0] x [0,3] = [2,3] of zeros: the contraction is an empty sum.
  spec::Graph g;
  g.inputs = {Shape{2, 0}, Shape{0, 3}};
  g.nodes = {node("matmul", {0, 1})};
  ASSERT_TRUE(runsAndAgrees<double>(g, "matmul [2,0]x[0,3]"));
  auto values = spec::eval(*spec::makeGraphData<double>(g),
                           {Tensor<double>::zeros(Shape{2, 0}), Tensor<double>::zeros(Shape{0, 3})}, {});
  ASSERT_TRUE(values) << values.error();
  EXPECT_TRUE(spec::sameTensor(values->back(), Tensor<double>::zeros(Shape{2, 3})));
}

// --- rank-0 everything -------------------------------------------------------------

TEST(AdversarialShapes, EveryOpThatTakesScalarsAgreesOnAnAllScalarGraph) {
  std::string names;
  const std::size_t f64 = sweepOps<double>({1}, true, allScalars, &names);
  std::printf("  ops run on scalars only: %s\n", names.c_str());
  EXPECT_GE(f64, 15u);  // every elementwise op, sum, mean, and more
}

TEST(AdversarialShapes, DeepAllScalarGraphOfMixedOpsAgrees) {
  spec::Graph g;
  g.inputs = {Shape{}, Shape{}};
  const char* unary[] = {"neg", "relu", "tanh", "square", "abs", "sigmoid"};
  const char* binary[] = {"add", "mul", "sub", "max", "min"};
  for (std::size_t k = 0; k < 200; ++k) {
    const std::size_t prev = g.positionCount() - 1;
    g.nodes.push_back(k % 2 == 0 ? node(unary[k / 2 % 6], {prev})
                                 : node(binary[k / 2 % 5], {prev, k % 3 == 0 ? 0 : prev}));
  }
  ASSERT_TRUE(runsAndAgrees<double>(g, "scalar chain"));
  ASSERT_TRUE(runsAndAgrees<float>(g, "scalar chain"));
}

TEST(AdversarialShapes, RankZeroTapeRejectsAOneElementVectorSeed) {
  // [] and [1] hold one element each; they are still different shapes.
  spec::Graph g;
  g.inputs = {Shape{}};
  g.nodes = {node("neg", {0})};
  auto tape = runtime::compileAux<double>(g, {Tensor<double>::scalar(2)}, {});
  ASSERT_TRUE(tape) << tape.error();
  auto r = runtime::backwardDenseAll(*tape, 1, reals(Shape{1}, {1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kSeedShape);
}
