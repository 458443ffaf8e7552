#pragma once
// libtorch as a whole engine for tapecheck: a spec graph becomes a graph of
// torch ops on CPU (requires_grad leaves, retain_grad on every other
// position), in kDouble for f64 and kFloat for f32; torch autograd runs once
// with the full seed context.
#include <string>
#include <vector>

#include "generators/config.hpp"
#include "properties/engine.hpp"
#include "properties/whole_engine.hpp"

namespace tapecheck::torch_adapter {

/// The spec ops the lowering expresses in torch, by name.
const std::vector<std::string>& torchOps();

/// The cases the lowering can run: every op in torchOps(), any shape.
gen::GenConfig torchCases();

/// libtorch as a whole engine for `cli::run` (RuntimeSet::withEngine), F =
/// double (kDouble) or float (kFloat): forward values, gradients for a full
/// seed, the backward edges of torch's recorded graph between positions, and
/// a second backward on the same recording after zeroing the grads.
template <class F>
props::Engine<F> torchWholeEngine();

/// The same lowering in f64 as a gradients-only EngineAdapter, for the
/// GoogleTest suite (engineMatchesSpec with torchTolerance()).
props::EngineAdapter<double> torchEngine();

/// The tolerance of the GoogleTest suite: torch sums in its own order
/// (vectorized reductions, matmul kernels, its own tanh/exp/log). `check`
/// compares within the order-independent bound instead (docs/floats.md).
props::Tolerance torchTolerance();

}  // namespace tapecheck::torch_adapter
