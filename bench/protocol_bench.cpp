// What the engine protocol costs per case: T3_backward_eq_spec in double on
// the reference runtime in process (props::wholeEngineFromRuntime) against
// the same runtime served by tapecheck_reference_engine as a child process,
// one case per request and in batches of max_batch (64). Each case is drawn,
// then checked, as property_bench's draw+check; maxNodes 40 gives 20 op nodes
// on average (the `nodes` counter).
//
// The batched variant pays what `tapecheck check` pays for batching: each
// chunk of cases is drawn twice (once ahead, for the requests it foresees,
// once by the run) and its requests are recorded before they are sent.
#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "engines/protocol_engine.hpp"
#include "generators/gen.hpp"
#include "generators/graph_builder.hpp"

namespace {

using namespace tapecheck;

const props::EnginePropertySpec<double>& t3() { return *props::findEngineProperty<double>("T3_backward_eq_spec"); }

gen::GenConfig benchConfig() {
  gen::GenConfig config;
  config.maxNodes = 40;
  return config;
}

props::Engine<double> protocolEngineOrSkip(benchmark::State& state) {
  auto connection = std::make_shared<engines::EngineConnection>(TAPECHECK_REFERENCE_ENGINE_PATH, engines::EngineTimeouts{});
  Result<engines::EngineHello> hello = connection->hello();
  if (!hello) {
    state.SkipWithError(hello.error().c_str());
    return {};
  }
  return engines::protocolEngine<double>(connection, *hello);
}

// Draws and checks cases from seed 1 on; with `batched`, every 256 cases are
// first drawn ahead and their requests handed to engine.prefetch.
void drawAndCheck(benchmark::State& state, const props::Engine<double>& engine, bool batched) {
  const gen::GenConfig config = benchConfig();
  const auto ops = gen::opsInScope<double>(config);
  std::uint64_t seed = 1;
  double nodes = 0;
  for (auto _ : state) {
    if (batched && seed % 256 == 1) {
      std::vector<gen::GraphCase<double>> ahead;
      for (std::uint64_t s = seed; s < seed + 256; ++s) ahead.push_back(gen::drawGraphCase<double>(s, 100, config, ops));
      engine.prefetch(props::foreseenRequests(t3(), std::span<const gen::GraphCase<double>>(ahead)));
    }
    const gen::GraphCase<double> c = gen::drawGraphCase<double>(seed++, 100, config, ops);
    nodes += static_cast<double>(c.nodeCount());
    const props::Verdict v = t3().check(engine, c);
    if (v.failed() || v.broken()) state.SkipWithError(v.message.c_str());
  }
  state.counters["cases_per_s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["nodes"] = benchmark::Counter(nodes, benchmark::Counter::kAvgIterations);
}

void inProcess(benchmark::State& state) {
  drawAndCheck(state, props::wholeEngineFromRuntime(props::referenceAdapter<double>()), false);
}

void protocolOneCasePerRequest(benchmark::State& state) {
  const props::Engine<double> engine = protocolEngineOrSkip(state);
  if (engine.run) drawAndCheck(state, engine, false);
}

void protocolBatched(benchmark::State& state) {
  const props::Engine<double> engine = protocolEngineOrSkip(state);
  if (engine.run) drawAndCheck(state, engine, true);
}

}  // namespace

// Real time: the engine works in another process, which CPU time would leave out.
BENCHMARK(inProcess)->Name("T3/f64/in-process")->UseRealTime();
BENCHMARK(protocolOneCasePerRequest)->Name("T3/f64/protocol/1-per-request")->UseRealTime();
BENCHMARK(protocolBatched)->Name("T3/f64/protocol/batched-64")->UseRealTime();

BENCHMARK_MAIN();
