// softplus(x) = log(1 + exp(x)) elementwise (no large-x shortcut, so it
// overflows to inf in floats where exp does).
// VJP: δ⊙sigmoid(x), with sigmoid(x) = reciprocal(1 + exp(-x)) recomputed from x.
// Order bound: exp's and log's libm rules and the sum rule for 1 + exp(x); the VJP as sigmoid.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Softplus {
  static constexpr const char* name = "softplus";
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
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = realLog(one<S>() + realExp(x[i]));
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < delta.size(); ++i) {
      d[0][i] = delta[i] * reciprocal(one<S>() + realExp(-x[i]));
    }
  }
};

}  // namespace

const OpDef& op_softplus() {
  static const OpDef def = defineOp<Softplus>();
  return def;
}

}  // namespace tapecheck::spec
