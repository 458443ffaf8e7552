// add(a, b) = a + b elementwise.  VJP: a gets δ, b gets δ.
// Order bound: the sum rule (operands' errors plus u per join, spec/scalar/bounded.hpp).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Add {
  static constexpr const char* name = "add";
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
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[i] + b[i];
  }

  template <class S>
  static void vjp(const OpCall<S>&, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    d[0].data = delta.data;
    d[1].data = delta.data;
  }
};

}  // namespace

const OpDef& op_add() {
  static const OpDef def = defineOp<Add>();
  return def;
}

}  // namespace tapecheck::spec
