// tanh(x) elementwise.  VJP: δ⊙(1 - y²) with y = tanh(x), the forward value.
// Order bound: the libm rule (slope 1 - tanh² at the point in reach nearest 0); the VJP uses y's bound.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Tanh {
  static constexpr const char* name = "tanh";
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
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = realTanh(x[i]);
  }

  // Why `+ -`: domains guarantee addition and negation, not binary minus; in
  // IEEE arithmetic 1 + -(y*y) is bit for bit 1 - y*y.
  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& y = *c.out;
    for (std::size_t i = 0; i < delta.size(); ++i) {
      d[0][i] = delta[i] * (one<S>() + -(y[i] * y[i]));
    }
  }
};

}  // namespace

const OpDef& op_tanh() {
  static const OpDef def = defineOp<Tanh>();
  return def;
}

}  // namespace tapecheck::spec
