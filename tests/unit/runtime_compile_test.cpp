// compileAux / compileAuxData: ids are positions, leaves are slots, every
// compiled node emits one contribution per distinct parent in ascending id,
// and invalid graphs or inputs are errors.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/eval.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {

/// inputs x = [3,-2], y = [4,5]; p2 = add(x,y) = [7,3]; p3 = mul(p2,x) = [21,-6]; p4 = sum(p3) = 15.
spec::Graph chain() {
  spec::Graph g;
  g.inputs = {Shape{2}, Shape{2}};
  g.nodes.push_back(node("add", {0, 1}));
  g.nodes.push_back(node("mul", {2, 0}));
  g.nodes.push_back(node("sum", {3}));
  return g;
}

spec::Context<ModP> chainInputs() { return {ints<ModP>(Shape{2}, {3, -2}), ints<ModP>(Shape{2}, {4, 5})}; }

runtime::Tape<ModP> compileChain() {
  auto tape = runtime::compileAux<ModP>(chain(), chainInputs(), {});
  EXPECT_TRUE(tape) << tape.error();
  return tape ? std::move(*tape) : runtime::Tape<ModP>{};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

// --- layout -------------------------------------------------------------------

TEST(RuntimeCompile, TapeHasOneNodePerInputAndGraphNode) {
  EXPECT_EQ(compileChain().size(), 2u + 3u);
}

TEST(RuntimeCompile, GraphWithoutNodesGivesOnlyLeaves) {
  spec::Graph g;
  g.inputs = {Shape{2}, Shape{}};
  auto tape = runtime::compileAux<double>(g, {reals(Shape{2}, {1, 2}), reals(Shape{}, {3})}, {});
  ASSERT_TRUE(tape) << tape.error();
  EXPECT_EQ(tape->size(), 2u);
}

TEST(RuntimeCompile, InputJIsLeafJHoldingTheInput) {
  runtime::Tape<ModP> tape = compileChain();
  ASSERT_EQ(tape.size(), 5u);
  EXPECT_TRUE(spec::sameTensor(*tape.getNode(0)->value, ints<ModP>(Shape{2}, {3, -2})));
  EXPECT_TRUE(spec::sameTensor(*tape.getNode(1)->value, ints<ModP>(Shape{2}, {4, 5})));
}

TEST(RuntimeCompile, LeavesRequireGradAndContributeNothing) {
  runtime::Tape<ModP> tape = compileChain();
  ASSERT_EQ(tape.size(), 5u);
  for (std::size_t j = 0; j < 2; ++j) {
    EXPECT_TRUE(tape.getNode(j)->requires_grad) << "leaf " << j;
    auto contributions = tape.getNode(j)->backwardList(ints<ModP>(Shape{2}, {1, 1}));
    ASSERT_TRUE(contributions) << contributions.error();
    EXPECT_TRUE(contributions->empty()) << "leaf " << j;
  }
}

TEST(RuntimeCompile, GraphNodeKHasTheHandComputedValueAtIdInputsPlusK) {
  runtime::Tape<ModP> tape = compileChain();
  ASSERT_EQ(tape.size(), 5u);
  EXPECT_TRUE(spec::sameTensor(*tape.getNode(2)->value, ints<ModP>(Shape{2}, {7, 3})));
  EXPECT_TRUE(spec::sameTensor(*tape.getNode(3)->value, ints<ModP>(Shape{2}, {21, -6})));
  EXPECT_TRUE(spec::sameTensor(*tape.getNode(4)->value, ints<ModP>(Shape{}, {15})));
}

TEST(RuntimeCompile, EveryValueEqualsEvalAtTheSamePosition) {
  auto data = spec::makeGraphData<ModP>(chain());
  ASSERT_TRUE(data) << data.error();
  auto ctx = spec::eval(*data, chainInputs(), {});
  ASSERT_TRUE(ctx) << ctx.error();
  auto tape = runtime::compileAuxData(*data, chainInputs(), {});
  ASSERT_TRUE(tape) << tape.error();
  ASSERT_EQ(tape->size(), ctx->size());
  for (std::size_t id = 0; id < ctx->size(); ++id) {
    EXPECT_TRUE(spec::sameTensor(*tape->getNode(id)->value, (*ctx)[id])) << "id " << id;
  }
}

TEST(RuntimeCompile, EveryGraphNodeRequiresGrad) {
  runtime::Tape<ModP> tape = compileChain();
  ASSERT_EQ(tape.size(), 5u);
  for (std::size_t id = 2; id < 5; ++id) EXPECT_TRUE(tape.getNode(id)->requires_grad) << id;
}

// --- contributions ------------------------------------------------------------

TEST(RuntimeCompile, RepeatedArgumentGivesOneSummedContribution) {
  // mul(x, x) with x = [3, -2], δ = [5, 7]: one contribution x·δ + x·δ = [30, -28].
  spec::Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("mul", {0, 0}));
  auto tape = runtime::compileAux<ModP>(g, {ints<ModP>(Shape{2}, {3, -2})}, {});
  ASSERT_TRUE(tape) << tape.error();
  auto contributions = tape->getNode(1)->backwardList(ints<ModP>(Shape{2}, {5, 7}));
  ASSERT_TRUE(contributions) << contributions.error();
  ASSERT_EQ(contributions->size(), 1u);
  EXPECT_EQ((*contributions)[0].first, 0u);
  EXPECT_TRUE(spec::sameTensor((*contributions)[0].second, ints<ModP>(Shape{2}, {30, -28})));
}

