// Property cases per second: the T3 property (backwardDenseFrom on compileAux
// and compileAuxData == spec backpropAllCtx) in double on generated cases,
// generation + check, single thread, plus the two halves separately.
//
// drawGraphCase draws a node count uniform in [0, maxNodes] at size 100, so
// maxNodes = 40 gives cases of 20 nodes on average and maxNodes = 100 cases of
// 50; the `nodes` counter reports the mean actually drawn.
#include <benchmark/benchmark.h>
#include <rapidcheck.h>

#include <vector>

#include "generators/gen.hpp"
#include "generators/graph_builder.hpp"
#include "properties/invariants.hpp"

namespace {

using namespace tapecheck;

gen::GenConfig configFor(std::size_t maxNodes) {
  gen::GenConfig config;
  config.maxNodes = maxNodes;
  return config;
}

void reportCases(benchmark::State& state, double nodesDrawn) {
  state.counters["cases_per_s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = benchmark::Counter(nodesDrawn, benchmark::Counter::kAvgIterations);
}

// What a test run does per case, minus RapidCheck's driver: draw from one
// random stream, then check.
void drawAndCheck(benchmark::State& state) {
  const gen::GenConfig config = configFor(static_cast<std::size_t>(state.range(0)));
  const auto ops = gen::opsInScope<double>(config);
  const auto runtime = props::referenceAdapter<double>();
  std::uint64_t seed = 1;
  double nodes = 0;
  for (auto _ : state) {
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    nodes += static_cast<double>(c.nodeCount());
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, nodes);
}

// The same through the RapidCheck generator (rc::Gen, Shrinkable wrapper).
void genAndCheck(benchmark::State& state) {
  const auto g = gen::genGraphCase<double>(configFor(static_cast<std::size_t>(state.range(0))));
  const auto runtime = props::referenceAdapter<double>();
  std::uint64_t seed = 1;
  double nodes = 0;
  for (auto _ : state) {
    const auto shrinkable = g(rc::Random(seed++), 100);
    const gen::GraphCase<double> c = shrinkable.value();
    nodes += static_cast<double>(c.nodeCount());
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, nodes);
}

void drawOnly(benchmark::State& state) {
  const gen::GenConfig config = configFor(static_cast<std::size_t>(state.range(0)));
  const auto ops = gen::opsInScope<double>(config);
  std::uint64_t seed = 1;
  double nodes = 0;
  for (auto _ : state) {
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    nodes += static_cast<double>(c.nodeCount());
    benchmark::DoNotOptimize(c.data.shapes.data());
  }
  reportCases(state, nodes);
}

// The check alone, over a fixed pool of pre-drawn cases.
void checkOnly(benchmark::State& state) {
  const gen::GenConfig config = configFor(static_cast<std::size_t>(state.range(0)));
  const auto ops = gen::opsInScope<double>(config);
  std::vector<gen::GraphCase<double>> pool;
  for (std::uint64_t seed = 1; seed <= 1024; ++seed) pool.push_back(gen::drawGraphCase<double>(seed, 100, config, ops));
  const auto runtime = props::referenceAdapter<double>();
  std::size_t i = 0;
  double nodes = 0;
  for (auto _ : state) {
    const gen::GraphCase<double>& c = pool[i++ % pool.size()];
    nodes += static_cast<double>(c.nodeCount());
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, nodes);
}

}  // namespace

BENCHMARK(drawAndCheck)->Name("T3/double/draw+check/maxNodes")->Arg(40)->Arg(100)->Arg(20)->Arg(50);
BENCHMARK(genAndCheck)->Name("T3/double/rcGen+check/maxNodes")->Arg(40)->Arg(100);
BENCHMARK(drawOnly)->Name("T3/double/draw-only/maxNodes")->Arg(40)->Arg(100);
BENCHMARK(checkOnly)->Name("T3/double/check-only/maxNodes")->Arg(40)->Arg(100);

BENCHMARK_MAIN();
