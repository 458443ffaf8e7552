// One copy of each forward value: a compiled tape's nodes view one store of
// every position's value, in id order, that copies of the tape share; a node
// given a tensor owns it, and nothing else changes.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <utility>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "runtime_test_support.hpp"

using namespace tapecheck;
using namespace tapecheck::rttest;

namespace {

/// x, y: [3]; p2 = mul(x, y); p3 = tanh(p2); p4 = add(p3, x); p5 = sum(p4).
spec::Graph fourNodes() {
  spec::Graph g;
  g.inputs = {Shape{3}, Shape{3}};
  g.nodes.push_back(node("mul", {0, 1}));
  g.nodes.push_back(node("tanh", {2}));
  g.nodes.push_back(node("add", {3, 0}));
  g.nodes.push_back(node("sum", {4}));
  return g;
}

runtime::Tape<double> compiled() {
  auto tape = runtime::compileAux<double>(fourNodes(), {reals(Shape{3}, {0.5, -1, 2}), reals(Shape{3}, {3, 0.25, -4})}, {});
  EXPECT_TRUE(tape) << tape.error();
  return tape ? std::move(*tape) : runtime::Tape<double>{};
}

}  // namespace

TEST(SharedValues, ACompiledTapeHoldsEveryValueOnceInIdOrder) {
  const runtime::Tape<double> tape = compiled();
  ASSERT_EQ(tape.size(), 6u);
  const runtime::AnyTensor<double>* first = &*tape.getNode(0)->value;
  for (std::size_t id = 1; id < tape.size(); ++id) {
    EXPECT_EQ(&*tape.getNode(id)->value, first + id) << "node " << id << " is not slot " << id << " of one store";
  }
}

TEST(SharedValues, ACopyOfTheTapeSharesItsValues) {
  const runtime::Tape<double> tape = compiled();
  const runtime::Tape<double> copy = tape;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
  for (std::size_t id = 0; id < tape.size(); ++id) EXPECT_EQ(&*copy.getNode(id)->value, &*tape.getNode(id)->value);
}

TEST(SharedValues, AValueOutlivesItsTape) {
  std::optional<runtime::SharedTensor<double>> kept;
  {
    const runtime::Tape<double> tape = compiled();
    kept = tape.getNode(5)->value;
  }
  // 0.5*3 = 1.5, -1*0.25 = -0.25, 2*-4 = -8; tanh of each plus x, summed.
  const double want = (std::tanh(1.5) + 0.5) + (std::tanh(-0.25) - 1) + (std::tanh(-8.0) + 2);
  ASSERT_EQ((*kept)->size(), 1u);
  EXPECT_DOUBLE_EQ((**kept)[0], want);
}

TEST(SharedValues, AssigningATensorGivesOneNodeItsOwnValue) {
  const runtime::Tape<double> tape = compiled();
  runtime::Tape<double> changed = tape;
  changed.mutableNodes()[3].value = reals(Shape{3}, {7, 8, 9});
  EXPECT_EQ(changed.getNode(3)->value->shape, Shape{3});
  EXPECT_EQ((*changed.getNode(3)->value)[2], 9.0);
  EXPECT_NE((*tape.getNode(3)->value)[2], 9.0) << "the original tape's value changed with the copy's";
  EXPECT_EQ(&*changed.getNode(4)->value, &*tape.getNode(4)->value) << "other nodes still share";
  // The closures read the store they were compiled with, as before values were shared.
  const spec::Context<double> seed = {reals(Shape{3}, {0, 0, 0}), reals(Shape{3}, {0, 0, 0}),
                                      reals(Shape{3}, {0, 0, 0}), reals(Shape{3}, {0, 0, 0}),
                                      reals(Shape{3}, {0, 0, 0}), reals(Shape{}, {1})};
  auto want = runtime::backwardDenseFrom(tape, seed);
  auto got = runtime::backwardDenseFrom(changed, seed);
  ASSERT_TRUE(want && got);
  for (std::size_t id = 0; id < seed.size(); ++id) EXPECT_TRUE(spec::sameTensor((*got)[id], (*want)[id])) << id;
}

TEST(SharedValues, ADefaultNodeHoldsTheEmptyTensor) {
  const runtime::Node<double> node;
  EXPECT_EQ(node.value->size(), 0u);
  EXPECT_EQ(node.value->shape, spec::Tensor<double>{}.shape);
}
