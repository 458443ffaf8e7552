// Adversarial tapes, closure classes: backward closures that return errors and
// closures that throw. An error is passed on verbatim; an exception becomes
// errors::closureThrew (a tapecheck extension: Lean closures cannot throw),
// never an unwind through the reverse loop.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "runtime/backward.hpp"
#include "runtime/errors.hpp"
#include "runtime_hand_tape.hpp"

using namespace tapecheck;
using namespace tapecheck::handtape;

namespace {

/// A [1] node whose closure runs `body` (after optionally emitting a good
/// contribution to id 0 first, to check that partial output is not applied).
template <class Body>
Node<double> closureNode(Body body, bool emitFirst = false) {
  Node<double> node;
  node.value = vec({0});
  node.backward = [body, emitFirst](const AnyTensor<double>&, Contributions<double>& out) -> Status {
    if (emitFirst) out.emplace_back(0, vec({1}));
    return body();
  };
  return node;
}

/// A leaf [1] at id 0, a pass-through node at id 1, `top` at id 2.
Tape<double> threeNodeTape(Node<double> top) {
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({1})}}));
  tape.addNode(std::move(top));
  return tape;
}

void expectEverywhere(const Tape<double>& tape, const std::string& error) {
  auto from = runtime::backwardDenseFrom(tape, Grads<double>{vec({0}), vec({0}), vec({1})});
  ASSERT_FALSE(from);
  EXPECT_EQ(from.error(), error);
  auto all = runtime::backwardDenseAll(tape, 2, vec({1}));
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error(), error);
  auto dense = runtime::backwardDense(tape, 2, vec({1}));
  ASSERT_FALSE(dense);
  EXPECT_EQ(dense.error(), error);
}

struct NotAStdException {
  int code;
};

}  // namespace

// --- closures that return errors -----------------------------------------------

TEST(AdversarialClosures, ErrorAfterPartialOutputIsReturnedAndNothingIsApplied) {
  Tape<double> tape = threeNodeTape(closureNode([] { return Status(fail("user: half done")); }, true));
  expectEverywhere(tape, "user: half done");
}

TEST(AdversarialClosures, EmptyErrorMessageIsStillAnError) {
  Tape<double> tape = threeNodeTape(closureNode([] { return Status(fail("")); }));
  expectEverywhere(tape, "");
}

TEST(AdversarialClosures, ErrorOfALeafIsReturnedToo) {
  // A leaf is just a node without parents: its closure is still called.
  Tape<double> tape;
  Node<double> leaf = closureNode([] { return Status(fail("leaf says no")); });
  tape.addNode(std::move(leaf));
  auto r = runtime::backwardDenseAll(tape, 0, vec({1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "leaf says no");
}

TEST(AdversarialClosures, ErroringNodeThatDoesNotRequireGradIsNotRun) {
  Tape<double> tape = threeNodeTape(closureNode([] { return Status(fail("must not run")); }));
  tape.mutableNodes()[2].requires_grad = false;
  auto r = runtime::backwardDenseAll(tape, 2, vec({1}));
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ((*r)[2][0], 1.0);
  EXPECT_EQ((*r)[0][0], 1.0);  // node 1's fixed contribution only
}

// --- closures that throw -----------------------------------------------------------

TEST(AdversarialClosures, StdExceptionBecomesAnErrorNamingTheNode) {
  Tape<double> tape = threeNodeTape(
      closureNode([]() -> Status { throw std::runtime_error("index 12 out of range"); }));
  expectEverywhere(tape, runtime::errors::closureThrew("index 12 out of range", 2));
  EXPECT_EQ(runtime::errors::closureThrew("index 12 out of range", 2),
            "autograd: backward closure of node 2 threw: index 12 out of range");
}

TEST(AdversarialClosures, ThrowAfterPartialOutputBecomesAnError) {
  Tape<double> tape = threeNodeTape(
      closureNode([]() -> Status { throw std::logic_error("late"); }, true));
  expectEverywhere(tape, runtime::errors::closureThrew("late", 2));
}

TEST(AdversarialClosures, NonStdExceptionBecomesAnError) {
  Tape<double> tape = threeNodeTape(closureNode([]() -> Status { throw NotAStdException{7}; }));
  expectEverywhere(tape, runtime::errors::closureThrew("unknown exception", 2));
}

TEST(AdversarialClosures, ThrowingNodeInTheMiddleIsNamedByItsId) {
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(closureNode([]() -> Status { throw std::out_of_range("deep"); }));
  tape.addNode(emitting<double>(vec({0}), {{1, vec({1})}}));
  auto r = runtime::backwardDenseAll(tape, 2, vec({1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "autograd: backward closure of node 1 threw: deep");
}

TEST(AdversarialClosures, ThrowingNodeThatIsNotReachedDoesNotMatterForReachableLoop) {
  // backwardDense only runs nodes that received a cotangent; node 1 did not.
  Tape<double> tape;
  tape.addLeaf(vec({0}));
  tape.addNode(closureNode([]() -> Status { throw std::runtime_error("unreached"); }));
  tape.addNode(emitting<double>(vec({0}), {{0, vec({3})}}));
  auto dense = runtime::backwardDense(tape, 2, vec({1}));
  ASSERT_TRUE(dense) << dense.error();
  EXPECT_EQ((*dense)[0][0], 3.0);
  // The dense loop runs every node, so it meets the throw.
  auto all = runtime::backwardDenseAll(tape, 2, vec({1}));
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error(), runtime::errors::closureThrew("unreached", 1));
}

TEST(AdversarialClosures, BackwardListTurnsAThrowIntoAnError) {
  // backwardList is what T2 drives node by node; it does not know the id.
  Node<double> node = closureNode([]() -> Status { throw std::runtime_error("listed"); });
  auto r = node.backwardList(vec({1}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "autograd: backward closure threw: listed");
}

TEST(AdversarialClosures, TapeIsUsableAgainAfterAThrow) {
  // No state is left half-updated: a second run gives the same error, and the
  // tape without the thrower (below it) still works.
  int calls = 0;
  Tape<double> tape = threeNodeTape(closureNode([&calls]() -> Status {
    ++calls;
    throw std::runtime_error("again");
  }));
  for (int i = 0; i < 2; ++i) {
    auto r = runtime::backwardDenseAll(tape, 2, vec({1}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), runtime::errors::closureThrew("again", 2));
  }
  EXPECT_EQ(calls, 2);
  auto below = runtime::backwardDense(tape, 1, vec({1}));
  ASSERT_TRUE(below) << below.error();
  EXPECT_EQ((*below)[0][0], 1.0);
}
