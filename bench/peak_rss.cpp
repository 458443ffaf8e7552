// Peak resident memory of one big graph: build it, compile it (compileAux),
// run backwardDenseFrom on a full seed context, and print the process's peak
// RSS (getrusage ru_maxrss) after each stage.
//
// Usage: peak_rss [chain|dag] [4|4x4] [double|modp] [nodes]   (default: dag 4 double 100000)
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_graphs.hpp"
#include "spec/rng.hpp"

namespace {

using namespace tapecheck;
using namespace tapecheck::bench;

double peakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

template <class S>
int run(Kind kind, ShapeKind shape, std::size_t nodes) {
  std::printf("peak RSS at start:                 %7.1f MiB\n", peakMiB());
  auto data = spec::makeGraphData<S>(makeGraph<S>(kind, shape, nodes));
  if (!data) return std::fprintf(stderr, "%s\n", data.error().c_str()), 1;
  spec::Context<S> inputs, seed;
  for (std::size_t p = 0; p < data->positionCount(); ++p) {
    // Any fixed values do: memory does not depend on them.
    spec::Tensor<S> t(data->shapes[p], spec::fromInt<S>(static_cast<std::int64_t>(p % 3) - 1));
    if (p < kInputs) inputs.push_back(t);
    seed.push_back(std::move(t));
  }
  std::printf("after graph, inputs, seed context: %7.1f MiB\n", peakMiB());
  {
    auto tape = runtime::compileAux(data->graph, inputs, spec::Env{});
    if (!tape) return std::fprintf(stderr, "%s\n", tape.error().c_str()), 1;
    std::printf("after compileAux:                  %7.1f MiB\n", peakMiB());
    auto grads = runtime::backwardDenseFrom(*tape, seed);
    if (!grads) return std::fprintf(stderr, "%s\n", grads.error().c_str()), 1;
    std::printf("after backwardDenseFrom:           %7.1f MiB\n", peakMiB());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string kind = argc > 1 ? argv[1] : "dag";
  const std::string shape = argc > 2 ? argv[2] : "4";
  const std::string domain = argc > 3 ? argv[3] : "double";
  const std::size_t nodes = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 100000;
  const Kind k = kind == "chain" ? Kind::Chain : Kind::Dag;
  const ShapeKind s = shape == "4x4" ? ShapeKind::Mat4x4 : ShapeKind::Vec4;
  std::printf("%s %s %s, %zu nodes: graph, compileAux + backwardDenseFrom\n", kind.c_str(), shape.c_str(),
              domain.c_str(), nodes);
  return domain == "modp" ? run<spec::ModP>(k, s, nodes) : run<double>(k, s, nodes);
}
