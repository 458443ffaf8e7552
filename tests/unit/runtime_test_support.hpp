#pragma once
// Helpers for the runtime unit tests: tensors from literal values, graph nodes
// by op name, and fixed "random-looking" contexts.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <type_traits>
#include <utility>
#include <vector>

#include "spec/graph_data.hpp"
#include "spec/registry.hpp"

namespace tapecheck::rttest {

using spec::ModP;
using spec::Shape;
using spec::Tensor;

/// A tensor of shape `s` whose elements are the given integers in domain S.
template <class S>
Tensor<S> ints(Shape s, std::initializer_list<std::int64_t> values) {
  Tensor<S> t = Tensor<S>::zeros(std::move(s));
  EXPECT_EQ(values.size(), t.size()) << "literal does not fill shape " << t.shape.str();
  std::size_t i = 0;
  for (std::int64_t v : values) {
    if (i < t.size()) t.data[i] = spec::fromInt<S>(v);
    ++i;
  }
  return t;
}

/// A double tensor of shape `s` with the given elements.
inline Tensor<double> reals(Shape s, std::initializer_list<double> values) {
  Tensor<double> t = Tensor<double>::zeros(std::move(s));
  EXPECT_EQ(values.size(), t.size()) << "literal does not fill shape " << t.shape.str();
  std::size_t i = 0;
  for (double v : values) {
    if (i < t.size()) t.data[i] = v;
    ++i;
  }
  return t;
}

/// A graph node applying the registered op `name` to `args`.
inline spec::GraphNode node(const char* name, std::initializer_list<std::size_t> args,
                            std::initializer_list<std::int64_t> attrs = {}) {
  spec::GraphNode n;
  n.op = spec::findOp(name);
  EXPECT_NE(n.op, nullptr) << "op '" << name << "' is not registered";
  n.args.assign(args.begin(), args.end());
  n.attrs.ints.assign(attrs.begin(), attrs.end());
  return n;
}

/// Element `i` of a fixed, irregular sequence: distinct signs and magnitudes,
/// fractions with many significant bits in floating point.
template <class S>
S irregular(std::uint64_t i) {
  const std::uint64_t h = (i + 1) * 0x9e3779b97f4a7c15ULL;
  const std::int64_t small = static_cast<std::int64_t>(h >> 58) - 32;  // in [-32, 31]
  if constexpr (std::is_same_v<S, ModP>) {
    return ModP::raw(h % ModP::kP);
  } else {
    return static_cast<S>(small) / static_cast<S>(7) + static_cast<S>(0.001);
  }
}

/// One tensor per shape, filled from irregular<S>(start), irregular<S>(start+1), ...
template <class S>
spec::Context<S> irregularContext(const std::vector<Shape>& shapes, std::uint64_t start) {
  spec::Context<S> ctx;
  for (const Shape& s : shapes) {
    Tensor<S> t = Tensor<S>::zeros(s);
    for (std::size_t i = 0; i < t.size(); ++i) t.data[i] = irregular<S>(start++);
    ctx.push_back(std::move(t));
  }
  return ctx;
}

/// Zeros of every shape.
template <class S>
spec::Context<S> zerosContext(const std::vector<Shape>& shapes) {
  spec::Context<S> ctx;
  for (const Shape& s : shapes) ctx.push_back(Tensor<S>::zeros(s));
  return ctx;
}

}  // namespace tapecheck::rttest
