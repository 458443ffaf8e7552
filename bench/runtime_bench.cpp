// Google Benchmark timings of compileAux, backwardDenseFrom, backwardDense,
// backpropAllCtx and eval on chains and random DAGs of 10^2..10^5 nodes, with
// [4] and [4,4] tensors, in ModP and double. The `per_node` counter is the
// time of one call divided by the node count.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
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
// values, gradient slots and visiting order, with the least work a VJP can
// do (each argument's slot gets the node's cotangent minus the argument's
// value, element by element), no shapes, no checks, no kernels, and the
// runtime's prefetch 8 nodes ahead. kPacked false: the compiled tape's own
// value store and a Grads vector (72-byte tensors that carry their shape);
// true: the same numbers packed 4 doubles per position (32 bytes), the layout
// a next step could take. Why: what a [4] double DAG pass costs in memory
// alone, against backwardDenseFrom (ratios in bench/README.md).
template <bool kPacked>
void memoryFloor(benchmark::State& state, std::size_t nodes) {
  const Fixture<double>& f = fixture<double>(Kind::Dag, ShapeKind::Vec4, nodes);
  const std::size_t positions = f.tape.size();
  const runtime::AnyTensor<double>* store = &*f.tape.getNode(0)->value;
  std::vector<std::uint32_t> args, firstArg;
  for (const spec::GraphNode& n : f.data.graph.nodes) {
    firstArg.push_back(static_cast<std::uint32_t>(args.size()));
    for (std::size_t p : n.args) args.push_back(static_cast<std::uint32_t>(p));
  }
  firstArg.push_back(static_cast<std::uint32_t>(args.size()));
  spec::Context<double> grads = f.seed;
  std::vector<std::array<double, 4>> packedValues(kPacked ? positions : 0), packedGrads(kPacked ? positions : 0);
  for (std::size_t p = 0; p < packedValues.size(); ++p) {
    std::copy_n(store[p].data.data(), 4, packedValues[p].data());
    std::copy_n(grads[p].data.data(), 4, packedGrads[p].data());
  }
  const auto value = [&](std::size_t p) -> const double* {
    if constexpr (kPacked) return packedValues[p].data();
    return store[p].data.data();
  };
  const auto slot = [&](std::size_t p) -> double* {
    if constexpr (kPacked) return packedGrads[p].data();
    return grads[p].data.data();
  };
  constexpr std::size_t kAhead = 8;
  for (auto _ : state) {
    for (std::size_t id = positions; id-- > kInputs;) {
      if (id >= kInputs + kAhead) {
        const std::size_t k = id - kAhead - kInputs;
        for (std::uint32_t a = firstArg[k]; a < firstArg[k + 1]; ++a) {
          __builtin_prefetch(value(args[a]));
          __builtin_prefetch(slot(args[a]), 1);
        }
      }
      const double* g = slot(id);
      const std::size_t k = id - kInputs;
      for (std::uint32_t a = firstArg[k]; a < firstArg[k + 1]; ++a) {
        double* out = slot(args[a]);
        const double* v = value(args[a]);
        for (std::size_t i = 0; i < 4; ++i) out[i] += g[i] - v[i];
      }
    }
    benchmark::DoNotOptimize(grads.data());
    benchmark::DoNotOptimize(packedGrads.data());
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
    benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) { memoryFloor<false>(st, nodes); })
        ->Unit(benchmark::kMicrosecond);
    const std::string packed = "memoryFloor/double/dag/4/packed/" + std::to_string(nodes);
    benchmark::RegisterBenchmark(packed.c_str(), [=](benchmark::State& st) { memoryFloor<true>(st, nodes); })
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
