// Adversarial tapes, edge classes: forward edges, out-of-range parent ids,
// duplicate ids, contributions of the wrong shape or whose data disagrees with
// their shape. Each ends in a documented runtime::errors value or a correct
// result, in all three reverse loops where the loop can reach the node.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "runtime/backward.hpp"
#include "runtime/errors.hpp"
#include "runtime_hand_tape.hpp"

using namespace tapecheck;
using namespace tapecheck::handtape;

namespace {

constexpr std::size_t kHugeId = std::numeric_limits<std::size_t>::max();

/// Runs backwardDenseFrom (all zeros but a unit seed at the last id),
/// backwardDenseAll and backwardDense, and expects `error` from each.
void expectErrorEverywhere(const Tape<double>& tape, const std::string& error) {
  const std::size_t last = tape.size() - 1;
  const AnyTensor<double> seed(tape.getNode(last)->value->shape, 1.0);
  Grads<double> grads0 = zeros(tape);
  grads0[last] = seed;
  auto from = runtime::backwardDenseFrom(tape, grads0);
  ASSERT_FALSE(from) << "backwardDenseFrom succeeded";
  EXPECT_EQ(from.error(), error);
  auto all = runtime::backwardDenseAll(tape, last, seed);
  ASSERT_FALSE(all) << "backwardDenseAll succeeded";
  EXPECT_EQ(all.error(), error);
  auto dense = runtime::backwardDense(tape, last, seed);
  ASSERT_FALSE(dense) << "backwardDense succeeded";
  EXPECT_EQ(dense.error(), error);
}

}  // namespace

// --- forward edges ------------------------------------------------------------

TEST(AdversarialEdges, ForwardEdgeFromTheMiddleOfALongTapeIsAnError) {
  // Node 5 of 8 contributes to node 7, which was visited already: silently
  // adding there would lose the gradient, so it is an error.
  Tape<double> tape;
  for (int i = 0; i < 5; ++i) tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{7, vec({1})}}));
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{5, vec({1})}}));
  expectErrorEverywhere(tape, runtime::errors::kForwardEdge);
}

TEST(AdversarialEdges, ForwardEdgeAfterGoodContributionsIsStillAnError) {
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}, {1, vec({1})}, {2, vec({1})}}));
  expectErrorEverywhere(tape, runtime::errors::kForwardEdge);
}

// --- out-of-range ids ---------------------------------------------------------

TEST(AdversarialEdges, ParentIdEqualToTapeSizeIsInvalid) {
  Tape<double> tape = leafAndNode({{2, vec({1, 1})}});
  expectErrorEverywhere(tape, runtime::errors::kInvalidParent);
}

TEST(AdversarialEdges, ParentIdSizeMaxIsInvalidNotAWrapAround) {
  // SIZE_MAX + 1 == 0: an index computed with wrap-around would hit slot 0.
  Tape<double> tape = leafAndNode({{kHugeId, vec({1, 1})}});
  expectErrorEverywhere(tape, runtime::errors::kInvalidParent);
}

TEST(AdversarialEdges, InvalidParentIsReportedEvenWhenTheOtherChecksWouldAlsoFail) {
  // Lean's order: the parent lookup comes first, so an id past the end with a
  // wrong-shaped gradient is an invalid parent, not a shape error.
  Tape<double> tape = leafAndNode({{9, vec({1, 2, 3})}});
  expectErrorEverywhere(tape, runtime::errors::kInvalidParent);
}

// --- duplicate ids (legal) ---------------------------------------------------------

TEST(AdversarialEdges, DuplicateContributionsAccumulateInOrderExistingOnTheLeft) {
  // Slot 0 starts at 2^53; the two contributions of 1 are added one at a time,
  // each rounding back to 2^53 (ties to even). A loop that sums a node's
  // contributions to one parent first (1 + 1 = 2) would give 2^53 + 2.
  const double big = 9007199254740992.0;  // 2^53
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}, {0, vec({1})}}));
  Grads<double> grads0{vec({big}), vec({1})};
  auto r = runtime::backwardDenseFrom(tape, grads0);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0][0], big);
  EXPECT_EQ((*r)[1][0], 1.0);  // a node's own slot is returned unchanged
}

