// Counts, for the reordered engine, what every engine property answered on N
// generated cases in one float domain — holds, not applicable, fails — and how
// the float elements compared: bit for bit, within the order bound, or with
// no finite bound (not applicable). The figures of bench/README.md.
//   reordered_census f64|f32 CASES [SEED] [PROPERTY]
// Cases are drawn as RapidCheck draws them (size cycling 0..100), one random
// stream per case, so a failure prints a seed and index that redraw it.
#include <rapidcheck.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>
#include <cstdlib>
#include <iostream>
#include <string>

#include "generators/gen.hpp"
#include "properties/compare.hpp"
#include "spec/bounds.hpp"
#include "reordered_engine.hpp"

namespace {

namespace gen = tapecheck::gen;
namespace props = tapecheck::props;

/// Over every gradient element of T3's cases: the reordering bound in ulps of
/// the spec's value (median, 99th percentile) and the share with no finite
/// bound — whether the bound is tight enough to catch anything.
template <class S>
struct BoundRatios {
  std::vector<double> ulps;
  std::uint64_t elements = 0;
  std::uint64_t unbounded = 0;

  void add(const gen::GraphCase<S>& c) {
    auto bounded = tapecheck::spec::backpropWithBounds(c.data, c.inputs, c.env, c.seed);
    if (!bounded) return;
    for (std::size_t p = 0; p < bounded->values.size(); ++p) {
      for (std::size_t i = 0; i < bounded->values[p].size(); ++i) {
        ++elements;
        const double bound = bounded->reorder[p][i];
        const S v = bounded->values[p][i];
        if (!std::isfinite(bound)) {
          ++unbounded;
          continue;
        }
        if (v == S(0)) continue;  // ulp(0) is the smallest subnormal: no useful ratio
        const S a = std::fabs(v);
        const double ulp = static_cast<double>(std::nextafter(a, std::numeric_limits<S>::infinity()) - a);
        ulps.push_back(bound / ulp);
      }
    }
  }

  void print() {
    if (ulps.empty()) return;
    std::sort(ulps.begin(), ulps.end());
    const auto at = [&](double q) { return ulps[static_cast<std::size_t>(q * static_cast<double>(ulps.size() - 1))]; };
    std::printf("T3 gradient elements: %llu; bound/ulp(value) over nonzero values: median %.3g, p99 %.3g; no finite bound: %llu (%.2f%%)\n",
                static_cast<unsigned long long>(elements), at(0.5), at(0.99),
                static_cast<unsigned long long>(unbounded),
                elements ? 100.0 * static_cast<double>(unbounded) / static_cast<double>(elements) : 0.0);
  }
};

template <class S>
int census(std::uint64_t cases, std::uint64_t seed, std::string_view only) {
  const props::Engine<S> engine = reordered::reorderedEngine<S>();
  int failures = 0;
  BoundRatios<S> ratios;
  std::printf("%-24s %9s %9s %9s %6s %12s %12s %10s %6s %8s\n", "property", "cases", "holds", "n/a", "fails", "elements",
              "bit-for-bit", "in-bound", "no-bound", "seconds");
  for (const auto& property : props::engineCatalog<S>()) {
    if (!property.available(engine.capabilities)) continue;
    if (!only.empty() && property.name != only) continue;
    gen::GenConfig config;
    config.floatValues = property.values;
    const rc::Gen<gen::GraphCase<S>> draw = gen::genGraphCase<S>(config);
    props::comparisonTally() = {};
    std::uint64_t holds = 0, notApplicable = 0, fails = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < cases; ++i) {
      const gen::GraphCase<S> c = draw(rc::Random(seed * 1'000'003 + i), static_cast<int>(i % 101)).value();
      const props::Verdict v = property.check(engine, c);
      if (property.name == "T3_backward_eq_spec") ratios.add(c);
      if (v.failed() || v.broken()) {
        ++fails;
        if (fails <= 3) {
          std::cerr << property.name << " case " << i << " (seed " << seed << "): " << v.message << "\n"
                    << gen::listing(c) << "\n";
        }
      } else if (!v.applicable()) {
        ++notApplicable;
      } else {
        ++holds;
      }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const props::ComparisonTally t = props::comparisonTally();
    const std::uint64_t differing = t.withinBound + t.unbounded + t.withinTolerance;
    std::printf("%-24s %9llu %9llu %9llu %6llu %12llu %12llu %10llu %6llu %8.1f\n", std::string(property.name).c_str(),
                static_cast<unsigned long long>(cases), static_cast<unsigned long long>(holds),
                static_cast<unsigned long long>(notApplicable), static_cast<unsigned long long>(fails),
                static_cast<unsigned long long>(t.elements),
                static_cast<unsigned long long>(t.elements >= differing ? t.elements - differing : 0),
                static_cast<unsigned long long>(t.withinBound), static_cast<unsigned long long>(t.unbounded), seconds);
    std::fflush(stdout);
    failures += fails > 0;
  }
  ratios.print();
  return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: reordered_census f64|f32 CASES [SEED] [PROPERTY]\n";
    return 2;
  }
  const std::string domain = argv[1];
  const std::uint64_t cases = std::strtoull(argv[2], nullptr, 10);
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  const std::string_view only = argc > 4 ? argv[4] : "";
  if (domain == "f64") return census<double>(cases, seed, only);
  if (domain == "f32") return census<float>(cases, seed, only);
  std::cerr << "reordered_census: domain must be f64 or f32\n";
  return 2;
}
