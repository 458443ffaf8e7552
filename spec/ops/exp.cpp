// exp(x) elementwise.  VJP: δ⊙y with y = exp(x), the forward value.
// Order bound: the libm rule (argument error times the largest slope in reach, plus kLibmUlps); the VJP multiplies by y with y's bound.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Exp {
  static constexpr const char* name = "exp";
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
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = realExp(x[i]);
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& y = *c.out;
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = delta[i] * y[i];
  }
};

}  // namespace

const OpDef& op_exp() {
  static const OpDef def = defineOp<Exp>();
  return def;
}

}  // namespace tapecheck::spec
