#pragma once
// The example's tapecheck adapter: lowers a spec graph of rank-0 positions onto
// micrograd Values and reads back one gradient per position.
#include <string>
#include <vector>

#include "generators/config.hpp"
#include "properties/adapter.hpp"
#include "properties/engine.hpp"
#include "properties/whole_engine.hpp"

namespace micrograd_tapecheck {

/// The spec ops this lowering handles (each maps to one micrograd Value op).
const std::vector<std::string>& supportedOps();

/// Graph cases micrograd can run: only supportedOps(), every shape of rank 0.
tapecheck::gen::GenConfig scalarCaseConfig();

/// micrograd as a whole engine: gradients with a full seed, and the edges its
/// Values record (node -> child), for T2.
tapecheck::props::EngineAdapter<double> microgradEngine();

/// micrograd as a whole engine for `tapecheck::cli::run` (RuntimeSet::withEngine):
/// forward values, gradients for a full seed, its edges, and a second backward
/// on the same recording. With `forgetZeroGrad`, the second backward starts
/// from the first one's grads (zero_grad forgotten): a planted bug that only
/// backward_twice_same sees.
tapecheck::props::Engine<double> microgradWholeEngine(bool forgetZeroGrad = false);

/// micrograd as a per-node tape: position p becomes a runtime::Node whose
/// backward closure runs Value::localBackward, so the whole property catalog
/// (T1-T4 and the supporting properties) applies.
tapecheck::props::RuntimeAdapter<double> microgradRuntime();

}  // namespace micrograd_tapecheck
