// The op list as a whole: registration order, metadata, and that every
// sampler yields signatures its own shape rule accepts and kernels can run.
#include <algorithm>
#include <string>

#include "op_test_support.hpp"

namespace tapecheck::optest {
namespace {

/// A picker over small random shapes (rank 0..3, axes 0..3), zero axes included.
class RandomPicker : public spec::ShapePicker {
 public:
  explicit RandomPicker(std::uint64_t seed) : rng_(seed) {}
  spec::Rng& rng() override { return rng_; }
  Shape anyShape() override { return shapeOfRank(rng_.below(4)); }
  Shape shapeOfRank(std::size_t rank) override {
    Shape s;
    for (std::size_t a = 0; a < rank; ++a) s.dims.push_back(dim());
    return s;
  }
  std::size_t dim() override { return rng_.below(4); }

 private:
  spec::Rng rng_;
};

const char* const kOpsInOrder[] = {"add", "sub", "mul", "neg", "scale", "sum", "matmul",
                                   "transpose2d", "broadcastTo", "relu", "tanh", "exp",
                                   "gather", "div", "max", "min", "square", "abs", "log",
                                   "sigmoid", "softplus", "mean", "softmax", "mseLoss",
                                   "reduceSum", "reshape", "concat", "slice", "linear", "dot",
                                   "scatterAdd"};

TEST(OpCatalog, BuiltinsAreRegisteredInListOrder) {
  const auto& ops = spec::allOps();
  ASSERT_GE(ops.size(), std::size(kOpsInOrder));
  for (std::size_t i = 0; i < std::size(kOpsInOrder); ++i) {
    EXPECT_EQ(ops[i]->name, kOpsInOrder[i]) << "at " << i;
  }
}

TEST(OpCatalog, Metadata) {
  struct Expected {
    const char* name;
    std::size_t arity;
    spec::Algebra algebra;
    bool readsEnv;
  };
  using enum spec::Algebra;
  const Expected table[] = {
      {"sub", 2, Ring, false},
      {"mul", 2, Semiring, false},
      {"neg", 1, Ring, false},
      {"scale", 1, Ring, false},
      {"sum", 1, Semiring, false},
      {"matmul", 2, Semiring, false},
      {"transpose2d", 1, Semiring, false},
      {"broadcastTo", 1, Semiring, false},
      {"relu", 1, Real, false},
      {"tanh", 1, Real, false},
      {"exp", 1, Real, false},
      {"gather", 1, Semiring, true},
      {"div", 2, Field, false},
      {"max", 2, Real, false},
      {"min", 2, Real, false},
      {"square", 1, Semiring, false},
      {"abs", 1, Real, false},
      {"log", 1, Real, false},
      {"sigmoid", 1, Real, false},
      {"softplus", 1, Real, false},
      {"mean", 1, Field, false},
      {"softmax", 1, Real, false},
      {"mseLoss", 2, Field, false},
      {"reduceSum", 1, Semiring, false},
      {"reshape", 1, Semiring, false},
      {"concat", 2, Semiring, false},
      {"slice", 1, Semiring, false},
      {"linear", 3, Semiring, false},
      {"dot", 2, Semiring, false},
      {"scatterAdd", 2, Semiring, true},
  };
  for (const Expected& e : table) {
    const spec::OpDef* op = spec::findOp(e.name);
    ASSERT_NE(op, nullptr) << e.name;
    EXPECT_EQ(op->arity, e.arity) << e.name;
    EXPECT_EQ(op->algebra, e.algebra) << e.name;
    EXPECT_EQ(op->readsEnv, e.readsEnv) << e.name;
    EXPECT_TRUE(op->zeroPreserving) << e.name;
    EXPECT_TRUE(op->kernelsFor<double>()) << e.name;
    EXPECT_TRUE(op->kernelsFor<float>()) << e.name;
    EXPECT_EQ(static_cast<bool>(op->kernelsFor<ModP>()), e.algebra != Real) << e.name;
  }
  EXPECT_EQ(spec::findOp("broadcastTo")->attrDoc, "target dims");
}

/// Random inputs in [-3, 3] for one signature and an environment of indices in [-1, 4].
template <class S>
spec::Context<S> randomInputs(const spec::Signature& sig, spec::Rng& rng) {
  spec::Context<S> inputs;
  for (const Shape& s : sig.args) {
    Tensor<S> t = Tensor<S>::zeros(s);
    for (auto& v : t.data) v = spec::fromInt<S>(rng.between(-3, 3));
    inputs.push_back(std::move(t));
  }
  return inputs;
}

template <class S>
void runSampledCases(const spec::OpDef& op, std::uint64_t seed) {
  if (!op.kernelsFor<S>()) return;
  RandomPicker picker(seed);
  for (int round = 0; round < 300; ++round) {
    spec::Signature sig = op.sample(picker);
    ASSERT_EQ(sig.args.size(), op.arity) << op.name;
    std::vector<std::size_t> args(op.arity);
    for (std::size_t i = 0; i < op.arity; ++i) args[i] = i;
    spec::Graph g = oneNode(op.name, sig.args, sig.attrs, args);
    spec::Env env;
    const std::size_t envSize = picker.rng().below(6);
    for (std::size_t i = 0; i < envSize; ++i) env.indices.push_back(picker.rng().between(-1, 4));
    spec::Context<S> inputs = randomInputs<S>(sig, picker.rng());
    Result<Shape> outShape = outputShape(op.name, sig.args, sig.attrs);
    ASSERT_TRUE(outShape) << op.name << ": " << outShape.error();
    Tensor<S> delta = Tensor<S>::zeros(*outShape);
    for (auto& v : delta.data) v = spec::fromInt<S>(picker.rng().between(-3, 3));
    auto r = apply<S>(g, inputs, delta, env);
    ASSERT_TRUE(r) << op.name << ": " << r.error();
    EXPECT_EQ(r->out.shape, *outShape);
    for (std::size_t i = 0; i < op.arity; ++i) EXPECT_EQ(r->grads[i].shape, sig.args[i]);
  }
}

TEST(OpCatalog, SamplesAreAcceptedAndRunInEveryDomain) {
  for (const char* name : kOpsInOrder) {
    const spec::OpDef* op = spec::findOp(name);
    ASSERT_NE(op, nullptr) << name;
    runSampledCases<ModP>(*op, 1);
    runSampledCases<double>(*op, 2);
    runSampledCases<float>(*op, 3);
  }
}

TEST(OpCatalog, SampledAttributesStayInTheirDocumentedRanges) {
  RandomPicker picker(7);
  bool sawNegativeScale = false, sawDroppedAxis = false;
  for (int round = 0; round < 500; ++round) {
    spec::Signature scale = spec::findOp("scale")->sample(picker);
    ASSERT_EQ(scale.attrs.ints.size(), 1u);
    EXPECT_GE(scale.attrs.ints[0], -3);
    EXPECT_LE(scale.attrs.ints[0], 3);
    sawNegativeScale |= scale.attrs.ints[0] < 0;

    spec::Signature gather = spec::findOp("gather")->sample(picker);
    ASSERT_EQ(gather.attrs.ints.size(), 2u);
    EXPECT_GE(gather.attrs.ints[0], 0);
    EXPECT_LE(gather.attrs.ints[0], 3);
    EXPECT_GE(gather.args[0].rank(), 1u);

    spec::Signature broadcast = spec::findOp("broadcastTo")->sample(picker);
    sawDroppedAxis |= broadcast.args[0].rank() < broadcast.attrs.ints.size();
  }
  EXPECT_TRUE(sawNegativeScale);
  EXPECT_TRUE(sawDroppedAxis);
}

}  // namespace
}  // namespace tapecheck::optest
