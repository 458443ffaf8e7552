// tapecheck against the micrograd example engine: T3 (gradients with a full
// seed equal backpropAllCtx) and T2 (recorded edges point backwards) on random
// scalar graphs, plus the engine's own hand-checked basics.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "cli/gtest_property.hpp"
#include "generators/gen.hpp"
#include "micrograd.hpp"
#include "micrograd_adapter.hpp"
#include "properties/catalog.hpp"
#include "spec/registry.hpp"

namespace {

using micrograd_tapecheck::microgradEngine;
using micrograd_tapecheck::scalarCaseConfig;
namespace props = tapecheck::props;
namespace gen = tapecheck::gen;

// The engine performs the spec's float operations in the spec's order, so T3
// holds bit for bit (-0 == +0, NaN == NaN), on every kind of float value.
gen::GenConfig specialValueCases() {
  gen::GenConfig config = scalarCaseConfig();
  config.floatValues = gen::FloatValues::Special;
  return config;
}

TEST(Micrograd, hand_checked_gradients) {
  micrograd::Value x(0.5), y(-2.0);
  micrograd::Value z = (x * y + x).tanh();
  z.backward();
  const double t = std::tanh(0.5 * -2.0 + 0.5);
  EXPECT_DOUBLE_EQ(x.grad(), (1 - t * t) * (-2.0 + 1.0));
  EXPECT_DOUBLE_EQ(y.grad(), (1 - t * t) * 0.5);
}

// Found by T3_with_inf_and_nan_values (seed 923320632385725946): relu(NaN)
// was 0, so mul(relu(NaN), relu(NaN)) under a zero seed gave grad 0, spec NaN.
TEST(Micrograd, relu_keeps_nan_and_clears_the_sign_of_zero) {
  EXPECT_TRUE(std::isnan(micrograd::Value(std::nan("")).relu().data()));
  const double zero = micrograd::Value(-0.0).relu().data();
  EXPECT_EQ(zero, 0.0);
  EXPECT_FALSE(std::signbit(zero));
}

TEST(Micrograd, every_lowered_op_is_a_registered_spec_op) {
  for (const auto& name : micrograd_tapecheck::supportedOps()) {
    EXPECT_NE(tapecheck::spec::findOp(name), nullptr) << name;
  }
}

RC_GTEST_PROP(Micrograd, T3_gradients_eq_backpropAllCtx, ()) {
  const auto c = *gen::genGraphCase<double>(scalarCaseConfig());
  const props::Verdict v = props::engineMatchesSpec(microgradEngine(), c);
  if (v.failed()) RC_FAIL(v.message);
}

RC_GTEST_PROP(Micrograd, T3_with_inf_and_nan_values, ()) {
  const auto c = *gen::genGraphCase<double>(specialValueCases());
  const props::Verdict v = props::engineMatchesSpec(microgradEngine(), c);
  if (v.failed()) RC_FAIL(v.message);
}

RC_GTEST_PROP(Micrograd, T2_edges_point_backwards, ()) {
  const auto c = *gen::genGraphCase<double>(scalarCaseConfig());
  const props::Verdict v = props::engineEdgesPointBackwards(microgradEngine(), c);
  if (v.failed()) RC_FAIL(v.message);
}

// Path 1: micrograd's per-node closures on a tape, every catalog property.
RC_GTEST_PROP(Micrograd, catalog_on_the_per_node_tape, ()) {
  const auto runtime = micrograd_tapecheck::microgradRuntime();
  for (const auto& property : props::catalog<double>()) {
    gen::GenConfig config = scalarCaseConfig();
    config.floatValues = property.values;
    const auto c = *gen::genGraphCase<double>(config);
    const props::Verdict v = property.check(runtime, c);
    if (v.failed()) RC_FAIL(std::string(property.name) + ": " + v.message);
  }
}

// The suite is only as good as its cases: every lowered op occurs, and graphs
// are not trivially small.
TEST(Micrograd, cases_cover_every_lowered_op) {
  std::map<std::string, int> uses;
  std::size_t nodes = 0;
  rc::Random random(11);
  const int cases = 100;
  for (int i = 0; i < cases; ++i) {
    const auto c = gen::genGraphCase<double>(scalarCaseConfig())(random.split(), i).value();
    nodes += c.nodeCount();
    for (const auto& node : c.graph().nodes) ++uses[node.op->name];
  }
  for (const auto& name : micrograd_tapecheck::supportedOps()) EXPECT_GT(uses[name], 0) << name;
  EXPECT_GT(nodes / cases, 5u);
}

// The check can fail: an engine that forgets one use of a repeated operand.
TEST(Micrograd, T3_catches_a_dropped_contribution) {
  auto engine = microgradEngine();
  auto broken = engine;
  broken.gradients = [inner = engine.gradients](const auto& g, const auto& x, const auto& env, const auto& seed) {
    auto grads = inner(g, x, env, seed);
    if (grads && !grads->empty()) (*grads)[0][0] = (*grads)[0][0] * 2 + 1;
    return grads;
  };
  bool caught = false;
  rc::Random random(7);
  for (int i = 0; i < 200 && !caught; ++i) {
    const auto c = gen::genGraphCase<double>(scalarCaseConfig())(random.split(), 50).value();
    caught = !c.inputs.empty() && props::engineMatchesSpec(broken, c).failed();
  }
  EXPECT_TRUE(caught);
}

// The whole engine through cli/gtest_property.hpp's assertions, as `check`
// runs it: the seed is TAPECHECK_SEED (1 when unset), the case count
// TAPECHECK_CASES, and only the scalar graphs micrograd runs.
tapecheck::cli::RunSettings microgradSettings() {
  tapecheck::cli::RunSettings settings = tapecheck::cli::settingsFromEnvironment();
  settings.config = scalarCaseConfig();
  return settings;
}

TEST(MicrogradWholeEngine, every_engine_property_holds) {
  const auto engine = micrograd_tapecheck::microgradWholeEngine();
  for (const char* property : {"T2_pids_lt_id", "T3_backward_eq_spec", "T4_values_eq_eval", "zero_seed_gives_zero",
                               "backward_twice_same", "T5_finite_differences"}) {
    EXPECT_TRUE(tapecheck::cli::holdsOn(engine, property, microgradSettings()));
  }
}

// On failure the assertion writes the case file where TAPECHECK_OUT says.
TEST(MicrogradWholeEngine, backward_twice_same_catches_a_forgotten_zero_grad) {
  const auto out = std::filesystem::temp_directory_path() / "micrograd-gtest-zero-grad";
  std::filesystem::remove_all(out);
  ::setenv("TAPECHECK_OUT", out.c_str(), 1);
  const auto forgetful = micrograd_tapecheck::microgradWholeEngine(/*forgetZeroGrad=*/true);
  EXPECT_FALSE(tapecheck::cli::holdsOn(forgetful, "backward_twice_same", microgradSettings()));
  ::unsetenv("TAPECHECK_OUT");
  EXPECT_TRUE(std::filesystem::exists(out / "backward_twice_same-f64.json"));
}

}  // namespace
