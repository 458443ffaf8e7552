#include <gtest/gtest.h>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/backprop.hpp"
#include "spec/registry.hpp"

using namespace tapecheck;

TEST(Smoke, AddCompilesAndMatchesSpec) {
  spec::Graph g;
  g.inputs = {spec::Shape{2}, spec::Shape{2}};
  g.nodes.push_back({spec::findOp("add"), {0, 1}, {}});
  g.nodes.push_back({spec::findOp("add"), {2, 2}, {}});
  auto data = spec::makeGraphData<double>(g);
  ASSERT_TRUE(data) << data.error();
  spec::Context<double> x = {spec::Tensor<double>(spec::Shape{2}, 1.5), spec::Tensor<double>(spec::Shape{2}, 2.0)};
  auto tape = runtime::compileAuxData(*data, x, {});
  ASSERT_TRUE(tape);
  auto grads = runtime::backwardDenseAll(*tape, 3, spec::Tensor<double>(spec::Shape{2}, 1.0));
  ASSERT_TRUE(grads) << grads.error();
  EXPECT_EQ((*grads)[0][0], 2.0);
  EXPECT_EQ((*grads)[1][1], 2.0);
}
