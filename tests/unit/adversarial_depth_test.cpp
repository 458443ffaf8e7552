// Adversarial tapes, depth class: 10^5-deep chains run, fail and are destroyed
// without recursion. Everything runs on a thread with a 512 KiB stack, so
// anything whose stack use grows with depth (recursive visit, recursive
// destruction of a linked structure) overflows and crashes the test.
#include <gtest/gtest.h>
#include <pthread.h>

#include <functional>
#include <memory>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "runtime/errors.hpp"
#include "spec/backprop.hpp"
#include "runtime_hand_tape.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::handtape;

namespace {

constexpr std::size_t kDepth = 100000;
constexpr std::size_t kSmallStack = 512 * 1024;

/// Runs `body` to completion on a fresh thread with a kSmallStack stack.
void onSmallStack(std::function<void()> body) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, kSmallStack), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, &body), 0);
  ASSERT_EQ(pthread_join(thread, nullptr), 0);
  pthread_attr_destroy(&attr);
}

/// A node [1] whose backward passes its cotangent times 2 to `pid`.
Node<ModP> doubling(std::size_t pid) {
  Node<ModP> node;
  node.value = AnyTensor<ModP>::zeros(Shape{1});
  node.backward = [pid](const AnyTensor<ModP>& cot, Contributions<ModP>& out) -> Status {
    out.emplace_back(pid, AnyTensor<ModP>(Shape{1}, cot[0] + cot[0]));
    return {};
  };
  return node;
}

/// Leaf at id 0, then kDepth doubling nodes each contributing to the one below.
Tape<ModP> doublingChain() {
  Tape<ModP> tape;
  tape.addLeaf(AnyTensor<ModP>::zeros(Shape{1}));
  for (std::size_t id = 1; id <= kDepth; ++id) tape.addNode(doubling(id - 1));
  return tape;
}

// 2^61 ≡ 1 (mod p) and 100000 = 61·1639 + 21: the leaf receives 2^21.
const ModP kTwoToTheDepth = ModP::raw(std::uint64_t{1} << 21);

}  // namespace

TEST(AdversarialDepth, HandChainOfTenToTheFiveRunsInEveryLoop) {
  onSmallStack([] {
    const Tape<ModP> tape = doublingChain();
    const AnyTensor<ModP> one(Shape{1}, m(1));
    auto all = runtime::backwardDenseAll(tape, kDepth, one);
    ASSERT_TRUE(all) << all.error();
    EXPECT_EQ((*all)[0][0], kTwoToTheDepth);
    auto dense = runtime::backwardDense(tape, kDepth, one);
    ASSERT_TRUE(dense) << dense.error();
    EXPECT_EQ((*dense)[0][0], kTwoToTheDepth);
  });
}

TEST(AdversarialDepth, ErrorAtTheBottomOfADeepChainIsReturned) {
  onSmallStack([] {
    Tape<ModP> tape = doublingChain();
    tape.mutableNodes()[1].backward = [](const AnyTensor<ModP>&, Contributions<ModP>&) -> Status {
      return fail("bottom");
    };
    auto r = runtime::backwardDenseAll(tape, kDepth, AnyTensor<ModP>(Shape{1}, m(1)));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), "bottom");
  });
}

TEST(AdversarialDepth, ForwardEdgeAtTheBottomOfADeepChainIsAnError) {
  onSmallStack([] {
    Tape<ModP> tape = doublingChain();
    tape.mutableNodes()[1] = doubling(kDepth);  // node 1 points at the top
    auto r = runtime::backwardDense(tape, kDepth, AnyTensor<ModP>(Shape{1}, m(1)));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), runtime::errors::kForwardEdge);
  });
}

TEST(AdversarialDepth, TenToTheFiveContributionsFromOneNodeAccumulate) {
  // Fan-in instead of depth: one closure returns 10^5 contributions to id 0.
  onSmallStack([] {
    Tape<ModP> tape;
    tape.addLeaf(AnyTensor<ModP>::zeros(Shape{1}));
    Node<ModP> wide;
    wide.value = AnyTensor<ModP>::zeros(Shape{1});
    wide.backward = [](const AnyTensor<ModP>& cot, Contributions<ModP>& out) -> Status {
      for (std::size_t i = 0; i < kDepth; ++i) out.emplace_back(0, cot);
      return {};
    };
    tape.addNode(std::move(wide));
    auto r = runtime::backwardDenseAll(tape, 1, AnyTensor<ModP>(Shape{1}, m(3)));
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ((*r)[0][0], m(3 * static_cast<std::int64_t>(kDepth)));
  });
}

TEST(AdversarialDepth, DestroyingATenToTheFiveNodeTapeDoesNotRecurse) {
  // Each closure owns a share of one object; the tape is a flat array, so its
  // destruction is a loop however deep the chain of ids.
  onSmallStack([] {
    auto shared = std::make_shared<int>(7);
    {
      Tape<ModP> tape = doublingChain();
      for (Node<ModP>& node : tape.mutableNodes()) {
        node.backward = [shared, inner = std::move(node.backward)](const AnyTensor<ModP>& c,
                                                                   Contributions<ModP>& out) {
          return inner ? inner(c, out) : Status{};
        };
      }
      EXPECT_EQ(shared.use_count(), static_cast<long>(kDepth) + 2);
    }
    EXPECT_EQ(shared.use_count(), 1);
  });
}

TEST(AdversarialDepth, CompiledChainOfTenToTheFiveRunsAndIsDestroyedOnASmallStack) {
  // The same through the spec and compileAux: graph, GraphData, eval, backprop
  // and the compiled tape (closures sharing one captured state) are all flat.
  onSmallStack([] {
    spec::Graph g;
    g.inputs = {Shape{2}};
    for (std::size_t k = 0; k < kDepth; ++k) {
      g.nodes.push_back(rttest::node(k % 2 ? "neg" : "add", k % 2 ? std::initializer_list<std::size_t>{k}
                                                                  : std::initializer_list<std::size_t>{k, k}));
    }
    auto data = spec::makeGraphData<ModP>(g);
    ASSERT_TRUE(data) << data.error();
    const spec::Context<ModP> x = {rttest::ints<ModP>(Shape{2}, {1, -1})};
    auto tape = runtime::compileAuxData(*data, x, {});
    ASSERT_TRUE(tape) << tape.error();
    spec::Context<ModP> seed = rttest::zerosContext<ModP>(data->shapes);
    seed.back() = AnyTensor<ModP>(Shape{2}, m(1));
    auto expected = spec::backpropAllCtx(*data, x, {}, seed);
    auto got = runtime::backwardDenseFrom(*tape, seed);
    ASSERT_TRUE(expected && got);
    // 50000 doublings and 50000 negations: d/dx = 2^50000 (mod p) = 2^41.
    EXPECT_EQ((*got)[0][0], ModP::raw(std::uint64_t{1} << 41));
    EXPECT_TRUE(spec::sameTensor((*got)[0], (*expected)[0]));
  });
}
