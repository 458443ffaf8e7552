// abs(x) = -x if x < 0 else x, elementwise.  VJP: δ⊙sign(x) with sign(0) = 0.
// (In floats abs(-0) is -0: -0 is not less than 0.)
// Order bound: a branch on x < 0 through choose(): where x's bound reaches 0 it covers both -x and x.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Abs {
  static constexpr const char* name = "abs";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Real;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<1>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = choose(lessThan(x[i], zero<S>()), -x[i], x[i]);
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < delta.size(); ++i) {
      const S sign = choose(isPositive(x[i]), one<S>(), choose(lessThan(x[i], zero<S>()), -one<S>(), zero<S>()));
      d[0][i] = delta[i] * sign;
    }
  }
};

}  // namespace

const OpDef& op_abs() {
  static const OpDef def = defineOp<Abs>();
  return def;
}

}  // namespace tapecheck::spec
