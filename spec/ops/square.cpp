// square(a) = a ⊙ a elementwise.  VJP: δ⊙(a + a).
// Why a + a rather than fromInt(2)·a: it needs only the semiring's own +, so
// it means the same thing in every domain, max-plus included.
// Order bound: the product rule on a·a, the sum rule on a + a.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Square {
  static constexpr const char* name = "square";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<1>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] * a[i];
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = delta[i] * (a[i] + a[i]);
  }
};

}  // namespace

const OpDef& op_square() {
  static const OpDef def = defineOp<Square>();
  return def;
}

}  // namespace tapecheck::spec
