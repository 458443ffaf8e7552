// sub(a, b) = a - b elementwise.  VJP: a gets δ, b gets -δ.
// Order bound: the sum rule on a + (-b).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Sub {
  static constexpr const char* name = "sub";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Ring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<2>(p); }

  // Why `+ -`: a ring domain guarantees addition and negation, not binary minus.
  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] + -b[i];
  }

  template <class S>
  static void vjp(const OpCall<S>&, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    d[0].data = delta.data;
    for (std::size_t i = 0; i < delta.size(); ++i) d[1][i] = -delta[i];
  }
};

}  // namespace

const OpDef& op_sub() {
  static const OpDef def = defineOp<Sub>();
  return def;
}

}  // namespace tapecheck::spec
