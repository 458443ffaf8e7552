#pragma once
// The example's tapecheck adapter: lowers a spec graph of rank-0 positions onto
// micrograd Values and reads back one gradient per position.
#include <string>
#include <vector>

#include "generators/config.hpp"
#include "properties/adapter.hpp"
#include "properties/engine.hpp"

namespace micrograd_tapecheck {

/// The spec ops this lowering handles (each maps to one micrograd Value op).
const std::vector<std::string>& supportedOps();

/// Graph cases micrograd can run: only supportedOps(), every shape of rank 0.
tapecheck::gen::GenConfig scalarCaseConfig();

/// micrograd as a whole engine: gradients with a full seed, and the edges its
/// Values record (node -> child), for T2.
tapecheck::props::EngineAdapter<double> microgradEngine();

/// micrograd as a per-node tape: position p becomes a runtime::Node whose
/// backward closure runs Value::localBackward, so the whole property catalog
/// (T1-T4 and the supporting properties) applies.
tapecheck::props::RuntimeAdapter<double> microgradRuntime();

}  // namespace micrograd_tapecheck
