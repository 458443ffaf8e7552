// Inputs the fuzzers (fuzz/) found, each replayed at the spec level so that it
// fails without its fix.
#include <gtest/gtest.h>

#include <cstdint>

#include "spec/eval.hpp"
#include "spec/graph_data.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {
constexpr std::size_t kHuge = std::size_t{0x0EC741000C305FFF};  // from the fuzz input
}

// fuzz_graph_run timeout (transpose2d.cpp:29): input [2^60-ish, 0] has no
// element, so its element count passed, but transpose2d loops over its rows
// and ran for hours. validate now bounds every axis by Shape::kMaxElements.
TEST(FuzzRegressions, EmptyTensorWithAHugeAxisIsRejectedByValidate) {
  spec::Graph g;
  g.inputs = {Shape{kHuge, 0}};
  g.nodes = {node("transpose2d", {0})};
  auto shapes = spec::validate(g);
  ASSERT_FALSE(shapes) << "validate accepted " << g.inputs[0].str();
  EXPECT_NE(shapes.error().find("input 0: shape [" + std::to_string(kHuge) + ",0] has an axis longer than"),
            std::string::npos)
      << shapes.error();
}

TEST(FuzzRegressions, NodeOutputWithAHugeEmptyAxisIsRejectedByValidate) {
  // broadcastTo can make such a shape from a small one: [1, 0] -> [huge, 0].
  spec::Graph g;
  g.inputs = {Shape{1, 0}};
  g.nodes = {node("broadcastTo", {0}, {static_cast<std::int64_t>(kHuge), 0})};
  auto shapes = spec::validate(g);
  ASSERT_FALSE(shapes);
  EXPECT_NE(shapes.error().find("has an axis longer than"), std::string::npos) << shapes.error();
}

TEST(FuzzRegressions, EmptyTensorsWithLongButBoundedAxesStillRun) {
  // The bound is the element limit, not "small": [2^20, 0] is fine and fast
  // enough to evaluate (2^20 empty rows).
  spec::Graph g;
  g.inputs = {Shape{std::size_t{1} << 20, 0}};
  g.nodes = {node("transpose2d", {0})};
  auto data = spec::makeGraphData<double>(g);
  ASSERT_TRUE(data) << data.error();
  auto values = spec::eval(*data, {Tensor<double>::zeros(g.inputs[0])}, {});
  ASSERT_TRUE(values) << values.error();
  EXPECT_EQ(values->back().shape, (Shape{0, std::size_t{1} << 20}));
}
