#pragma once
#include "spec/graph_data.hpp"

namespace tapecheck::spec {

/// Lean's `GraphData.backpropAllCtx`: from a seed cotangent for every position,
/// the final cotangent of every position. Last node first, each node's VJP of
/// its fully accumulated cotangent is added into the prefix as
/// `seedPrev + contribution` (existing on the left); the node's own slot is
/// returned unchanged.
template <class S>
Result<Context<S>> backpropAllCtx(const GraphData<S>& g, const Context<S>& inputs, const Env& env,
                                  const Context<S>& seed);

}  // namespace tapecheck::spec
