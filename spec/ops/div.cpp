// div(a, b) = a ⊙ reciprocal(b) elementwise.  VJP with r = reciprocal(b):
// a gets δ⊙r, b gets -(δ⊙a⊙r⊙r).
// In ModP reciprocal(0) = 0, so a / 0 = 0 and both cotangents vanish where b = 0;
// in floats it is the IEEE 1/0 = ±inf (and 0·inf = NaN).
// Order bound: the product rule with reciprocal(b), which has no finite bound where b's bound reaches 0.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Div {
  static constexpr const char* name = "div";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Field;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<2>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] * reciprocal(b[i]);
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < delta.size(); ++i) {
      const S r = reciprocal(b[i]);
      d[0][i] = delta[i] * r;
      d[1][i] = -(delta[i] * a[i] * r * r);
    }
  }
};

}  // namespace

const OpDef& op_div() {
  static const OpDef def = defineOp<Div>();
  return def;
}

}  // namespace tapecheck::spec
