#pragma once
#include "runtime/tape.hpp"
#include "spec/graph_data.hpp"

namespace tapecheck::runtime {

/// Lean's `compileAuxData`: lowers a graph onto a fresh tape. Input j becomes
/// leaf j, graph node k becomes node |Γ|+k with its forward value, and its
/// backward closure (capturing the forward values and Δ) runs the op's VJP and
/// returns one contribution per distinct argument, in ascending id, the
/// cotangents of a repeated argument summed in argument order.
template <class S>
Result<Tape<S>> compileAuxData(const spec::GraphData<S>& graph, const spec::Context<S>& inputs,
                               const spec::Env& env);

/// Lean's `compileAux`: the same lowering from an unchecked graph, which must
/// validate and use only ops that domain S supports (a commutative semiring at
/// least, as the theorems require).
template <class S>
Result<Tape<S>> compileAux(const spec::Graph& graph, const spec::Context<S>& inputs,
                           const spec::Env& env);

}  // namespace tapecheck::runtime
