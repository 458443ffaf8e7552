// Google Benchmark timings of compileAux, backwardDenseFrom, backwardDense,
// backpropAllCtx and eval on chains and random DAGs of 10^2..10^5 nodes, with
// [4] and [4,4] tensors, in ModP and double. The `per_node` counter is the
// time of one call divided by the node count.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

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

// The memory floor of a reverse pass on a fixture's graph: the same forward
// values (the compiled tape's one store), gradient slots and visiting order,
// with the least work a VJP can do (each argument's slot gets the node's
// cotangent minus the argument's value, element by element), no shapes, no
// checks, no kernels, and the runtime's prefetch 8 nodes ahead. Why: what a
// [4] double DAG pass costs in memory alone, against what backwardDenseFrom
// costs in all (the ratio of the two is in bench/README.md).
void memoryFloor(benchmark::State& state, std::size_t nodes) {
  const Fixture<double>& f = fixture<double>(Kind::Dag, ShapeKind::Vec4, nodes);
  const std::size_t positions = f.tape.size();
  const runtime::AnyTensor<double>* values = &*f.tape.getNode(0)->value;
  std::vector<std::uint32_t> args, firstArg;
  for (const spec::GraphNode& n : f.data.graph.nodes) {
    firstArg.push_back(static_cast<std::uint32_t>(args.size()));
    for (std::size_t p : n.args) args.push_back(static_cast<std::uint32_t>(p));
  }
  firstArg.push_back(static_cast<std::uint32_t>(args.size()));
  spec::Context<double> grads = f.seed;
  constexpr std::size_t kAhead = 8;
  for (auto _ : state) {
    for (std::size_t id = positions; id-- > kInputs;) {
      if (id >= kInputs + kAhead) {
        const std::size_t k = id - kAhead - kInputs;
        for (std::uint32_t a = firstArg[k]; a < firstArg[k + 1]; ++a) {
          __builtin_prefetch(&values[args[a]]);
          __builtin_prefetch(&grads[args[a]], 1);
        }
      }
      const double* g = grads[id].data.data();
      const std::size_t k = id - kInputs;
      for (std::uint32_t a = firstArg[k]; a < firstArg[k + 1]; ++a) {
        double* slot = grads[args[a]].data.data();
        const double* v = values[args[a]].data.data();
        for (std::size_t i = 0; i < 4; ++i) slot[i] += g[i] - v[i];
      }
    }
    benchmark::DoNotOptimize(grads.data());
  }
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
  for (std::size_t nodes : {1000u, 100000u}) {
    const std::string name = "memoryFloor/double/dag/4/" + std::to_string(nodes);
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) { memoryFloor(st, nodes); })
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
