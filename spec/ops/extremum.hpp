#pragma once
// What max and min share: pick one argument per element, split ties ½–½.
#include "spec/ops/common.hpp"

namespace tapecheck::spec::ops {

/// Elementwise max (Larger = true) or min. On a tie (neither is lessThan the
/// other, which includes ±0 and NaN in floats) the value is a's and each
/// argument gets δ·½ — the Lean rule, which keeps the two cotangents summing to δ.
template <bool Larger>
struct Extremum {
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Real;  // order and ½
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = sameShapes;
  static Signature sample(ShapePicker& p) { return sampleSameShapes<2>(p); }

  /// Whether x beats y strictly.
  template <class S>
  static auto beats(const S& x, const S& y) {
    return Larger ? lessThan(y, x) : lessThan(x, y);
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = choose(beats(b[i], a[i]), b[i], a[i]);
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    const S half = reciprocal(fromInt<S>(2));
    for (std::size_t i = 0; i < delta.size(); ++i) {
      const S split = delta[i] * half;
      d[0][i] = choose(beats(a[i], b[i]), delta[i], choose(beats(b[i], a[i]), zero<S>(), split));
      d[1][i] = choose(beats(a[i], b[i]), zero<S>(), choose(beats(b[i], a[i]), delta[i], split));
    }
  }
};

}  // namespace tapecheck::spec::ops
