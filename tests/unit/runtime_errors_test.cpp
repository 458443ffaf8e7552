// The runtime reverse loops on hand-built tapes: every error path returns
// exactly its runtime::errors string, and the first error wins.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "runtime/errors.hpp"
#include "spec/registry.hpp"
#include "runtime_hand_tape.hpp"

using namespace tapecheck;
using namespace tapecheck::handtape;

// --- backwardDenseFrom: checks of the Lean loop -----------------------------

TEST(RuntimeErrors, RejectsInitialGradientsShorterThanTape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({0, 0})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kWrongLength);
}

TEST(RuntimeErrors, RejectsInitialGradientsLongerThanTape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({0, 0}), vec({0, 0}), vec({0, 0})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kWrongLength);
}

TEST(RuntimeErrors, RejectsSlotOfWrongShape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({0, 0}), vec({0, 0, 0})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kSlotShape);
}

TEST(RuntimeErrors, RejectsScalarSlotForOneElementVector) {
  Tape<double> tape;
  tape.addLeaf(vec({5}));
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{AnyTensor<double>::scalar(1)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kSlotShape);
}

TEST(RuntimeErrors, RejectsContributionOfWrongShape) {
  Tape<double> tape = leafAndNode({{0, vec({1, 2, 3})}});
  auto r = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kContributionShape);
}

TEST(RuntimeErrors, RejectsContributionToIdBeyondTape) {
  Tape<double> tape = leafAndNode({{2, vec({1, 2})}});
  auto r = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kInvalidParent);
}

TEST(RuntimeErrors, RejectsContributionToItself) {
  Tape<double> tape = leafAndNode({{1, vec({1, 2})}});
  auto r = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kForwardEdge);
}

TEST(RuntimeErrors, RejectsContributionToLaterId) {
  Tape<double> tape;
  tape.addLeaf(vec({0, 0}));
  tape.addNode(emitting<double>(vec({0, 0}), {{2, vec({1, 2})}}));
  tape.addLeaf(vec({0, 0}));  // id 2 exists, so only the direction is wrong
  auto r = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kForwardEdge);
}

TEST(RuntimeErrors, RejectsLaterIdEvenWhenThatNodeDoesNotRequireGrad) {
  Tape<double> tape;
  tape.addLeaf(vec({0, 0}));
  tape.addNode(emitting<double>(vec({0, 0}), {{2, vec({1, 2})}}));
  tape.addLeaf(vec({0, 0}));
  tape.mutableNodes()[2].requires_grad = false;  // a drop must not hide the bad edge
  auto r = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kForwardEdge);
}

// A tensor whose element count disagrees with its shape must be rejected, not
// read past its end (sizes beyond the inline buffer, so that ASan sees it).
TEST(RuntimeErrors, RejectsContributionWhoseDataIsShorterThanItsShape) {
  AnyTensor<double> shortData = vec({1, 1, 1, 1, 1});
  shortData.shape = Shape{6};
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{6}));
  tape.addNode(emitting<double>(vec({0}), {{0, shortData}}));
  auto r = runtime::backwardDenseAll(tape, 1, vec({1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kContributionShape);
}

TEST(RuntimeErrors, RejectsSlotWhoseDataIsLongerThanItsShape) {
  AnyTensor<double> longData = vec({0, 0, 0, 0, 0, 0, 0});
  longData.shape = Shape{6};
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{6}));
  tape.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::zeros(Shape{6})}}));
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{longData, vec({1})});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kSlotShape);
}

