#pragma once
#include <boost/container/small_vector.hpp>
#include <vector>

#include "spec/graph.hpp"
#include "spec/tensor.hpp"

namespace tapecheck::spec {

/// One tensor per position, inputs first (Lean's `TList α (Γ ++ ss)`).
template <class S>
using Context = std::vector<Tensor<S>>;

/// A validated graph whose every op has kernels in domain S (Lean's
/// `GraphData α Δ Γ ss`): the only kind of graph eval and backprop accept.
template <class S>
struct GraphData {
  Graph graph;
  std::vector<Shape> shapes;  // of every position

  std::size_t positionCount() const { return shapes.size(); }
};

/// Validates `graph` and checks that domain S supports each of its ops.
template <class S>
Result<GraphData<S>> makeGraphData(Graph graph);

/// What makeGraphData checks, without taking a copy of the graph: the shape of
/// every position, or makeGraphData's error.
template <class S>
Result<std::vector<Shape>> validateFor(const Graph& graph);

/// Node k's forward value, from the values of the positions before it.
template <class S>
Tensor<S> applyForward(const GraphData<S>& g, std::size_t k, const Context<S>& ctx, const Env& env);

/// Node k's VJP: one cotangent per argument, in argument order (repeated
/// arguments get one each; summing them is the caller's business).
template <class S>
boost::container::small_vector<Tensor<S>, 3> applyVjp(const GraphData<S>& g, std::size_t k,
                                                      const Context<S>& ctx, const Env& env,
                                                      const Tensor<S>& cotangent);

/// Checks that `xs` has one tensor per expected shape, each of that shape.
template <class S>
Status checkContext(const Context<S>& xs, std::span<const Shape> expected, const char* what);

}  // namespace tapecheck::spec
