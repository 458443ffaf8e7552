// max(a, b) elementwise: the larger of the two, and a on a tie (neither is
// lessThan the other, which includes ±0 and NaN in floats).
// VJP: the larger argument gets δ and the other zero; on a tie each gets δ·½.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Max {
  static constexpr const char* name = "max";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Real;  // order and ½
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<2>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = lessThan(a[i], b[i]) ? b[i] : a[i];
  }

  // Why split ties: it is the Lean rule (masks 1/0, ties ½–½), and keeps the
  // sum of the two cotangents equal to δ.
  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    const S half = reciprocal(fromInt<S>(2));
    for (std::size_t i = 0; i < delta.size(); ++i) {
      if (lessThan(a[i], b[i])) {
        d[1][i] = delta[i];
      } else if (lessThan(b[i], a[i])) {
        d[0][i] = delta[i];
      } else {
        d[0][i] = delta[i] * half;
        d[1][i] = delta[i] * half;
      }
    }
  }
};

}  // namespace

const OpDef& op_max() {
  static const OpDef def = defineOp<Max>();
  return def;
}

}  // namespace tapecheck::spec
