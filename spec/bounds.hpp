#pragma once
// The spec's float results together with how far apart two evaluation orders
// of the same operations can put them (docs/floats.md, "Order-independent
// bound"): what the order-bound comparison accepts from an engine that sums,
// accumulates or multiplies in another order than the spec.
#include "spec/graph_data.hpp"
#include "spec/scalar/bounded.hpp"

namespace tapecheck::spec {

/// Per element of every position: the spec's value (bit for bit what eval or
/// backpropAllCtx computes in F) and `reorder`, the largest distance between
/// the results of any two evaluation orders (2·err of Bounded<F>); infinity
/// where no finite bound holds (a non-finite value, a possible pole or overflow).
template <class F>
struct ReorderBounds {
  Context<F> values;
  Context<double> reorder;
};

/// eval over Bounded<F>.
template <class F>
Result<ReorderBounds<F>> evalWithBounds(const GraphData<F>& g, const Context<F>& inputs, const Env& env);

/// backpropAllCtx over Bounded<F>: the gradients and their bounds.
template <class F>
Result<ReorderBounds<F>> backpropWithBounds(const GraphData<F>& g, const Context<F>& inputs, const Env& env,
                                            const Context<F>& seed);

/// jvpCtx over Bounded<F>: the tangent of every position for input tangents
/// dx, each with its bound (T5 in floats, properties/adjoint_bounded.hpp).
/// F = double only.
template <class F>
Result<Context<Bounded<F>>> jvpWithBounds(const GraphData<F>& g, const Context<F>& inputs, const Context<F>& dx,
                                          const Env& env);

}  // namespace tapecheck::spec
