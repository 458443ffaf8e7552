// spec::validate / makeGraphData name the offending node and say what is
// wrong; eval and backpropAllCtx reject malformed contexts with an error.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "spec/backprop.hpp"
#include "spec/eval.hpp"
#include "spec/graph.hpp"
#include "spec/registry.hpp"

using namespace tapecheck;
using spec::Graph;
using spec::GraphNode;
using spec::Shape;

namespace {

const spec::OpDef* op(const char* name) {
  const spec::OpDef* def = spec::findOp(name);
  EXPECT_NE(def, nullptr) << "op '" << name << "' is not registered";
  return def;
}

GraphNode node(const char* name, std::initializer_list<std::size_t> args,
               std::initializer_list<std::int64_t> ints = {}) {
  GraphNode n{op(name), args, {}};
  n.attrs.ints.assign(ints.begin(), ints.end());
  return n;
}

/// The error of validate(g); fails the test when g validates.
std::string validationError(const Graph& g) {
  auto r = spec::validate(g);
  EXPECT_FALSE(r) << "graph unexpectedly validated";
  return r ? std::string() : r.error();
}

spec::Tensor<double> vec(std::initializer_list<double> values) {
  spec::Tensor<double> t;
  t.shape = Shape{values.size()};
  t.data.assign(values.begin(), values.end());
  return t;
}

/// inputs [2], [2]; node 0 = add(0, 1) at position 2.
spec::GraphData<double> addGraph() {
  Graph g;
  g.inputs = {Shape{2}, Shape{2}};
  g.nodes.push_back(node("add", {0, 1}));
  auto data = spec::makeGraphData<double>(g);
  EXPECT_TRUE(data) << data.error();
  return std::move(*data);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

// --- validate -----------------------------------------------------------------

TEST(SpecValidate, ReturnsShapeOfEveryPosition) {
  Graph g;
  g.inputs = {Shape{2, 3}, Shape{3, 4}};
  g.nodes.push_back(node("matmul", {0, 1}));
  g.nodes.push_back(node("sum", {2}));
  auto shapes = spec::validate(g);
  ASSERT_TRUE(shapes) << shapes.error();
  ASSERT_EQ(shapes->size(), 4u);
  EXPECT_EQ((*shapes)[0], Shape({2, 3}));
  EXPECT_EQ((*shapes)[1], Shape({3, 4}));
  EXPECT_EQ((*shapes)[2], Shape({2, 4}));
  EXPECT_EQ((*shapes)[3], Shape::scalar());
}

TEST(SpecValidate, AcceptsRepeatedArgument) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("mul", {0, 0}));
  EXPECT_TRUE(spec::validate(g));
}

TEST(SpecValidate, RejectsArgumentReferringToTheNodeItself) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("add", {0, 1}));  // node 0 is position 1
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 1, add)")) << e;
  EXPECT_TRUE(contains(e, "argument 1 refers to position 1")) << e;
  EXPECT_TRUE(contains(e, "not earlier")) << e;
}

TEST(SpecValidate, RejectsArgumentReferringToLaterPosition) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("add", {0, 0}));
  g.nodes.push_back(node("add", {5, 1}));  // position 5 does not exist yet
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 1 (position 2, add)")) << e;
  EXPECT_TRUE(contains(e, "argument 0 refers to position 5")) << e;
}

TEST(SpecValidate, RejectsWrongArity) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("add", {0}));
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 1, add)")) << e;
  EXPECT_TRUE(contains(e, "expects 2 argument(s), got 1")) << e;
}

TEST(SpecValidate, RejectsAddOfDifferentShapes) {
  Graph g;
  g.inputs = {Shape{2}, Shape{3}};
  g.nodes.push_back(node("add", {0, 1}));
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 2, add)")) << e;
  EXPECT_TRUE(contains(e, "[3]")) << e;
  EXPECT_TRUE(contains(e, "[2]")) << e;
}

TEST(SpecValidate, RejectsMatmulWithMismatchedInnerDimensions) {
  Graph g;
  g.inputs = {Shape{2, 3}, Shape{4, 2}};
  g.nodes.push_back(node("matmul", {0, 1}));
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 2, matmul)")) << e;
  EXPECT_TRUE(contains(e, "inner dimensions")) << e;
}

TEST(SpecValidate, RejectsNodeWithoutOp) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(GraphNode{nullptr, {0}, {}});
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 1, unknown op)")) << e;
  EXPECT_TRUE(contains(e, "not registered")) << e;
}

TEST(SpecValidate, RejectsScaleWithoutConstant) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("scale", {0}));
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 1, scale)")) << e;
  EXPECT_TRUE(contains(e, "got 0")) << e;
}

TEST(SpecValidate, RejectsAttributesOnAdd) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("add", {0, 0}, {7}));
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 1, add)")) << e;
  EXPECT_TRUE(contains(e, "no attributes")) << e;
}

