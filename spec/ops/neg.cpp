// neg(a) = -a elementwise.  VJP: -δ.
// Order bound: exact; the error carries over unchanged.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Neg {
  static constexpr const char* name = "neg";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Ring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<1>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = -a[i];
  }

  template <class S>
  static void vjp(const OpCall<S>&, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = -delta[i];
  }
};

}  // namespace

const OpDef& op_neg() {
  static const OpDef def = defineOp<Neg>();
  return def;
}

}  // namespace tapecheck::spec
