// Google Benchmark timings of compileAux, backwardDenseFrom, backwardDense,
// backpropAllCtx and eval on chains and random DAGs of 10^2..10^5 nodes, with
// [4] and [4,4] tensors, in ModP and double. The `per_node` counter is the
// time of one call divided by the node count.
#include <benchmark/benchmark.h>

#include <string>

#include "bench_functions.hpp"

namespace {

using namespace tapecheck;
using namespace tapecheck::bench;

template <class S>
void timeFn(benchmark::State& state, Fn fn, Kind kind, ShapeKind shape, std::size_t nodes) {
  Runner<S> runner(fixture<S>(kind, shape, nodes));
  for (auto _ : state) benchmark::DoNotOptimize(runner.run(fn));
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["per_node"] =
      benchmark::Counter(static_cast<double>(nodes),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

template <class S>
void registerDomain(const char* domain) {
  // Functions innermost: the five share one cached fixture.
  for (Kind kind : {Kind::Chain, Kind::Dag}) {
    for (ShapeKind shape : {ShapeKind::Vec4, ShapeKind::Mat4x4}) {
      for (std::size_t nodes : {100u, 1000u, 10000u, 100000u}) {
        for (Fn fn : kAllFns) {
          const std::string name = std::string(fnName(fn)) + "/" + domain + "/" + kindName(kind) + "/" +
                                   shapeName(shape) + "/" + std::to_string(nodes);
          benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) {
            timeFn<S>(st, fn, kind, shape, nodes);
          })->Unit(benchmark::kMicrosecond);
        }
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  registerDomain<double>("double");
  registerDomain<spec::ModP>("modp");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
