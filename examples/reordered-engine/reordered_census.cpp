// Counts, for the reordered engine, what every engine property answered on N
// generated cases in one float domain — holds, not applicable, fails — and how
// the float elements compared: bit for bit, within the order bound, or with
// no finite bound (not applicable). The figures of bench/README.md.
//   reordered_census f64|f32 CASES [SEED] [PROPERTY]
// Cases are drawn as RapidCheck draws them (size cycling 0..100), one random
// stream per case, so a failure prints a seed and index that redraw it.
#include <rapidcheck.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "generators/gen.hpp"
#include "properties/compare.hpp"
#include "reordered_engine.hpp"

namespace {

namespace gen = tapecheck::gen;
namespace props = tapecheck::props;

template <class S>
int census(std::uint64_t cases, std::uint64_t seed, std::string_view only) {
  const props::Engine<S> engine = reordered::reorderedEngine<S>();
  int failures = 0;
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
