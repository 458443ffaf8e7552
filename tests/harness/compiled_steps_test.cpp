// A compiled tape's reverse loop runs its op nodes as compiled steps
// (Tape::compiledSteps) instead of through their closures. Both paths must
// give the same gradients bit for bit, and the same first error, on every
// drawn case: the compiled steps are a speed-up, never another semantics.
// The closure path is the same tape after mutableNodes(), which drops them.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstring>
#include <string>

#include "generators/gen.hpp"
#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/registry.hpp"

namespace tapecheck {
namespace {

template <class S>
bool sameBits(const spec::Tensor<S>& a, const spec::Tensor<S>& b) {
  if (!(a.shape == b.shape) || a.size() != b.size()) return false;
  return a.size() == 0 || std::memcmp(a.data.data(), b.data.data(), a.size() * sizeof(S)) == 0;
}

template <class S>
void expectSameRun(const runtime::Tape<S>& compiled, const runtime::Tape<S>& closures, const spec::Context<S>& from) {
  const auto fast = runtime::backwardDenseFrom(compiled, from);
  const auto slow = runtime::backwardDenseFrom(closures, from);
  RC_ASSERT(fast.has_value() == slow.has_value());
  if (!fast) {
    RC_ASSERT(fast.error() == slow.error());
    return;
  }
  RC_ASSERT(fast->size() == slow->size());
  for (std::size_t id = 0; id < fast->size(); ++id) RC_ASSERT(sameBits((*fast)[id], (*slow)[id]));
}

template <class S>
void compiledStepsAreTheClosures() {
  const gen::GraphCase<S> c = *gen::genGraphCase<S>(gen::GenConfig{});
  auto tape = runtime::compileAux(c.graph(), c.inputs, c.env);
  RC_ASSERT(tape.has_value());
  RC_ASSERT(tape->compiledSteps().step != nullptr);
  runtime::Tape<S> closures = *tape;
  closures.mutableNodes();
  RC_ASSERT(closures.compiledSteps().step == nullptr);
  expectSameRun(*tape, closures, c.seed);

  // A slot that does not fit its node: the loop's first error, whichever
  // path reaches it (a node's own slot, or a parent's when a child adds).
  if (c.seed.empty()) return;
  spec::Context<S> wrong = c.seed;
  const std::size_t bad = *rc::gen::inRange<std::size_t>(0, wrong.size());
  wrong[bad] = spec::Tensor<S>::zeros(spec::Shape{wrong[bad].size() + 1});
  expectSameRun(*tape, closures, wrong);
}

RC_GTEST_PROP(CompiledSteps, AreTheClosuresBitForBitInModP, ()) { compiledStepsAreTheClosures<spec::ModP>(); }
RC_GTEST_PROP(CompiledSteps, AreTheClosuresBitForBitInF64, ()) { compiledStepsAreTheClosures<double>(); }
RC_GTEST_PROP(CompiledSteps, AreTheClosuresBitForBitInF32, ()) { compiledStepsAreTheClosures<float>(); }
RC_GTEST_PROP(CompiledSteps, AreTheClosuresBitForBitInTropical, ()) {
  compiledStepsAreTheClosures<spec::Tropical>();
}

// Any change to the nodes drops the compiled steps, so a tape a user edits
// runs the closures they edited.
TEST(CompiledSteps, AreDroppedByAnyChangeToTheNodes) {
  spec::Graph graph;
  graph.inputs = {spec::Shape{2}};
  graph.nodes = {spec::GraphNode{spec::findOp("neg"), {0}, {}}};
  const spec::Context<double> inputs = {spec::Tensor<double>::zeros(spec::Shape{2})};
  auto tape = runtime::compileAux(graph, inputs, spec::Env{});
  ASSERT_TRUE(tape.has_value());
  ASSERT_NE(tape->compiledSteps().step, nullptr);
  runtime::Tape<double> added = *tape;
  added.addLeaf(spec::Tensor<double>::zeros(spec::Shape{1}));
  EXPECT_EQ(added.compiledSteps().step, nullptr);
  runtime::Tape<double> edited = *tape;
  edited.mutableNodes();
  EXPECT_EQ(edited.compiledSteps().step, nullptr);
}

}  // namespace
}  // namespace tapecheck