TEST(RuntimeCompile, ContributionsAscendByParentIdNotArgumentOrder) {
  // mul(x3, x1) with x1 = [2, 3], x3 = [10, 20], δ = [1, 2]:
  // pid 1 gets δ·x3 = [10, 40], then pid 3 gets δ·x1 = [2, 6].
  spec::Graph g;
  g.inputs = {Shape{2}, Shape{2}, Shape{2}, Shape{2}};
  g.nodes.push_back(node("mul", {3, 1}));
  spec::Context<ModP> x = {ints<ModP>(Shape{2}, {0, 0}), ints<ModP>(Shape{2}, {2, 3}),
                           ints<ModP>(Shape{2}, {0, 0}), ints<ModP>(Shape{2}, {10, 20})};
  auto tape = runtime::compileAux<ModP>(g, x, {});
  ASSERT_TRUE(tape) << tape.error();
  auto contributions = tape->getNode(4)->backwardList(ints<ModP>(Shape{2}, {1, 2}));
  ASSERT_TRUE(contributions) << contributions.error();
  ASSERT_EQ(contributions->size(), 2u);
  EXPECT_EQ((*contributions)[0].first, 1u);
  EXPECT_TRUE(spec::sameTensor((*contributions)[0].second, ints<ModP>(Shape{2}, {10, 40})));
  EXPECT_EQ((*contributions)[1].first, 3u);
  EXPECT_TRUE(spec::sameTensor((*contributions)[1].second, ints<ModP>(Shape{2}, {2, 6})));
}

TEST(RuntimeCompile, ContributesOnlyToItsArguments) {
  spec::Graph g;
  g.inputs = {Shape{1}, Shape{1}, Shape{1}};
  g.nodes.push_back(node("add", {2, 0}));
  spec::Context<double> x = {reals(Shape{1}, {1}), reals(Shape{1}, {2}), reals(Shape{1}, {3})};
  auto tape = runtime::compileAux<double>(g, x, {});
  ASSERT_TRUE(tape) << tape.error();
  auto contributions = tape->getNode(3)->backwardList(reals(Shape{1}, {0.5}));
  ASSERT_TRUE(contributions) << contributions.error();
  ASSERT_EQ(contributions->size(), 2u);
  EXPECT_EQ((*contributions)[0].first, 0u);
  EXPECT_EQ((*contributions)[1].first, 2u);
}

TEST(RuntimeCompile, ClosuresKeepTheForwardValuesOfCompileTime) {
  // d/dy of mul(x, y) is δ·x with the x the tape was compiled with.
  spec::Graph g;
  g.inputs = {Shape{1}, Shape{1}};
  g.nodes.push_back(node("mul", {0, 1}));
  spec::Context<double> x = {reals(Shape{1}, {3}), reals(Shape{1}, {5})};
  auto tape = runtime::compileAux<double>(g, x, {});
  ASSERT_TRUE(tape) << tape.error();
  x[0].data[0] = 100;
  auto contributions = tape->getNode(2)->backwardList(reals(Shape{1}, {2}));
  ASSERT_TRUE(contributions) << contributions.error();
  ASSERT_EQ(contributions->size(), 2u);
  EXPECT_EQ((*contributions)[1].second[0], 6.0);
}

TEST(RuntimeCompile, ClosuresKeepTheEnvironmentOfCompileTime) {
  // gather row env[0] = 1 of x [2,1]; the VJP scatters δ into row 1.
  spec::Graph g;
  g.inputs = {Shape{2, 1}};
  g.nodes.push_back(node("gather", {0}, {0, 1}));
  spec::Env env{{1}};
  auto tape = runtime::compileAux<ModP>(g, {ints<ModP>(Shape{2, 1}, {4, 9})}, env);
  ASSERT_TRUE(tape) << tape.error();
  env.indices[0] = 0;
  auto contributions = tape->getNode(1)->backwardList(ints<ModP>(Shape{1, 1}, {7}));
  ASSERT_TRUE(contributions) << contributions.error();
  ASSERT_EQ(contributions->size(), 1u);
  EXPECT_TRUE(spec::sameTensor((*contributions)[0].second, ints<ModP>(Shape{2, 1}, {0, 7})));
}

