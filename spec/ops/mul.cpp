// mul(a, b) = a ⊙ b elementwise.  VJP: a gets δ⊙b, b gets δ⊙a (δ on the left).
// Order bound: the product rule (relative errors add, plus u·|result|).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Mul {
  static constexpr const char* name = "mul";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<2>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] * b[i];
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < delta.size(); ++i) {
      d[0][i] = delta[i] * b[i];
      d[1][i] = delta[i] * a[i];
    }
  }
};

}  // namespace

const OpDef& op_mul() {
  static const OpDef def = defineOp<Mul>();
  return def;
}

}  // namespace tapecheck::spec
