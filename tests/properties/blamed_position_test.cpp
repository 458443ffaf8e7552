// A failing verdict says which position (and element) it is about in a field,
// not only in its text: the case file's found.position and the red vertex of
// the picture come from it. Shown for T3 and T4 on a broken per-node runtime
// and on a broken whole engine, and for the other properties that name one.
#include <gtest/gtest.h>

#include "../support/fixed_case.hpp"
#include "properties/catalog.hpp"
#include "properties/whole_engine.hpp"

namespace tapecheck::props {
namespace {

using spec::ModP;
using test_support::mulAddCase;

ModP one() { return spec::fromInt<ModP>(1); }

// The reference runtime with element 1 of position 2's gradient off by one.
RuntimeAdapter<ModP> wrongGradientAt2() {
  RuntimeAdapter<ModP> runtime = referenceAdapter<ModP>();
  runtime.name = "wrong gradient at %2";
  runtime.backwardDenseFrom = [](const runtime::Tape<ModP>& tape, runtime::Grads<ModP> seed) {
    auto grads = runtime::backwardDenseFrom<ModP>(tape, std::move(seed));
    if (grads) (*grads)[2][1] = (*grads)[2][1] + one();
    return grads;
  };
  return runtime;
}

// The reference runtime whose tape holds a wrong forward value at position 3, element 0.
RuntimeAdapter<ModP> wrongValueAt3() {
  RuntimeAdapter<ModP> runtime = referenceAdapter<ModP>();
  runtime.name = "wrong value at %3";
  const auto spoil = [](Result<runtime::Tape<ModP>> tape) {
    if (!tape) return tape;
    runtime::Node<ModP>& node = tape->mutableNodes()[3];
    runtime::AnyTensor<ModP> wrong = *node.value;  // a value of its own: the shared one is immutable
    wrong[0] = wrong[0] + one();
    node.value = std::move(wrong);
    return tape;
  };
  runtime.compileAux = [spoil](const spec::Graph& g, const spec::Context<ModP>& x, const spec::Env& d) {
    return spoil(runtime::compileAux<ModP>(g, x, d));
  };
  runtime.compileAuxData = [spoil](const spec::GraphData<ModP>& g, const spec::Context<ModP>& x, const spec::Env& d) {
    return spoil(runtime::compileAuxData<ModP>(g, x, d));
  };
  return runtime;
}

Verdict onRuntime(std::string_view property, const RuntimeAdapter<ModP>& runtime) {
  const PropertySpec<ModP>* spec = findProperty<ModP>(property);
  EXPECT_TRUE(spec) << property;
  return spec ? spec->check(runtime, mulAddCase<ModP>()) : Verdict::error("no such property");
}

Verdict onEngine(std::string_view property, const Engine<ModP>& engine) {
  const EnginePropertySpec<ModP>* spec = findEngineProperty<ModP>(property);
  EXPECT_TRUE(spec) << property;
  return spec ? spec->check(engine, mulAddCase<ModP>()) : Verdict::error("no such property");
}

// A whole engine (the reference runtime seen as one) whose replies are
// changed by `spoil` after it ran.
Engine<ModP> engineWith(std::function<void(EngineReply<ModP>&)> spoil) {
  Engine<ModP> engine = wholeEngineFromRuntime(referenceAdapter<ModP>());
  engine.name = "spoiled";
  engine.run = [run = engine.run, spoil](const EngineRequest<ModP>& request) {
    EngineOutcome<ModP> outcome = run(request);
    if (outcome) spoil(*outcome);
    return outcome;
  };
  return engine;
}

TEST(BlamedPosition, T3OnABrokenRuntimeNamesThePositionAndElement) {
  const Verdict v = onRuntime("T3_backward_eq_spec", wrongGradientAt2());
  ASSERT_TRUE(v.failed()) << v.message;
  EXPECT_EQ(v.position, (Position{2, 1})) << v.message;
}

TEST(BlamedPosition, T4OnABrokenRuntimeNamesThePositionAndElement) {
  const Verdict v = onRuntime("T4_values_eq_eval", wrongValueAt3());
  ASSERT_TRUE(v.failed()) << v.message;
  EXPECT_EQ(v.position, (Position{3, 0})) << v.message;
}

TEST(BlamedPosition, T3OnABrokenEngineNamesThePositionAndElement) {
  const Verdict v = onEngine("T3_backward_eq_spec", engineWith([](EngineReply<ModP>& r) {
                               if (r.gradients) (*r.gradients)[1][0] = (*r.gradients)[1][0] + one();
                             }));
  ASSERT_TRUE(v.failed()) << v.message;
  EXPECT_EQ(v.position, (Position{1, 0})) << v.message;
}

TEST(BlamedPosition, T4OnABrokenEngineNamesThePositionAndElement) {
  const Verdict v = onEngine("T4_values_eq_eval", engineWith([](EngineReply<ModP>& r) {
                               if (r.values) (*r.values)[3][1] = (*r.values)[3][1] + one();
                             }));
  ASSERT_TRUE(v.failed()) << v.message;
  EXPECT_EQ(v.position, (Position{3, 1})) << v.message;
}

TEST(BlamedPosition, T2OnAnEngineNamesTheNodeWhoseEdgePointsForward) {
  const Verdict v = onEngine("T2_pids_lt_id", engineWith([](EngineReply<ModP>& r) {
                               if (r.edges) r.edges->emplace_back(2, 3);
                             }));
  ASSERT_TRUE(v.failed()) << v.message;
  EXPECT_EQ(v.position, (Position{2})) << v.message;
}

TEST(BlamedPosition, SecondBackwardOnAnEngineNamesWhereTheRunsDiffer) {
  const Verdict v = onEngine("backward_twice_same", engineWith([](EngineReply<ModP>& r) {
                               if (r.gradientsAgain) (*r.gradientsAgain)[0][1] = (*r.gradientsAgain)[0][1] + one();
                             }));
  ASSERT_TRUE(v.failed()) << v.message;
  EXPECT_EQ(v.position, (Position{0, 1})) << v.message;
}

TEST(BlamedPosition, SupportingRuntimePropertiesNameThePosition) {
  // linear_in_seed holds on a runtime off by a constant only where the
  // constant cancels, so check the two that compare gradients directly.
  for (const char* property : {"backward_deterministic", "zero_seed_gives_zero"}) {
    RuntimeAdapter<ModP> runtime = referenceAdapter<ModP>();
    auto calls = std::make_shared<int>(0);
    runtime.backwardDenseFrom = [calls](const runtime::Tape<ModP>& tape, runtime::Grads<ModP> seed) {
      auto grads = runtime::backwardDenseFrom<ModP>(tape, std::move(seed));
      // Every second call is off, so that two runs on one tape differ.
      if (grads && (*calls)++ % 2 == 1) (*grads)[3][1] = (*grads)[3][1] + one();
      return grads;
    };
    // zero_seed_gives_zero makes one call: make it the spoiled one.
    if (std::string_view(property) == "zero_seed_gives_zero") *calls = 1;
    const Verdict v = onRuntime(property, runtime);
    ASSERT_TRUE(v.failed()) << property << ": " << v.message;
    EXPECT_EQ(v.position, (Position{3, 1})) << property << ": " << v.message;
  }
}

TEST(BlamedPosition, TheMessageSaysThePositionTheFieldHolds) {
  const Verdict v = onRuntime("T3_backward_eq_spec", wrongGradientAt2());
  ASSERT_TRUE(v.position);
  EXPECT_NE(v.message.find(v.position->str()), std::string::npos) << v.message;
}

}  // namespace
}  // namespace tapecheck::props
