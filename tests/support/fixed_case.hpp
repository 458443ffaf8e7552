#pragma once
// One small case with known positions, for tests that check which position a
// verdict blames: %0 = x : [2], %1 = y : [2], %2 = mul(x, y), %3 = add(%2, x).
#include "generators/graph_case.hpp"
#include "spec/registry.hpp"

namespace tapecheck::test_support {

template <class S>
gen::GraphCase<S> mulAddCase() {
  spec::Graph g;
  g.inputs = {spec::Shape{2}, spec::Shape{2}};
  g.nodes.push_back({spec::findOp("mul"), {0, 1}, {}});
  g.nodes.push_back({spec::findOp("add"), {2, 0}, {}});
  gen::GraphCase<S> c;
  c.data = spec::makeGraphData<S>(std::move(g)).value();
  const auto vector = [](std::int64_t a, std::int64_t b) {
    spec::Tensor<S> t = spec::Tensor<S>::zeros(spec::Shape{2});
    t.data = {spec::fromInt<S>(a), spec::fromInt<S>(b)};
    return t;
  };
  c.inputs = {vector(2, 3), vector(5, 7)};
  c.seed = {vector(1, 2), vector(3, 4), vector(5, 6), vector(7, 8)};
  return c;
}

}  // namespace tapecheck::test_support
