// libtorch's own `tapecheck`: `tapecheck_libtorch check`, `replay`, `show`,
// with the case files, pictures and exit codes of the tapecheck command line.
// libtorch runs as a whole engine in f64 (kDouble) and f32 (kFloat), with
// every capability a whole engine can have: forward values, gradients for a
// full seed, the edges of its recorded graph and a second backward on one
// recording. Compared within the order-independent bound (docs/floats.md).
#include "adapters/torch/torch_engine.hpp"
#include "cli/run.hpp"

int main(int argc, char** argv) {
  using namespace tapecheck;
  cli::RuntimeSet engines;
  engines.withEngine<double>(torch_adapter::torchWholeEngine<double>)
      .withEngine<float>(torch_adapter::torchWholeEngine<float>)
      .withCases(torch_adapter::torchCases());
  return cli::run(argc, argv, engines);
}
