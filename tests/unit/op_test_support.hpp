#pragma once
// Helpers for the per-op unit tests: build a one-node graph, run its forward
// and VJP through the spec, and compare tensors with readable failures.
#include <boost/container/small_vector.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "spec/eval.hpp"
#include "spec/graph_data.hpp"
#include "spec/registry.hpp"

namespace tapecheck::optest {

using spec::ModP;
using spec::Shape;
using spec::Tensor;

/// The two domains every Semiring/Ring op is tested in: exact and IEEE.
using ExactAndDouble = ::testing::Types<ModP, double>;

/// 2^53: adding 1 to it is lost in double, which exposes summation order.
inline constexpr double kTwo53 = 9007199254740992.0;

/// A tensor of shape `s` whose elements are the given integers in domain S.
template <class S>
Tensor<S> ints(Shape s, std::initializer_list<std::int64_t> values) {
  Tensor<S> t = Tensor<S>::zeros(std::move(s));
  std::size_t i = 0;
  for (std::int64_t v : values) t.data[i++] = spec::fromInt<S>(v);
  return t;
}

inline Tensor<double> reals(Shape s, std::initializer_list<double> values) {
  Tensor<double> t = Tensor<double>::zeros(std::move(s));
  std::size_t i = 0;
  for (double v : values) t.data[i++] = v;
  return t;
}

inline spec::Attrs attrsOf(std::initializer_list<std::int64_t> values) {
  spec::Attrs attrs;
  attrs.ints.assign(values.begin(), values.end());
  return attrs;
}

/// Inputs of the given shapes and one node applying `op` to them in order
/// (or to the positions in `args`, for repeated arguments).
inline spec::Graph oneNode(std::string_view op, std::vector<Shape> inputs,
                           spec::Attrs attrs = {}, std::vector<std::size_t> args = {}) {
  if (args.empty()) {
    for (std::size_t i = 0; i < inputs.size(); ++i) args.push_back(i);
  }
  spec::Graph g;
  g.inputs = std::move(inputs);
  spec::GraphNode node;
  node.op = spec::findOp(op);
  node.args.assign(args.begin(), args.end());
  node.attrs = std::move(attrs);
  g.nodes.push_back(std::move(node));
  return g;
}

/// The node's forward value and its VJP of `delta`, one cotangent per argument.
template <class S>
struct Applied {
  Tensor<S> out;
  boost::container::small_vector<Tensor<S>, 3> grads;
};

/// Runs forward and VJP of node 0; `delta` must have the output's shape.
template <class S>
Result<Applied<S>> apply(const spec::Graph& graph, const spec::Context<S>& inputs,
                         const Tensor<S>& delta, const spec::Env& env = {}) {
  Result<spec::GraphData<S>> data = spec::makeGraphData<S>(graph);
  if (!data) return fail(data.error());
  Result<spec::Context<S>> ctx = spec::eval(*data, inputs, env);
  if (!ctx) return fail(ctx.error());
  const Tensor<S>& out = ctx->back();
  if (delta.shape != out.shape || delta.size() != out.size()) {
    return fail("test bug: delta has shape " + delta.shape.str() + ", output has " +
                out.shape.str());
  }
  return Applied<S>{out, spec::applyVjp(*data, 0, *ctx, env, delta)};
}

template <class S>
std::string show(const Tensor<S>& t) {
  std::string text = t.shape.str() + "{";
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i) text += ", ";
    text += spec::Domain<S>::format(t[i]);
  }
  return text + "}";
}

/// Same shape and elements (domain equality: -0 == +0 and NaN == NaN in floats).
template <class S>
::testing::AssertionResult same(const Tensor<S>& actual, const Tensor<S>& expected) {
  if (spec::sameTensor(actual, expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << show(actual) << ", expected "
                                       << show(expected);
}

/// The output shape the op's shape rule gives (through validate).
inline Result<Shape> outputShape(std::string_view op, std::vector<Shape> inputs,
                                 spec::Attrs attrs = {}) {
  Result<std::vector<Shape>> shapes =
      spec::validate(oneNode(op, std::move(inputs), std::move(attrs)));
  if (!shapes) return fail(shapes.error());
  return shapes->back();
}

/// validate rejects the one-node graph with an error containing `expected`.
inline ::testing::AssertionResult rejects(std::string_view op, std::vector<Shape> inputs,
                                          spec::Attrs attrs, std::string_view expected) {
  Result<Shape> out = outputShape(op, std::move(inputs), std::move(attrs));
  if (out) return ::testing::AssertionFailure() << "accepted, output shape " << out->str();
  if (out.error().find(expected) == std::string::npos) {
    return ::testing::AssertionFailure() << "error '" << out.error() << "' lacks '" << expected
                                         << "'";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace tapecheck::optest
