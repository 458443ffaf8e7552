#pragma once
#include "spec/graph_data.hpp"

namespace tapecheck::spec {

/// Lean's `jvpCtx`: the tangent of every position (inputs first) for input
/// tangents `dx`, computed by evaluating the graph over dual numbers. Defined
/// for the domains that have a dual form (ModP and double).
template <class S>
Result<Context<S>> jvpCtx(const GraphData<S>& g, const Context<S>& inputs, const Context<S>& dx,
                          const Env& env);

}  // namespace tapecheck::spec
