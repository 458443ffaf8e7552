// Measures the kill matrix over many RapidCheck seeds: for every mutant of the
// zoo in every domain (required or not), how often the default suite kills it
// within the case count, how often every killing property shrinks it within
// the bounds of the kill test, how many cases the first kill takes, and which
// properties kill it. Prints a Markdown table (docs/mutants.md is built from it).
//
//   tapecheck_mutant_statistics [seeds = 40] [first seed = 1000]
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "mutants/kill_matrix.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::mutants {
namespace {

struct Tally {
  int runs = 0, killed = 0, withinBounds = 0, spurious = 0;
  std::vector<std::size_t> casesToFirstKill;
  std::map<std::string, int> killsByProperty;  // ordered by name for a stable listing
};

void count(Tally& t, const KillRow& row) {
  ++t.runs;
  bool small = true;
  std::size_t first = 0;
  for (const KillCell& c : row.cells) {
    t.spurious += c.referenceFailsToo;
    if (!c.killed) continue;
    ++t.killsByProperty[c.property];
    small = small && c.withinBounds();
    first = first == 0 ? c.casesToFirstFailure : std::min(first, c.casesToFirstFailure);
  }
  if (!row.killed()) return;
  ++t.killed;
  t.withinBounds += small;
  t.casesToFirstKill.push_back(first);
}

std::string tableRow(const std::string& mutant, const std::string& domain, bool required, Tally t) {
  std::sort(t.casesToFirstKill.begin(), t.casesToFirstKill.end());
  const auto& cases = t.casesToFirstKill;
  const std::string firstKill =
      cases.empty() ? "-" : std::to_string(cases[cases.size() / 2]) + " / " + std::to_string(cases.back());
  std::string killers;
  for (const auto& [property, kills] : t.killsByProperty) {
    if (!killers.empty()) killers += ", ";
    killers += property + " " + std::to_string(kills);
  }
  return "| " + mutant + " | " + domain + (required ? " (required)" : "") + " | " + std::to_string(t.killed) +
         "/" + std::to_string(t.runs) + " | " + std::to_string(t.withinBounds) + "/" + std::to_string(t.killed) +
         " | " + firstKill + " | " + (killers.empty() ? "-" : killers) +
         (t.spurious ? " (+" + std::to_string(t.spurious) + " failures the reference shares)" : "") + " |\n";
}

template <class S>
void measure(int seeds, std::uint64_t firstSeed) {
  for (const Mutant<S>& m : zooFor<S>()) {
    Tally t;
    for (int i = 0; i < seeds; ++i) {
      KillMatrixOptions options;
      options.seed = firstSeed + static_cast<std::uint64_t>(i);
      count(t, killRow(m, options));
    }
    const std::string domain(spec::Domain<S>::name);
    std::cout << tableRow(std::string(m.name), domain, m.domains.contains(domain), t) << std::flush;
  }
}

}  // namespace
}  // namespace tapecheck::mutants

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 40;
  const std::uint64_t firstSeed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000;
  std::cout << "| mutant | domain | killed (seeds) | every kill within 3 nodes, 4 elements | cases to first kill "
               "(median / max) | killing properties (seeds) |\n|---|---|---|---|---|---|\n";
#define TAPECHECK_MEASURE(S) tapecheck::mutants::measure<S>(seeds, firstSeed);
  TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_MEASURE)
#undef TAPECHECK_MEASURE
  return 0;
}