TEST(AdversarialEdges, DuplicateContributionsAllCountInEveryLoop) {
  Tape<ModP> tape;
  tape.addLeaf(AnyTensor<ModP>::zeros(Shape{2}));
  tape.addNode(emitting<ModP>(AnyTensor<ModP>::zeros(Shape{2}),
                              {{0, tensor<ModP>(Shape{2}, {m(1), m(2)})},
                               {0, tensor<ModP>(Shape{2}, {m(10), m(20)})},
                               {0, tensor<ModP>(Shape{2}, {m(100), m(200)})}}));
  const auto seed = AnyTensor<ModP>::zeros(Shape{2});
  const auto expected = tensor<ModP>(Shape{2}, {m(111), m(222)});
  auto all = runtime::backwardDenseAll(tape, 1, seed);
  ASSERT_TRUE(all) << all.error();
  EXPECT_TRUE(spec::sameTensor((*all)[0], expected));
  auto dense = runtime::backwardDense(tape, 1, seed);
  ASSERT_TRUE(dense) << dense.error();
  EXPECT_TRUE(spec::sameTensor((*dense)[0], expected));
}

TEST(AdversarialEdges, DuplicateContributionsToADroppedParentAreDropped) {
  Tape<double> tape;
  tape.addLeaf(vec({5}));
  tape.mutableNodes()[0].requires_grad = false;
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}, {0, vec({1, 2, 3})}}));
  // Dropped before the shape check, as in Lean: even the misshapen one.
  auto r = runtime::backwardDenseFrom(tape, Grads<double>{vec({7}), vec({1})});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[0][0], 7.0);
}

// --- contributions of the wrong shape ---------------------------------------------

TEST(AdversarialEdges, ContributionOfSameSizeButOtherShapeIsAnError) {
  // [2,3] vs [3,2] and [6]: equal element counts must not pass for equal shapes.
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{2, 3}));
  tape.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::zeros(Shape{3, 2})}}));
  expectErrorEverywhere(tape, runtime::errors::kContributionShape);
  Tape<double> flat;
  flat.addLeaf(AnyTensor<double>::zeros(Shape{2, 3}));
  flat.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::zeros(Shape{6})}}));
  expectErrorEverywhere(flat, runtime::errors::kContributionShape);
}

TEST(AdversarialEdges, ScalarContributionToOneElementVectorIsAnError) {
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::scalar(1)}}));
  expectErrorEverywhere(tape, runtime::errors::kContributionShape);
}

TEST(AdversarialEdges, EmptyContributionOfOtherEmptyShapeIsAnError) {
  // [0] and [0,2] both hold no element; the shapes still differ.
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{0, 2}));
  tape.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::zeros(Shape{0})}}));
  expectErrorEverywhere(tape, runtime::errors::kContributionShape);
}

// --- data that disagrees with its shape ----------------------------------------------

TEST(AdversarialEdges, ContributionWithMoreDataThanItsShapeIsAnError) {
  AnyTensor<double> longData = vec({1, 1, 1, 1, 1, 1, 1, 1});
  longData.shape = Shape{6};
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{6}));
  tape.addNode(emitting<double>(vec({0}), {{0, longData}}));
  expectErrorEverywhere(tape, runtime::errors::kContributionShape);
}

TEST(AdversarialEdges, ContributionWithNoDataForANonEmptyShapeIsAnError) {
  AnyTensor<double> noData;
  noData.shape = Shape{8};
  Tape<double> tape;
  tape.addLeaf(AnyTensor<double>::zeros(Shape{8}));
  tape.addNode(emitting<double>(vec({0}), {{0, noData}}));
  expectErrorEverywhere(tape, runtime::errors::kContributionShape);
}

TEST(AdversarialEdges, NodeValueWhoseDataDisagreesWithItsShapeCannotBeAddedInto) {
  // The parent's own value is malformed: no contribution can fit it, and the
  // loop must not size a slot from it and then read past the data.
  AnyTensor<double> bad = vec({0, 0, 0, 0, 0});
  bad.shape = Shape{9};
  Tape<double> tape;
  tape.addLeaf(bad);
  tape.addNode(emitting<double>(vec({0}), {{0, AnyTensor<double>::zeros(Shape{9})}}));
  auto r = runtime::backwardDenseAll(tape, 1, vec({1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), runtime::errors::kContributionShape);
}
