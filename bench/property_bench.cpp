// Property cases per second: the T3 property (backwardDenseFrom on compileAux
// and compileAuxData == spec backpropAllCtx) in double on generated cases,
// generation + check, single thread, plus the two halves separately.
//
// drawGraphCase draws a node count uniform in [0, maxNodes] at size 100, so
// maxNodes = 40 gives cases of 20 nodes on average and maxNodes = 100 cases of
// 50; the `nodes` counter reports the mean actually drawn.
#include <benchmark/benchmark.h>
#include <rapidcheck.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "generators/gen.hpp"
#include "generators/graph_builder.hpp"
#include "properties/invariants.hpp"
#include "properties/adapter.hpp"
#include "properties/compare.hpp"

namespace {

using namespace tapecheck;

double meanElements(const gen::GraphCase<double>& c) {
  double total = 0;
  for (const spec::Shape& s : c.data.shapes) total += static_cast<double>(s.numel());
  return c.data.shapes.empty() ? 0 : total / static_cast<double>(c.data.shapes.size());
}

struct Drawn {
  double nodes = 0;
  double elements = 0;
  void add(const gen::GraphCase<double>& c) {
    nodes += static_cast<double>(c.nodeCount());
    elements += meanElements(c);
  }
};

// Argument 0 is maxNodes; argument 1, when given, is maxRank. maxRank 1 (vectors
// of 1 to 4 elements) is the small-tensor workload of the DESIGN.md prototype;
// the default shapes (rank <= 3, axes of 1 to 4) hold about twice the elements
// (5.3 against 2.6 per position; the `elems` counter reports it).
gen::GenConfig configFor(const benchmark::State& state) {
  gen::GenConfig config;
  config.maxNodes = static_cast<std::size_t>(state.range(0));
  if (state.range(1) > 0) config.maxRank = static_cast<std::size_t>(state.range(1));
  return config;
}

void reportCases(benchmark::State& state, const Drawn& drawn) {
  state.counters["cases_per_s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = benchmark::Counter(drawn.nodes, benchmark::Counter::kAvgIterations);
  state.counters["elems"] = benchmark::Counter(drawn.elements, benchmark::Counter::kAvgIterations);
}

// What a test run does per case, minus RapidCheck's driver: draw from one
// random stream, then check.
void drawAndCheck(benchmark::State& state) {
  const gen::GenConfig config = configFor(state);
  const auto ops = gen::opsInScope<double>(config);
  const auto runtime = props::referenceAdapter<double>();
  std::uint64_t seed = 1;
  Drawn drawn;
  for (auto _ : state) {
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    drawn.add(c);
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, drawn);
}

// A prototype, not a check: draw+check with compileAux skipping validation
// (it lowers the draw's own GraphData, which is what compileAuxData does).
// Why: the most that "no per-case re-validation" could gain, measured beside
// draw+check in one run.
void drawAndCheckWithoutRevalidation(benchmark::State& state) {
  const gen::GenConfig config = configFor(state);
  const auto ops = gen::opsInScope<double>(config);
  auto runtime = props::referenceAdapter<double>();
  const gen::GraphCase<double>* current = nullptr;
  runtime.compileAux = [&current](const spec::Graph&, const spec::Context<double>& inputs, const spec::Env& env) {
    return runtime::compileAuxData<double>(current->data, inputs, env);
  };
  std::uint64_t seed = 1;
  Drawn drawn;
  for (auto _ : state) {
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    current = &c;
    drawn.add(c);
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, drawn);
}

// The same through the RapidCheck generator (rc::Gen, Shrinkable wrapper).
void genAndCheck(benchmark::State& state) {
  const auto g = gen::genGraphCase<double>(configFor(state));
  const auto runtime = props::referenceAdapter<double>();
  std::uint64_t seed = 1;
  Drawn drawn;
  for (auto _ : state) {
    const auto shrinkable = g(rc::Random(seed++), 100);
    const gen::GraphCase<double> c = shrinkable.value();
    drawn.add(c);
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, drawn);
}

void drawOnly(benchmark::State& state) {
  const gen::GenConfig config = configFor(state);
  const auto ops = gen::opsInScope<double>(config);
  std::uint64_t seed = 1;
  Drawn drawn;
  for (auto _ : state) {
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    drawn.add(c);
    benchmark::DoNotOptimize(c.data.shapes.data());
  }
  reportCases(state, drawn);
}

// The check alone, over a fixed pool of pre-drawn cases.
void checkOnly(benchmark::State& state) {
  const gen::GenConfig config = configFor(state);
  const auto ops = gen::opsInScope<double>(config);
  std::vector<gen::GraphCase<double>> pool;
  for (std::uint64_t seed = 1; seed <= 1024; ++seed) pool.push_back(gen::drawGraphCase<double>(seed, 100, config, ops));
  const auto runtime = props::referenceAdapter<double>();
  std::size_t i = 0;
  Drawn drawn;
  for (auto _ : state) {
    const gen::GraphCase<double>& c = pool[i++ % pool.size()];
    drawn.add(c);
    const props::Verdict v = props::backwardMatchesSpec(runtime, c);
    if (v.failed()) state.SkipWithError(v.message.c_str());
  }
  reportCases(state, drawn);
}

// draw+check in T3's own order, each part timed by the clock: where a
// case's time goes. Why not each part alone over a pool of prepared tapes:
// the pool is cold in cache where T3 reads a tape it just built.
void checkByParts(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  const gen::GenConfig config = configFor(state);
  const auto ops = gen::opsInScope<double>(config);
  const auto runtime = props::referenceAdapter<double>();
  enum { kDraw, kSpec, kCompileAux, kCompileAuxData, kBackward, kCompare, kParts };
  static constexpr const char* kNames[kParts] = {"draw", "spec", "compileAux", "compileAuxData", "backward", "compare"};
  std::array<double, kParts> seconds{};
  Clock::time_point mark;
  const auto lap = [&](int part) {
    const Clock::time_point now = Clock::now();
    seconds[part] += std::chrono::duration<double>(now - mark).count();
    mark = now;
  };
  std::uint64_t seed = 1;
  Drawn drawn;
  for (auto _ : state) {
    mark = Clock::now();
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    lap(kDraw);
    drawn.add(c);
    auto expected = props::expectedGradients(c, c.seed, runtime.compare);
    lap(kSpec);
    for (const int compile : {kCompileAux, kCompileAuxData}) {
      auto tape = compile == kCompileAux ? runtime.compileAux(c.graph(), c.inputs, c.env)
                                         : runtime.compileAuxData(c.data, c.inputs, c.env);
      lap(compile);
      auto grads = runtime.backwardDenseFrom(*tape, c.seed);
      lap(kBackward);
      if (props::firstDifference(*grads, *expected, runtime.compare)) state.SkipWithError("T3 failed");
      lap(kCompare);
    }
  }
  reportCases(state, drawn);
  for (int part = 0; part < kParts; ++part) {
    state.counters[std::string(kNames[part]) + "_ns"] =
        benchmark::Counter(seconds[part] * 1e9, benchmark::Counter::kAvgIterations);
  }
}

}  // namespace

void sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"maxNodes", "maxRank"});
  for (const std::int64_t maxRank : {0, 1}) {
    for (const std::int64_t maxNodes : {40, 100}) b->Args({maxNodes, maxRank});
  }
}

BENCHMARK(drawAndCheck)->Name("T3/double/draw+check")->Apply(sizes);
BENCHMARK(drawAndCheckWithoutRevalidation)->Name("T3/double/prototype-no-revalidation")->Apply(sizes);
BENCHMARK(genAndCheck)->Name("T3/double/rcGen+check")->Apply(sizes);
BENCHMARK(drawOnly)->Name("T3/double/draw-only")->Apply(sizes);
BENCHMARK(checkOnly)->Name("T3/double/check-only")->Apply(sizes);
BENCHMARK(checkByParts)->Name("T3/double/draw+check-by-parts")->Apply(sizes);

BENCHMARK_MAIN();