TEST(SpecValidate, RejectsInputWhoseElementCountOverflows) {
  Graph g;
  g.inputs = {Shape{2}, Shape{std::size_t{1} << 40, std::size_t{1} << 40}};
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "input 1")) << e;
  EXPECT_TRUE(contains(e, "[1099511627776,1099511627776]")) << e;
}

TEST(SpecValidate, RejectsNodeWhoseOutputIsTooLarge) {
  // Inputs of 2^20 elements each; their outer product would have 2^40.
  Graph g;
  g.inputs = {Shape{std::size_t{1} << 20, 1}, Shape{1, std::size_t{1} << 20}};
  g.nodes.push_back(node("matmul", {0, 1}));
  std::string e = validationError(g);
  EXPECT_TRUE(contains(e, "node 0 (position 2, matmul)")) << e;
  EXPECT_TRUE(contains(e, "[1048576,1048576]")) << e;
}

TEST(SpecValidate, DescribesNodeByIndexPositionAndOp) {
  Graph g;
  g.inputs = {Shape{2}, Shape{2}, Shape{2}};
  g.nodes.push_back(node("add", {0, 1}));
  g.nodes.push_back(node("mul", {3, 2}));
  EXPECT_EQ(spec::describeNode(g, 1), "node 1 (position 4, mul)");
}

// --- makeGraphData --------------------------------------------------------------

TEST(SpecGraphData, RejectsOpTheDomainDoesNotProvide) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("relu", {0}));
  auto data = spec::makeGraphData<spec::ModP>(g);
  ASSERT_FALSE(data);
  EXPECT_TRUE(contains(data.error(), "node 0 (position 1, relu)")) << data.error();
  EXPECT_TRUE(contains(data.error(), "modp")) << data.error();
}

TEST(SpecGraphData, AcceptsRealOpInDouble) {
  Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("relu", {0}));
  EXPECT_TRUE(spec::makeGraphData<double>(g));
}

TEST(SpecGraphData, PassesValidationErrorThrough) {
  Graph g;
  g.inputs = {Shape{2}, Shape{3}};
  g.nodes.push_back(node("add", {0, 1}));
  auto data = spec::makeGraphData<double>(g);
  ASSERT_FALSE(data);
  EXPECT_TRUE(contains(data.error(), "node 0 (position 2, add)")) << data.error();
}

// --- eval / backpropAllCtx on malformed contexts --------------------------------

TEST(SpecEval, RejectsInputContextOfWrongLength) {
  auto r = spec::eval(addGraph(), {vec({1, 2})}, {});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error(), "1 tensors, expected 2")) << r.error();
}

TEST(SpecEval, RejectsInputOfWrongShape) {
  auto r = spec::eval(addGraph(), {vec({1, 2}), vec({1, 2, 3})}, {});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error(), "position 1 has shape [3], expected [2]")) << r.error();
}

TEST(SpecEval, RejectsInputWhoseDataDoesNotMatchItsShape) {
  spec::Tensor<double> bad = vec({1, 2, 3});
  bad.shape = Shape{2};
  auto r = spec::eval(addGraph(), {vec({1, 2}), bad}, {});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error(), "position 1")) << r.error();
}

TEST(SpecEval, AppendsNodeValuesAfterInputs) {
  auto r = spec::eval(addGraph(), {vec({1, 2}), vec({10, 20})}, {});
  ASSERT_TRUE(r) << r.error();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_TRUE(spec::sameTensor((*r)[2], vec({11, 22})));
}

TEST(SpecBackprop, RejectsSeedContextOfWrongLength) {
  auto r = spec::backpropAllCtx(addGraph(), {vec({1, 2}), vec({3, 4})}, {},
                                {vec({0, 0}), vec({0, 0})});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error(), "seed context has 2 tensors, expected 3")) << r.error();
}

TEST(SpecBackprop, RejectsSeedOfWrongShape) {
  auto r = spec::backpropAllCtx(addGraph(), {vec({1, 2}), vec({3, 4})}, {},
                                {vec({0, 0}), vec({0, 0}), vec({1})});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error(), "seed context position 2 has shape [1], expected [2]"))
      << r.error();
}

TEST(SpecBackprop, RejectsInputContextOfWrongLength) {
  auto r = spec::backpropAllCtx(addGraph(), {vec({1, 2})}, {},
                                {vec({0, 0}), vec({0, 0}), vec({1, 1})});
  ASSERT_FALSE(r);
  EXPECT_TRUE(contains(r.error(), "input context")) << r.error();
}

TEST(SpecBackprop, ReturnsSeedPlusContributionsAndOwnSeedUnchanged) {
  // add(0,1) with seed (1,2) at the output and (5,6) already on input 0.
  auto r = spec::backpropAllCtx(addGraph(), {vec({1, 2}), vec({3, 4})}, {},
                                {vec({5, 6}), vec({0, 0}), vec({1, 2})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(spec::sameTensor((*r)[0], vec({6, 8})));
  EXPECT_TRUE(spec::sameTensor((*r)[1], vec({1, 2})));
  EXPECT_TRUE(spec::sameTensor((*r)[2], vec({1, 2})));
}
