// 10^5-node chains go through spec::eval, spec::backpropAllCtx,
// runtime::compileAux and the reverse loops without recursion depth trouble,
// and the spec and the runtime agree on every position.
#include <gtest/gtest.h>

#include <cstddef>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {

constexpr std::size_t kChain = 100000;

/// Input [4], then kChain nodes add(prev, prev): the last is x·2^kChain.
spec::Graph doublingChain() {
  spec::Graph g;
  g.inputs = {Shape{4}};
  g.nodes.reserve(kChain);
  for (std::size_t k = 0; k < kChain; ++k) g.nodes.push_back(node("add", {k, k}));
  return g;
}

/// Inputs x, y [4]; node k is neg(prev) for even k and add(prev, y) for odd k.
spec::Graph negAddChain() {
  spec::Graph g;
  g.inputs = {Shape{4}, Shape{4}};
  g.nodes.reserve(kChain);
  for (std::size_t k = 0; k < kChain; ++k) {
    const std::size_t prev = k == 0 ? 0 : g.positionOfNode(k - 1);
    g.nodes.push_back(k % 2 == 0 ? node("neg", {prev}) : node("add", {prev, 1}));
  }
  return g;
}

/// Runs every stage on a one-hot seed at the last position and checks that the
/// spec and the runtime agree everywhere; returns the runtime's gradients.
template <class S>
runtime::Grads<S> runAllStages(const spec::Graph& g, const spec::Context<S>& x) {
  auto data = spec::makeGraphData<S>(g);
  EXPECT_TRUE(data) << data.error();
  if (!data) return {};
  auto values = spec::eval(*data, x, {});
  EXPECT_TRUE(values) << values.error();
  if (!values) return {};

  const std::size_t last = data->positionCount() - 1;
  spec::Context<S> seed = zerosContext<S>(data->shapes);
  seed[last] = Tensor<S>(seed[last].shape, spec::one<S>());
  auto expected = spec::backpropAllCtx(*data, x, {}, seed);
  EXPECT_TRUE(expected) << expected.error();

  auto tape = runtime::compileAuxData(*data, x, {});
  EXPECT_TRUE(tape) << tape.error();
  if (!expected || !tape) return {};
  EXPECT_EQ(tape->size(), values->size());
  std::size_t valueMismatches = 0;
  for (std::size_t id = 0; id < tape->size(); ++id) {
    valueMismatches += !spec::sameTensor(*tape->getNode(id)->value, (*values)[id]);
  }
  EXPECT_EQ(valueMismatches, 0u);

  auto all = runtime::backwardDenseAll(*tape, last, seed[last]);
  EXPECT_TRUE(all) << all.error();
  auto reachable = runtime::backwardDense(*tape, last, seed[last]);
  EXPECT_TRUE(reachable) << reachable.error();
  if (!all || !reachable) return {};
  std::size_t specMismatches = 0, denseMismatches = 0;
  for (std::size_t p = 0; p <= last; ++p) {
    specMismatches += !spec::sameTensor((*all)[p], (*expected)[p]);
    denseMismatches += !spec::sameTensor((*all)[p], (*reachable)[p]);
  }
  EXPECT_EQ(specMismatches, 0u);
  EXPECT_EQ(denseMismatches, 0u);
  return std::move(*all);
}

}  // namespace

TEST(Scale, DoublingChainValueIsXTimesTwoToTheTwentyOne) {
  // 2^61 ≡ 1 (mod p) and 100000 = 61·1639 + 21, so 2^100000 ≡ 2^21.
  auto data = spec::makeGraphData<ModP>(doublingChain());
  ASSERT_TRUE(data) << data.error();
  auto values = spec::eval(*data, {ints<ModP>(Shape{4}, {1, 2, -1, 0})}, {});
  ASSERT_TRUE(values) << values.error();
  EXPECT_TRUE(spec::sameTensor(values->back(),
                               ints<ModP>(Shape{4}, {2097152, 4194304, -2097152, 0})));
}

TEST(Scale, DoublingChainOfTenToTheFiveNodesAgreesInModP) {
  auto grads = runAllStages<ModP>(doublingChain(), {ints<ModP>(Shape{4}, {1, 2, -1, 0})});
  ASSERT_EQ(grads.size(), kChain + 1);
  // d(x·2^100000)/dx = 2^21 in every element.
  EXPECT_TRUE(spec::sameTensor(grads[0], Tensor<ModP>(Shape{4}, ModP::raw(2097152))));
}

TEST(Scale, NegAddChainOfTenToTheFiveNodesAgreesInDouble) {
  // 50000 negations: d/dx = +1. y is added at every odd node k and then negated
  // (99997 - k)/2 + 1 times: signs alternate -1, +1, ... over 50000 terms, so d/dy = 0.
  auto grads = runAllStages<double>(negAddChain(), {reals(Shape{4}, {0.1, -2.5, 1e300, -0.0}),
                                                    reals(Shape{4}, {0.3, 7, 1e-300, 5})});
  ASSERT_EQ(grads.size(), kChain + 2);
  EXPECT_TRUE(spec::sameTensor(grads[0], reals(Shape{4}, {1, 1, 1, 1})));
  EXPECT_TRUE(spec::sameTensor(grads[1], reals(Shape{4}, {0, 0, 0, 0})));
}

TEST(Scale, NegAddChainOfTenToTheFiveNodesAgreesInModP) {
  auto grads = runAllStages<ModP>(negAddChain(), {ints<ModP>(Shape{4}, {1, 2, 3, 4}),
                                                  ints<ModP>(Shape{4}, {-5, 6, -7, 8})});
  ASSERT_EQ(grads.size(), kChain + 2);
  EXPECT_TRUE(spec::sameTensor(grads[0], ints<ModP>(Shape{4}, {1, 1, 1, 1})));
  EXPECT_TRUE(spec::sameTensor(grads[1], ints<ModP>(Shape{4}, {0, 0, 0, 0})));
}
