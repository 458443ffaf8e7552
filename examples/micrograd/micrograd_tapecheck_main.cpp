// micrograd's own `tapecheck`: the whole command line (check, replay, show,
// case files, pictures, exit codes) on micrograd's per-node tape, in f64, on
// the scalar graphs micrograd can run. With MICROGRAD_PLANTED_BUG=1 set, every
// contribution to position 0 is dropped: a bug to watch it catch.
#include <cstdlib>

#include "cli/run.hpp"
#include "micrograd_adapter.hpp"

namespace {

tapecheck::props::RuntimeAdapter<double> plantedBug(tapecheck::props::RuntimeAdapter<double> runtime) {
  runtime.name = "micrograd (planted bug)";
  runtime.compileAux = [compile = runtime.compileAux](const auto& graph, const auto& inputs, const auto& env) {
    auto tape = compile(graph, inputs, env);
    if (!tape) return tape;
    for (auto& node : tape->mutableNodes()) {
      node.backward = [inner = node.backward](const auto& cotangent, auto& out) {
        tapecheck::Status ok = inner(cotangent, out);
        std::erase_if(out, [](const auto& contribution) { return contribution.first == 0; });
        return ok;
      };
    }
    return tape;
  };
  return runtime;
}

}  // namespace

int main(int argc, char** argv) {
  const bool planted = std::getenv("MICROGRAD_PLANTED_BUG") != nullptr;
  tapecheck::cli::RuntimeSet runtimes;
  runtimes
      .with<double>([planted] {
        auto runtime = micrograd_tapecheck::microgradRuntime();
        return planted ? plantedBug(std::move(runtime)) : runtime;
      })
      .withCases(micrograd_tapecheck::scalarCaseConfig());
  return tapecheck::cli::run(argc, argv, runtimes);
}
