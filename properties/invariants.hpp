#pragma once
// The TorchLean invariants T1-T4 as checks of one case against a runtime.
#include "generators/graph_case.hpp"
#include "properties/adapter.hpp"
#include "properties/verdict.hpp"

namespace tapecheck::props {

/// T1 `compileAux_requires_grad_true`, `compileAuxData_requires_grad_true`
/// (and their `_all_` forms): every node of a compiled tape, leaves included,
/// has requires_grad == true.
template <class S>
Verdict requiresGradEverywhere(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// T2 `compileAux_backward_pids_lt_id`, `compileAuxData_backward_pids_lt_id`:
/// whenever a node's backward succeeds, every contribution goes to an earlier
/// id. Cotangents are the case's seed; a compiled node handed a cotangent of
/// the wrong shape must answer with an error. The edges found must also form a
/// DAG (Boost.Graph topological sort) whose every edge points to a lower id.
template <class S>
Verdict backwardEdgesPointBackwards(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// T3 `backwardDenseFrom_compileAux_eq_backpropAllCtx` (and `…compileAuxData…`):
/// the runtime reverse loop on the compiled tape succeeds and equals the spec
/// backpropAllCtx for the case's seed context, exactly (floats: bit for bit,
/// -0 == +0, NaN == NaN).
template <class S>
Verdict backwardMatchesSpec(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// T4 `compileAux_nodes_size`, `compileAux_values_eq`, `compileAux_ctx_eq_eval`:
/// the tape has |Γ|+|ss| nodes and node i's value is position i of eval.
template <class S>
Verdict tapeMatchesEval(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

}  // namespace tapecheck::props
