// A `tapecheck` built with the library's command line (cli::run) on a runtime
// whose softplus backward crashes (TAPECHECK_PLANTED_CRASH) or hangs
// (TAPECHECK_PLANTED_HANG) in f64 and f32: what a user's binary looks like
// when their engine has such a bug. The other ops, and the exact domains, run
// the reference runtime.
#include <csignal>
#include <thread>

#include "cli/run.hpp"
#include "mutants/mutant_compile.hpp"

namespace {

using namespace tapecheck;

[[noreturn]] void plantedFault() {
#ifdef TAPECHECK_PLANTED_CRASH
  std::raise(SIGSEGV);
#endif
  for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

template <class S>
props::RuntimeAdapter<S> faultySoftplus() {
  return mutants::rewritingCompiledTapes<S>("planted-fault", [](runtime::Tape<S>& tape, std::size_t inputCount) {
    auto& nodes = tape.mutableNodes();
    for (std::size_t id = inputCount; id < nodes.size(); ++id) {
      if (nodes[id].name != "softplus") continue;
      nodes[id].backward = [](const runtime::AnyTensor<S>&, runtime::Contributions<S>&) -> Status {
        plantedFault();
      };
    }
  });
}

}  // namespace

int main(int argc, char** argv) {
  cli::RuntimeSet runtimes;
  runtimes.with<double>(faultySoftplus<double>)
      .with<float>(faultySoftplus<float>)
      .with<spec::ModP>(props::referenceAdapter<spec::ModP>)
      .with<spec::Tropical>(props::referenceAdapter<spec::Tropical>);
  return cli::run(argc, argv, runtimes);
}
