#pragma once
#include "spec/graph_data.hpp"

namespace tapecheck::spec {

/// Forward evaluation (Lean's `GraphData.eval`): the full context, inputs
/// followed by every node's value in creation order.
template <class S>
Result<Context<S>> eval(const GraphData<S>& g, const Context<S>& inputs, const Env& env);

}  // namespace tapecheck::spec
