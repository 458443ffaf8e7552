// A reply with the wrong number of positions or a tensor of the wrong shape
// is a verdict that names the position (ERROR for an engine, which is out of
// protocol; FAILS for a per-node runtime, which is wrong), never a read past
// the end of the reply.
#include <gtest/gtest.h>

#include "../support/fixed_case.hpp"
#include "properties/catalog.hpp"
#include "properties/context_shape.hpp"
#include "properties/whole_engine.hpp"

namespace tapecheck::props {
namespace {

using spec::ModP;
using test_support::mulAddCase;

// The reference runtime seen as a whole engine, its replies changed by `spoil`.
Engine<ModP> engineWith(std::function<void(EngineReply<ModP>&)> spoil) {
  Engine<ModP> engine = wholeEngineFromRuntime(referenceAdapter<ModP>());
  engine.name = "misshapen";
  engine.run = [run = engine.run, spoil](const EngineRequest<ModP>& request) {
    EngineOutcome<ModP> outcome = run(request);
    if (outcome) spoil(*outcome);
    return outcome;
  };
  return engine;
}

void dropLastPosition(std::optional<spec::Context<ModP>>& context) {
  if (context) context->pop_back();
}

void reshapePosition1(std::optional<spec::Context<ModP>>& context) {
  if (context) (*context)[1] = spec::Tensor<ModP>::zeros(spec::Shape{3});
}

// Every engine property the engine can serve, on the fixed case.
std::vector<std::pair<std::string, Verdict>> everyEngineProperty(const Engine<ModP>& engine) {
  std::vector<std::pair<std::string, Verdict>> verdicts;
  for (const EnginePropertySpec<ModP>& property : engineCatalog<ModP>()) {
    if (!property.available(engine.capabilities) || !property.notApplicable.empty()) continue;
    verdicts.emplace_back(property.name, property.check(engine, mulAddCase<ModP>()));
  }
  return verdicts;
}

TEST(EngineReplyShape, TooFewPositionsIsAnErrorAtTheFirstMissingOne) {
  const Engine<ModP> engine = engineWith([](EngineReply<ModP>& r) {
    dropLastPosition(r.values);
    dropLastPosition(r.gradients);
    dropLastPosition(r.gradientsAgain);
  });
  const auto verdicts = everyEngineProperty(engine);
  EXPECT_GE(verdicts.size(), 5u);
  for (const auto& [name, v] : verdicts) {
    if (name == "T2_pids_lt_id") continue;  // asks for edges only, which are intact
    EXPECT_TRUE(v.broken()) << name << ": " << v.message;
    EXPECT_EQ(v.position, (Position{3})) << name << ": " << v.message;
    EXPECT_NE(v.message.find("3 tensors for the case's 4 positions"), std::string::npos) << name << ": " << v.message;
    EXPECT_NE(v.message.find("misshapen"), std::string::npos) << name << ": " << v.message;
  }
}

TEST(EngineReplyShape, AWrongShapeIsAnErrorAtThatPosition) {
  const Engine<ModP> engine = engineWith([](EngineReply<ModP>& r) {
    reshapePosition1(r.values);
    reshapePosition1(r.gradients);
    reshapePosition1(r.gradientsAgain);
  });
  for (const auto& [name, v] : everyEngineProperty(engine)) {
    if (name == "T2_pids_lt_id") continue;
    EXPECT_TRUE(v.broken()) << name << ": " << v.message;
    EXPECT_EQ(v.position, (Position{1})) << name << ": " << v.message;
    EXPECT_NE(v.message.find("position 1 has shape [3], the position's value [2]"), std::string::npos)
        << name << ": " << v.message;
  }
}

TEST(EngineReplyShape, OnlyTheSecondBackwardShortIsStillAnError) {
  const Engine<ModP> engine = engineWith([](EngineReply<ModP>& r) { dropLastPosition(r.gradientsAgain); });
  const Verdict v = findEngineProperty<ModP>("backward_twice_same")->check(engine, mulAddCase<ModP>());
  EXPECT_TRUE(v.broken()) << v.message;
  EXPECT_NE(v.message.find("second gradients"), std::string::npos) << v.message;
}

// A per-node runtime whose gradient context is one position short, from every
// reverse loop: the properties that read gradients element by element.
RuntimeAdapter<ModP> shortGradients() {
  RuntimeAdapter<ModP> runtime = referenceAdapter<ModP>();
  runtime.name = "short gradients";
  runtime.backwardDenseFrom = [](const runtime::Tape<ModP>& tape, runtime::Grads<ModP> seed) {
    auto grads = runtime::backwardDenseFrom<ModP>(tape, std::move(seed));
    if (grads) grads->pop_back();
    return grads;
  };
  const auto shortened = [](auto loop) {
    return [loop](const runtime::Tape<ModP>& tape, std::size_t out, const runtime::AnyTensor<ModP>& seed) {
      auto grads = loop(tape, out, seed);
      if (grads) grads->pop_back();
      return grads;
    };
  };
  runtime.backwardDenseAll = shortened(runtime::backwardDenseAll<ModP>);
  runtime.backwardDense = shortened(runtime::backwardDense<ModP>);
  return runtime;
}

TEST(RuntimeReplyShape, PropertiesReadingGradientsFailAtTheFirstMissingPosition) {
  for (const char* name : {"backward_deterministic", "reachable_eq_dense", "linear_in_seed", "T3_backward_eq_spec",
                           "grad_shapes_eq_value_shapes", "T5_vjp_adjoint_of_jvp"}) {
    const PropertySpec<ModP>* property = findProperty<ModP>(name);
    ASSERT_TRUE(property) << name;
    const Verdict v = property->check(shortGradients(), mulAddCase<ModP>());
    EXPECT_TRUE(v.failed()) << name << ": " << v.message;
    if (std::string_view(name) != "T3_backward_eq_spec") {  // T3 compares lengths with the spec's
      EXPECT_EQ(v.position, (Position{3})) << name << ": " << v.message;
    }
  }
}

TEST(ContextShape, ATensorWhoseDataDoesNotFillItsShapeIsNamed) {
  spec::Context<ModP> reply = mulAddCase<ModP>().seed;
  reply[2].data.pop_back();
  const auto bad = contextShapeMismatch(reply, std::span<const spec::Shape>(mulAddCase<ModP>().data.shapes), "gradients");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->position, (Position{2}));
  EXPECT_EQ(bad->text, "gradients: position 2 holds 1 elements for shape [2]");
}

TEST(ContextShape, TooManyTensorsNameNoPosition) {
  spec::Context<ModP> reply = mulAddCase<ModP>().seed;
  reply.push_back(reply.back());
  const auto bad = contextShapeMismatch(reply, std::span<const spec::Shape>(mulAddCase<ModP>().data.shapes), "values");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->position, std::nullopt);
  EXPECT_EQ(bad->text, "values: 5 tensors for the case's 4 positions");
}

}  // namespace
}  // namespace tapecheck::props