TEST(RuntimeDense, RejectsContributionWhoseDataIsShorterThanItsShape) {
  AnyTensor<double> shortData = vec({1, 1, 1, 1, 1});
  shortData.shape = Shape{6};
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{6}));
  tape.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::zeros(Shape{6})}}));
  tape.addNode(emitting<double>(vec({0}), {{0, shortData}}));
  auto r = runtime::backwardDense(tape, 2, vec({1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kContributionShape);
}

TEST(RuntimeErrors, ClosureErrorPropagatesVerbatim) {
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  Node<double> node;
  node.value = vec({0});
  node.backward = [](const AnyTensor<double>&, Contributions<double>&) -> Status {
    return fail("custom closure: boom at 7");
  };
  tape.addNode(std::move(node));
  auto from = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(from);
  EXPECT_EQ(from.error(), "custom closure: boom at 7");
  auto all = runtime::backwardDenseAll(tape, 1, vec({1}));
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error(), "custom closure: boom at 7");
  auto dense = runtime::backwardDense(tape, 1, vec({1}));
  ASSERT_FALSE(dense);
  EXPECT_EQ(dense.error(), "custom closure: boom at 7");
}

TEST(RuntimeErrors, FirstErrorWinsAndLaterNodesDoNotRun) {
  // Visiting 2 then 1: node 2's bad contribution stops the loop before node 1.
  int node1Calls = 0;
  Tape<double> tape;
  tape.addLeaf(vec({0, 0}));
  Node<double> node1;
  node1.value = vec({0, 0});
  node1.backward = [&node1Calls](const AnyTensor<double>&, Contributions<double>&) -> Status {
    ++node1Calls;
    return fail("node 1 ran");
  };
  tape.addNode(std::move(node1));
  tape.addNode(emitting<double>(vec({0, 0}), {{0, vec({1, 1})}, {1, vec({1})}}));
  auto r = runtime::backwardDenseFrom(tape, zeros(tape));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kContributionShape);
  EXPECT_EQ(node1Calls, 0);
}

// --- backwardDenseAll / backwardDense: output and seed ---------------------

TEST(RuntimeErrors, DenseAllRejectsOutputIdBeyondTape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDenseAll(tape, 2, vec({1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kInvalidOutput);
}

TEST(RuntimeErrors, DenseAllRejectsSeedOfWrongShape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDenseAll(tape, 1, vec({1, 1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kSeedShape);
}

TEST(RuntimeErrors, DenseRejectsOutputIdBeyondTape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDense(tape, 7, vec({1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kInvalidOutput);
}

TEST(RuntimeErrors, DenseRejectsSeedOfWrongShape) {
  Tape<double> tape = leafAndNode({});
  auto r = runtime::backwardDense(tape, 0, AnyTensor<double>::scalar(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kSeedShape);
}

TEST(RuntimeErrors, DenseAllRejectsOutputIdOnEmptyTape) {
  Tape<ModP> tape;
  auto r = runtime::backwardDenseAll(tape, 0, AnyTensor<ModP>::scalar(m(1)));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kInvalidOutput);
}

// --- compiled closures ------------------------------------------------------

TEST(RuntimeErrors, CompiledNodeRejectsCotangentOfWrongShape) {
  spec::Graph g;
  g.inputs = {Shape{2}, Shape{2}};
  g.nodes.push_back({spec::findOp("add"), {0, 1}, {}});
  auto tape = runtime::compileAux<double>(g, {vec({1, 2}), vec({3, 4})}, {});
  ASSERT_TRUE(tape) << tape.error();
  auto r = tape->getNode(2)->backwardList(vec({1, 1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kUpstreamShape);
}

// --- backwardDense: the same contribution checks ------------------------------

TEST(RuntimeDense, RejectsContributionOfWrongShape) {
  auto r = runtime::backwardDense(leafAndNode({{0, vec({1})}}), 1, vec({1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kContributionShape);
}

TEST(RuntimeDense, RejectsInvalidParent) {
  auto r = runtime::backwardDense(leafAndNode({{5, vec({1, 1})}}), 1, vec({1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kInvalidParent);
}

TEST(RuntimeDense, RejectsContributionToItself) {
  auto r = runtime::backwardDense(leafAndNode({{1, vec({1, 1})}}), 1, vec({1, 1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kForwardEdge);
}
