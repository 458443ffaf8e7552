// The whole-engine adapter: the reference runtime seen as an engine satisfies
// T2/T3 exactly; engines that are wrong, or right only up to summation order,
// are told apart by the tolerance.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>

#include "generators/gen.hpp"
#include "properties/engine.hpp"
#include "spec/registry.hpp"

namespace tapecheck::props {
namespace {

template <class S>
void checkEngineT3(const EngineAdapter<S>& engine, Tolerance tolerance = Tolerance::exact()) {
  const auto c = *gen::genGraphCase<S>();
  const Verdict v = engineMatchesSpec(engine, c, tolerance);
  if (v.failed()) RC_FAIL(v.message);
}

RC_GTEST_PROP(EngineAdapter, reference_as_engine_matches_spec_in_ModP, ()) {
  checkEngineT3(engineFromRuntime(referenceAdapter<spec::ModP>()));
}

RC_GTEST_PROP(EngineAdapter, reference_as_engine_matches_spec_in_double, ()) {
  checkEngineT3(engineFromRuntime(referenceAdapter<double>()));
}

RC_GTEST_PROP(EngineAdapter, reference_edges_point_backwards, ()) {
  const auto c = *gen::genGraphCase<double>();
  const Verdict v = engineEdgesPointBackwards(engineFromRuntime(referenceAdapter<double>()), c);
  if (v.failed()) RC_FAIL(v.message);
}

// mul(x, x) with x = 0.1 and seed 1 at every position: the spec adds
// seed + (g·x + g·x); an engine that adds each use separately computes
// (seed + g·x) + g·x, which differs in the last bit for these values.
gen::GraphCase<double> squareCase(double x) {
  spec::Graph g;
  g.inputs = {spec::Shape::scalar()};
  g.nodes.push_back({spec::findOp("mul"), {0, 0}, {}});
  gen::GraphCase<double> c;
  c.data = spec::makeGraphData<double>(std::move(g)).value();
  c.inputs = {spec::Tensor<double>::scalar(x)};
  c.seed = {spec::Tensor<double>::scalar(1.0), spec::Tensor<double>::scalar(0.1)};
  return c;
}

EngineAdapter<double> perUseAccumulatingEngine() {
  EngineAdapter<double> engine;
  engine.name = "per-use accumulation";
  engine.gradients = [](const spec::Graph&, const spec::Context<double>& x, const spec::Env&,
                        const spec::Context<double>& seed) -> Result<spec::Context<double>> {
    double dx = seed[0][0];
    dx = dx + seed[1][0] * x[0][0];
    dx = dx + seed[1][0] * x[0][0];
    return spec::Context<double>{spec::Tensor<double>::scalar(dx), seed[1]};
  };
  return engine;
}

TEST(EngineAdapter, exact_check_sees_a_reordered_sum_and_tolerance_accepts_it) {
  auto c = squareCase(0.7);
  ASSERT_TRUE(spec::findOp("mul"));
  EngineAdapter<double> engine = perUseAccumulatingEngine();
  // Find a value where the two summation orders round differently.
  bool sawDifference = false;
  for (double x = 0.1; x < 10 && !sawDifference; x += 0.37) {
    c = squareCase(x);
    sawDifference = engineMatchesSpec(engine, c).failed();
  }
  ASSERT_TRUE(sawDifference) << "no rounding difference found; pick other values";
  EXPECT_FALSE(engineMatchesSpec(engine, c, Tolerance::within(1e-12, 0)).failed());
}

TEST(EngineAdapter, tolerance_does_not_hide_a_wrong_gradient) {
  EngineAdapter<double> engine = perUseAccumulatingEngine();
  auto wrong = engine;
  wrong.gradients = [inner = engine.gradients](const spec::Graph& g, const spec::Context<double>& x,
                                               const spec::Env& env, const spec::Context<double>& seed) {
    auto grads = inner(g, x, env, seed);
    if (grads) (*grads)[0][0] = seed[0][0] + seed[1][0] * x[0][0];  // one use forgotten
    return grads;
  };
  const Verdict v = engineMatchesSpec(wrong, squareCase(0.7), Tolerance::within(1e-6, 1e-9));
  EXPECT_TRUE(v.failed());
  EXPECT_NE(v.message.find("position 0"), std::string::npos) << v.message;
}

TEST(EngineAdapter, wrong_count_and_errors_fail) {
  EngineAdapter<double> engine;
  engine.name = "short";
  engine.gradients = [](const spec::Graph&, const spec::Context<double>& x, const spec::Env&,
                        const spec::Context<double>&) -> Result<spec::Context<double>> { return x; };
  EXPECT_TRUE(engineMatchesSpec(engine, squareCase(0.5), Tolerance::within(1, 1)).failed());
  engine.gradients = [](const spec::Graph&, const spec::Context<double>&, const spec::Env&,
                        const spec::Context<double>&) -> Result<spec::Context<double>> {
    return fail("engine refused");
  };
  const Verdict v = engineMatchesSpec(engine, squareCase(0.5));
  EXPECT_TRUE(v.failed());
  EXPECT_NE(v.message.find("engine refused"), std::string::npos);
  EXPECT_TRUE(engineMatchesSpec(EngineAdapter<double>{}, squareCase(0.5)).failed());
}

TEST(EngineAdapter, tolerance_treats_nan_and_infinity_strictly) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const auto ctx = [](double v) { return spec::Context<double>{spec::Tensor<double>::scalar(v)}; };
  const Tolerance loose = Tolerance::within(0.5, 1.0);
  EXPECT_FALSE(firstDifferenceWithin(ctx(nan), ctx(nan), loose));
  EXPECT_TRUE(firstDifferenceWithin(ctx(nan), ctx(1.0), loose));
  EXPECT_FALSE(firstDifferenceWithin(ctx(inf), ctx(inf), loose));
  EXPECT_TRUE(firstDifferenceWithin(ctx(inf), ctx(1e308), loose));
  EXPECT_TRUE(firstDifferenceWithin(ctx(-inf), ctx(inf), loose));
  EXPECT_FALSE(firstDifferenceWithin(ctx(1.0), ctx(1.4), loose));
  EXPECT_TRUE(firstDifferenceWithin(ctx(1.0), ctx(5.0), loose));
  EXPECT_FALSE(firstDifferenceWithin(ctx(0.0), ctx(-0.0), Tolerance::exact()));
}

TEST(EngineAdapter, edges_to_later_ids_or_cycles_fail_and_missing_edges_do_not_apply) {
  EngineAdapter<double> engine;
  engine.name = "edges";
  EXPECT_FALSE(engineEdgesPointBackwards(engine, squareCase(0.5)).applicable());
  engine.edges = [](const spec::Graph&, const spec::Context<double>&,
                    const spec::Env&) -> Result<std::vector<BackwardEdge>> {
    return std::vector<BackwardEdge>{{0, 1}};
  };
  EXPECT_TRUE(engineEdgesPointBackwards(engine, squareCase(0.5)).failed());
  engine.edges = [](const spec::Graph&, const spec::Context<double>&,
                    const spec::Env&) -> Result<std::vector<BackwardEdge>> {
    return std::vector<BackwardEdge>{{1, 0}};
  };
  EXPECT_FALSE(engineEdgesPointBackwards(engine, squareCase(0.5)).failed());
}

}  // namespace
}  // namespace tapecheck::props
