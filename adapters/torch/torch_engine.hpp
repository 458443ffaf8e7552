#pragma once
// libtorch as a whole engine for tapecheck: a spec graph in double becomes a
// graph of torch ops (requires_grad leaves, retain_grad on every other
// position); torch autograd runs once with the full seed context.
#include <string>
#include <vector>

#include "properties/engine.hpp"

namespace tapecheck::torch_adapter {

/// The spec ops the lowering expresses in torch, by name.
const std::vector<std::string>& torchOps();

/// The whole-engine adapter over libtorch (CPU, kDouble).
props::EngineAdapter<double> torchEngine();

/// How close torch must come to backpropAllCtx: torch sums in its own order
/// (vectorized reductions, matmul kernels, its own tanh/exp/log), so bitwise
/// equality is not expected. See docs/testing-your-runtime.md.
props::Tolerance torchTolerance();

}  // namespace tapecheck::torch_adapter
