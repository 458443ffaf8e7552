// micrograd tested as a whole engine, in process: `tapecheck::cli::run` with
// RuntimeSet::withEngine gets check, replay, show, the case files, the
// pictures and the exit codes, and the engine properties (T2 from micrograd's
// edges, T3, T4, zero_seed_gives_zero, backward_twice_same, T5 on its own
// forward). With MICROGRAD_PLANTED_BUG=1 set, zero_grad is forgotten between
// two backward calls: a state bug that only backward_twice_same sees.
#include <cstdlib>

#include "cli/run.hpp"
#include "micrograd_adapter.hpp"

int main(int argc, char** argv) {
  const bool planted = std::getenv("MICROGRAD_PLANTED_BUG") != nullptr;
  tapecheck::cli::RuntimeSet engines;
  engines.withEngine<double>([planted] { return micrograd_tapecheck::microgradWholeEngine(planted); })
      .withCases(micrograd_tapecheck::scalarCaseConfig());
  return tapecheck::cli::run(argc, argv, engines);
}
