// T5 in double must never report a kink as a wrong VJP. The case that once
// did (seed 1008 of F64.T5_finite_differences): relu at 0 next to a large
// derivative. The objective <values, seed> = relu(x) + 108·x has one-sided
// slopes 109 and 108 at x = 0; a kink test relative to the whole objective
// (1e-4 + 1e-2·108.5 > 1) missed that, and the central difference 108.5 was
// then compared with the VJP's 108 and failed.
#include <gtest/gtest.h>

#include "generators/graph_case.hpp"
#include "properties/adjoint.hpp"
#include "spec/registry.hpp"

namespace tapecheck::props {
namespace {

using spec::Shape;
using spec::Tensor;

gen::GraphCase<double> reluNextToLargeSlope(double x, double slope) {
  spec::Graph g;
  g.inputs = {Shape{}};
  g.nodes.push_back({spec::findOp("relu"), {0}, {}});
  spec::Attrs scale;
  scale.ints = {static_cast<std::int64_t>(slope)};
  g.nodes.push_back({spec::findOp("scale"), {0}, scale});
  gen::GraphCase<double> c;
  c.data = *spec::makeGraphData<double>(std::move(g));
  Tensor<double> input = Tensor<double>::zeros(Shape{});
  input[0] = x;
  c.inputs.push_back(input);
  for (double s : {0.0, 1.0, 1.0}) {
    Tensor<double> seed = Tensor<double>::zeros(Shape{});
    seed[0] = s;
    c.seed.push_back(seed);
  }
  return c;
}

TEST(FiniteDifferences, AKinkNextToALargeSlopeIsNotApplicableNotAFailure) {
  const Verdict v = vjpMatchesFiniteDifferences(referenceAdapter<double>(), reluNextToLargeSlope(0.0, 108));
  EXPECT_FALSE(v.failed()) << v.message;
  EXPECT_FALSE(v.applicable()) << "relu at 0 is a kink";
}

TEST(FiniteDifferences, TheSameGraphAwayFromTheKinkIsChecked) {
  // Guards the test above: away from 0 the case is applicable and holds.
  const Verdict v = vjpMatchesFiniteDifferences(referenceAdapter<double>(), reluNextToLargeSlope(0.5, 108));
  EXPECT_TRUE(v.applicable()) << v.message;
  EXPECT_FALSE(v.failed()) << v.message;
}

}  // namespace
}  // namespace tapecheck::props
