// sigmoid(x) = reciprocal(1 + exp(-x)) elementwise.
// VJP: δ⊙y⊙(1 - y) with y = sigmoid(x), the forward value.
// Order bound: exp's libm rule, the sum rule for 1 + e, reciprocal (finite: 1 + e > 0); the VJP uses y's bound.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Sigmoid {
  static constexpr const char* name = "sigmoid";
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
      out[i] = reciprocal(one<S>() + realExp(-x[i]));
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& y = *c.out;
    for (std::size_t i = 0; i < delta.size(); ++i) {
      d[0][i] = delta[i] * y[i] * (one<S>() + -y[i]);
    }
  }
};

}  // namespace

const OpDef& op_sigmoid() {
  static const OpDef def = defineOp<Sigmoid>();
  return def;
}

}  // namespace tapecheck::spec