// --- errors -------------------------------------------------------------------

TEST(RuntimeCompile, RejectsInvalidGraphNamingTheNode) {
  spec::Graph g;
  g.inputs = {Shape{2}, Shape{3}};
  g.nodes.push_back(node("add", {0, 0}));
  g.nodes.push_back(node("add", {0, 1}));
  auto tape = runtime::compileAux<double>(g, {reals(Shape{2}, {1, 2}), reals(Shape{3}, {1, 2, 3})}, {});
  ASSERT_FALSE(tape);
  EXPECT_TRUE(contains(tape.error(), "node 1 (position 3, add)")) << tape.error();
}

TEST(RuntimeCompile, RejectsOpTheDomainDoesNotSupport) {
  spec::Graph g;
  g.inputs = {Shape{2}};
  g.nodes.push_back(node("relu", {0}));
  auto tape = runtime::compileAux<ModP>(g, {ints<ModP>(Shape{2}, {1, -1})}, {});
  ASSERT_FALSE(tape);
  EXPECT_TRUE(contains(tape.error(), "node 0 (position 1, relu)")) << tape.error();
}

TEST(RuntimeCompile, RejectsTooFewInputs) {
  auto tape = runtime::compileAux<ModP>(chain(), {ints<ModP>(Shape{2}, {1, 2})}, {});
  ASSERT_FALSE(tape);
  EXPECT_TRUE(contains(tape.error(), "1 tensors, expected 2")) << tape.error();
}

TEST(RuntimeCompile, RejectsTooManyInputs) {
  spec::Context<ModP> x = chainInputs();
  x.push_back(ints<ModP>(Shape{2}, {1, 2}));
  auto tape = runtime::compileAux<ModP>(chain(), x, {});
  ASSERT_FALSE(tape);
  EXPECT_TRUE(contains(tape.error(), "3 tensors, expected 2")) << tape.error();
}

TEST(RuntimeCompile, RejectsInputOfWrongShape) {
  spec::Context<ModP> x = {ints<ModP>(Shape{2}, {1, 2}), ints<ModP>(Shape{1, 2}, {1, 2})};
  auto tape = runtime::compileAux<ModP>(chain(), x, {});
  ASSERT_FALSE(tape);
  EXPECT_TRUE(contains(tape.error(), "position 1 has shape [1,2], expected [2]")) << tape.error();
}

TEST(RuntimeCompile, DataVariantRejectsInputOfWrongShape) {
  auto data = spec::makeGraphData<ModP>(chain());
  ASSERT_TRUE(data) << data.error();
  auto tape = runtime::compileAuxData(*data, {ints<ModP>(Shape{3}, {1, 2, 3}), ints<ModP>(Shape{2}, {1, 2})}, {});
  ASSERT_FALSE(tape);
  EXPECT_TRUE(contains(tape.error(), "position 0 has shape [3], expected [2]")) << tape.error();
}

// --- lifetime of the closures' shared state ------------------------------------
// Compiled closures point at state their tape owns (Tape::keepAlive). Under
// ASan, a closure that outlived that state would be a use-after-free here.

TEST(RuntimeCompile, CopyOfATapeRunsAfterTheOriginalIsGone) {
  auto reference = runtime::backwardDenseAll(compileChain(), 4, ints<ModP>(Shape{}, {1}));
  ASSERT_TRUE(reference) << reference.error();
  std::optional<runtime::Tape<ModP>> original = compileChain();
  const runtime::Tape<ModP> copy = *original;
  original.reset();
  auto grads = runtime::backwardDenseAll(copy, 4, ints<ModP>(Shape{}, {1}));
  ASSERT_TRUE(grads) << grads.error();
  ASSERT_EQ(grads->size(), reference->size());
  for (std::size_t id = 0; id < grads->size(); ++id) {
    EXPECT_TRUE(spec::sameTensor((*grads)[id], (*reference)[id])) << id;
  }
}

TEST(RuntimeCompile, NodesMovedToAnotherTapeRunWithTheirOwner) {
  auto reference = runtime::backwardDenseAll(compileChain(), 4, ints<ModP>(Shape{}, {1}));
  ASSERT_TRUE(reference) << reference.error();
  runtime::Tape<ModP> rebuilt;
  {
    runtime::Tape<ModP> source = compileChain();
    for (const auto& owner : source.owners()) rebuilt.keepAlive(owner);
    for (auto& node : source.mutableNodes()) rebuilt.addNode(std::move(node));
  }
  auto grads = runtime::backwardDenseAll(rebuilt, 4, ints<ModP>(Shape{}, {1}));
  ASSERT_TRUE(grads) << grads.error();
  ASSERT_EQ(grads->size(), reference->size());
  for (std::size_t id = 0; id < grads->size(); ++id) {
    EXPECT_TRUE(spec::sameTensor((*grads)[id], (*reference)[id])) << id;
  }
}
