// Per-node cost at 10^3 and 10^5 nodes, measured in the same run, and the
// ratio t(10^5)/t(10^3) per function: ~100 means linear cost; much more is
// super-linear work (or, by a small factor, cache misses on a larger graph).
//
// Usage: scaling_report [--quick]   (--quick: double, [4] only)
#include <algorithm>
#include <time.h>

#include <cstdio>
#include <cstring>

#include "bench_functions.hpp"

namespace {

using namespace tapecheck;
using namespace tapecheck::bench;
// This thread's CPU time in seconds: on a shared machine, wall-clock time
// would count the time other processes hold the core.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Best of several batches of the mean CPU time per call, in seconds: the
// minimum filters out the rest of the interference (caches, frequency).
template <class S>
double secondsPerCall(Fn fn, const Fixture<S>& f) {
  Runner<S> runner(f);
  volatile std::size_t sink = runner.run(fn);  // warm-up
  double best = 1e30;
  for (int batch = 0; batch < 5; ++batch) {
    std::size_t calls = 0;
    const double start = cpuSeconds();
    double elapsed = 0;
    do {
      sink = sink + runner.run(fn);
      ++calls;
      elapsed = cpuSeconds() - start;
    } while (elapsed < 0.05);
    best = std::min(best, elapsed / static_cast<double>(calls));
  }
  return best;
}

template <class S>
void report(const char* domain, Kind kind, ShapeKind shape) {
  constexpr std::size_t kSmall = 1000, kLarge = 100000;
  double small[kAllFns.size()], large[kAllFns.size()];
  {
    const Fixture<S>& f = fixture<S>(kind, shape, kSmall);
    for (std::size_t i = 0; i < kAllFns.size(); ++i) small[i] = secondsPerCall(kAllFns[i], f);
  }
  {
    const Fixture<S>& f = fixture<S>(kind, shape, kLarge);
    for (std::size_t i = 0; i < kAllFns.size(); ++i) large[i] = secondsPerCall(kAllFns[i], f);
  }
  dropFixture<S>();
  for (std::size_t i = 0; i < kAllFns.size(); ++i) {
    const std::string_view name = fnName(kAllFns[i]);
    std::printf("%-7s %-6s %-4s %-18.*s %10.1f %10.1f %8.1f\n", domain, kindName(kind).c_str(),
                shapeName(shape).c_str(), static_cast<int>(name.size()), name.data(),
                small[i] / kSmall * 1e9, large[i] / kLarge * 1e9, large[i] / small[i]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  std::printf("%-7s %-6s %-4s %-18s %10s %10s %8s\n", "domain", "graph", "shape", "function",
              "ns/node@1e3", "ns/node@1e5", "t5/t3");
  for (Kind kind : {Kind::Chain, Kind::Dag}) {
    for (ShapeKind shape : {ShapeKind::Vec4, ShapeKind::Mat4x4}) {
      if (quick && shape != ShapeKind::Vec4) continue;
      report<double>("double", kind, shape);
      if (!quick) report<spec::ModP>("modp", kind, shape);
    }
  }
  return 0;
}
