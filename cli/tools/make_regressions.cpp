// Regenerates the regression corpus: runs each property against the broken
// runtime it must catch, and saves the shrunk counterexample as a case file
// when the reference runtime satisfies the property on it.
// Usage: tapecheck_make_regressions DIR [SEED]
#include <cstdlib>
#include <iostream>

#include "cli/domains.hpp"
#include "cli/failure_artifacts.hpp"
#include "cli/file_io.hpp"
#include "cli/json_text.hpp"
#include "cli/replay_command.hpp"
#include "cli/tools/mutant_catalog.hpp"

namespace {

using namespace tapecheck;
using namespace tapecheck::cli;

template <class S>
int saveCasesIn(const std::filesystem::path& dir, std::uint64_t seed) {
  int problems = 0;
  for (const auto& pair : tools::mutantPairings<S>()) {
    const props::RuntimeAdapter<S> broken = pair.makeRuntime();
    const std::string domain(spec::Domain<S>::name);
    const std::string stem = artifactStem(pair.property, domain) + "-" + tools::slug(broken.name);
    RunSettings settings;
    settings.seed = seed;
    const PropertyRun<S> run = runProperty(*props::findProperty<S>(pair.property), broken, settings);
    if (run.outcome != RunOutcome::Fails) {
      std::cerr << stem << ": not caught (" << outcomeName(run.outcome) << ")\n";
      ++problems;
      continue;
    }
    const std::string command = "tapecheck_make_regressions (seed " + std::to_string(seed) + ")";
    const CaseRecord<S> record = recordOfFailure(run, broken.name, command);
    const auto onReference = replayCase(record, props::referenceAdapter<S>(), "");
    if (!onReference || onReference->front().verdict.failed()) {
      std::cerr << stem << ": the reference runtime fails this case too; not saved\n";
      ++problems;
      continue;
    }
    const auto path = dir / (stem + ".json");
    if (Status ok = writeTextFile(path, formatJson(caseToJson(record))); !ok) {
      std::cerr << ok.error() << "\n";
      ++problems;
      continue;
    }
    std::cout << path.string() << ": " << run.counterexample->nodeCount() << " node(s)\n";
  }
  return problems;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tapecheck_make_regressions DIR [SEED]\n";
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  int problems = 0;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    problems += saveCasesIn<S>(dir, seed);
  });
  return problems == 0 ? 0 : 1;
}
