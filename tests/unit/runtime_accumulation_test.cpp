// The runtime reverse loops on hand-built tapes: requires_grad=false skips
// and drops, accumulation is existing + new one contribution at a time from
// the highest id down, and backwardDense visits reachable nodes only.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "runtime/backward.hpp"
#include "runtime_hand_tape.hpp"

using namespace tapecheck;
using namespace tapecheck::handtape;

// --- requires_grad = false --------------------------------------------------

TEST(RuntimeRequiresGrad, NodeWithoutRequiresGradDoesNotRunItsBackward) {
  int calls = 0;
  Tape<ModP> tape;
  tape.addLeaf(tensor<ModP>(Shape{1}, {m(0)}));
  tape.addNode(emitting<ModP>(tensor<ModP>(Shape{1}, {m(0)}), {{0, tensor<ModP>(Shape{1}, {m(5)})}},
                              &calls));
  tape.mutableNodes()[1].requires_grad = false;
  auto r = runtime::backwardDenseAll(tape, 1, tensor<ModP>(Shape{1}, {m(1)}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ((*r)[0][0], m(0));  // nothing reached the leaf
}

TEST(RuntimeRequiresGrad, NodeWithoutRequiresGradKeepsMisshapenSlotUnchecked) {
  // Lean returns before the slot check for such a node.
  Tape<double> tape = leafAndNode({});
  tape.mutableNodes()[1].requires_grad = false;
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({0, 0}), vec({9, 9, 9})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(spec::sameTensor((*r)[1], vec({9, 9, 9})));
}

TEST(RuntimeRequiresGrad, ContributionToNodeWithoutRequiresGradIsDroppedAndSlotUntouched) {
  Tape<double> tape = leafAndNode({{0, vec({5, 6})}});
  tape.mutableNodes()[0].requires_grad = false;
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({7, 8}), vec({1, 1})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(spec::sameTensor((*r)[0], vec({7, 8})));
}

TEST(RuntimeRequiresGrad, ContributionOfWrongShapeToNodeWithoutRequiresGradIsDroppedSilently) {
  Tape<double> tape = leafAndNode({{0, vec({5, 6, 7})}});
  tape.mutableNodes()[0].requires_grad = false;
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({7, 8}), vec({1, 1})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(spec::sameTensor((*r)[0], vec({7, 8})));
}

// --- accumulation and order -------------------------------------------------

TEST(RuntimeAccumulation, AddsContributionToInitialSlot) {
  Tape<ModP> tape;
  tape.addLeaf(tensor<ModP>(Shape{2}, {m(0), m(0)}));
  tape.addNode(emitting<ModP>(tensor<ModP>(Shape{2}, {m(0), m(0)}),
                              {{0, tensor<ModP>(Shape{2}, {m(3), m(-1)})}}));
  auto r = runtime::backwardDenseFrom(
      tape, Grads<ModP>{tensor<ModP>(Shape{2}, {m(10), m(1)}), tensor<ModP>(Shape{2}, {m(0), m(0)})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0][0], m(13));
  EXPECT_EQ((*r)[0][1], m(0));  // 1 + (p-1) wraps to 0
}

TEST(RuntimeAccumulation, AddsTwoContributionsOfOneNodeOneAtATime) {
  // (1e16 + 1) + 1 == 1e16 (each +1 is a tie rounded to even); 1e16 + (1 + 1) would not be.
  Tape<double> tape = leafAndNode({{0, vec({1, 0})}, {0, vec({1, 0})}});
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({1e16, 0}), vec({0, 0})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0][0], 1e16);
}

TEST(RuntimeAccumulation, AddsContributionsOfTwoNodesOneAtATime) {
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}}));
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({1e16}), vec({0}), vec({0})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0][0], 1e16);
}

TEST(RuntimeAccumulation, VisitsIdsFromHighestToLowest) {
  // Node 1 scales its accumulated cotangent by 10 into leaf 0; node 2 adds 3 to node 1
  // first, so leaf 0 gets (1 + 3) * 10 = 40.
  Tape<ModP> tape;
  tape.addLeaf(tensor<ModP>(Shape{}, {m(0)}));
  Node<ModP> times10;
  times10.value = AnyTensor<ModP>::scalar(m(0));
  times10.backward = [](const AnyTensor<ModP>& g, Contributions<ModP>& out) -> Status {
    out.emplace_back(0, AnyTensor<ModP>::scalar(g[0] * m(10)));
    return {};
  };
  tape.addNode(std::move(times10));
  tape.addNode(emitting<ModP>(AnyTensor<ModP>::scalar(m(0)), {{1, AnyTensor<ModP>::scalar(m(3))}}));
  auto r = runtime::backwardDenseFrom(tape, Grads<ModP>(3, AnyTensor<ModP>::scalar(m(1))));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[2][0], m(1));
  EXPECT_EQ((*r)[1][0], m(4));
  EXPECT_EQ((*r)[0][0], m(41));  // its own seed 1 + 40
}

TEST(RuntimeAccumulation, NodeWithoutBackwardIsOnlyASlot) {
  Tape<double> tape;
  Node<double> bare;
  bare.value = vec({0});
  tape.addNode(std::move(bare));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({2.5})}}));
  auto r = runtime::backwardDenseAll(tape, 1, vec({1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0][0], 2.5);
}

// --- backwardDense: reachable nodes only -----------------------------------

TEST(RuntimeDense, SkipsNodesNotReachedFromOutput) {
  int calls = 0;
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}}, &calls));  // nobody feeds id 1
  tape.addNode(emitting<double>(vec({0}), {{0, vec({2})}}));
  auto dense = runtime::backwardDense(tape, 2, vec({1}));
  ASSERT_TRUE(dense) << dense.error();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ((*dense)[0][0], 2.0);
  EXPECT_EQ((*dense)[1][0], 0.0);
  auto all = runtime::backwardDenseAll(tape, 2, vec({1}));
  ASSERT_TRUE(all) << all.error();
  EXPECT_EQ(calls, 1);  // every node runs in the dense loop, even on a zero cotangent
  EXPECT_EQ((*all)[0][0], 3.0);
}

TEST(RuntimeDense, DoesNotVisitNodesAfterOutput) {
  int calls = 0;
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}}, &calls));
  auto r = runtime::backwardDense(tape, 0, vec({4}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(calls, 0);
  EXPECT_EQ((*r)[0][0], 4.0);
  EXPECT_EQ((*r)[1][0], 0.0);
}

TEST(RuntimeDense, StoresFirstContributionAsIsWithoutAddingZero) {
  // 0 + (-0) == +0, so only the sparse path keeps the sign of a lone -0 contribution.
  Tape<double> tape = leafAndNode({{0, vec({-0.0, 1})}});
  auto dense = runtime::backwardDense(tape, 1, vec({1, 1}));
  ASSERT_TRUE(dense) << dense.error();
  EXPECT_TRUE(std::signbit((*dense)[0][0]));
  auto all = runtime::backwardDenseAll(tape, 1, vec({1, 1}));
  ASSERT_TRUE(all) << all.error();
  EXPECT_FALSE(std::signbit((*all)[0][0]));
}
