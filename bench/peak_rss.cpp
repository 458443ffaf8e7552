// Peak resident memory of one big graph: build it (a spec::Graph and its
// inputs), compile it with compileAux, run the reverse loop, and print the
// process's peak RSS (getrusage ru_maxrss) after each stage. The loop is
// backwardDenseAll from a seed at the last node, or with `full`,
// backwardDenseFrom on a full seed context (what property T3 runs).
//
// Usage: peak_rss [chain|dag] [4|4x4] [double|modp] [nodes] [full]
//        (default: dag 4 double 100000)
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_graphs.hpp"

namespace {

using namespace tapecheck;
using namespace tapecheck::bench;

double peakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

template <class S>
int run(Kind kind, ShapeKind shape, std::size_t nodes, bool full) {
  std::printf("peak RSS at start:             %7.1f MiB\n", peakMiB());
  const spec::Graph graph = makeGraph<S>(kind, shape, nodes);
  // Any fixed values do: memory does not depend on them.
  const spec::Tensor<S> fill(shapeOf(shape), spec::fromInt<S>(1));
  const spec::Context<S> inputs(kInputs, fill);
  std::printf("after graph and inputs:        %7.1f MiB\n", peakMiB());
  auto tape = runtime::compileAux(graph, inputs, spec::Env{});
  if (!tape) return std::fprintf(stderr, "%s\n", tape.error().c_str()), 1;
  std::printf("after compileAux:              %7.1f MiB\n", peakMiB());
  if (full) {
    const spec::Context<S> seed(tape->size(), fill);
    std::printf("after a full seed context:     %7.1f MiB\n", peakMiB());
    auto grads = runtime::backwardDenseFrom(*tape, seed);
    if (!grads) return std::fprintf(stderr, "%s\n", grads.error().c_str()), 1;
    std::printf("after backwardDenseFrom:       %7.1f MiB\n", peakMiB());
  } else {
    auto grads = runtime::backwardDenseAll(*tape, tape->size() - 1, fill);
    if (!grads) return std::fprintf(stderr, "%s\n", grads.error().c_str()), 1;
    std::printf("after backwardDenseAll:        %7.1f MiB\n", peakMiB());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string kind = argc > 1 ? argv[1] : "dag";
  const std::string shape = argc > 2 ? argv[2] : "4";
  const std::string domain = argc > 3 ? argv[3] : "double";
  const std::size_t nodes = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 100000;
  const bool full = argc > 5 && std::string(argv[5]) == "full";
  const Kind k = kind == "chain" ? Kind::Chain : Kind::Dag;
  const ShapeKind s = shape == "4x4" ? ShapeKind::Mat4x4 : ShapeKind::Vec4;
  std::printf("%s %s %s, %zu nodes: compileAux + %s\n", kind.c_str(), shape.c_str(), domain.c_str(), nodes,
              full ? "backwardDenseFrom (full seed)" : "backwardDenseAll");
  return domain == "modp" ? run<spec::ModP>(k, s, nodes, full) : run<double>(k, s, nodes, full);
}
