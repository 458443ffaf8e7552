// relu(x) = 0 if x <= 0 else x, elementwise: TorchLean's reluSpec (`if x == 0
// then 0 else max x 0`, Lean's max returning x when x <= 0 is false), so
// relu(NaN) = NaN as in PyTorch, and relu(-0) = +0.  VJP: relu'(x)·δ with
// relu'(x) = 1 if x > 0 else 0: δ where x > 0, else 0 (relu'(0) = relu'(NaN) = 0).
// Order bound: choose() on x <= 0 (and x > 0 in the VJP): where x's bound reaches 0, both 0 and x (δ) are covered.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Relu {
  static constexpr const char* name = "relu";
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
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = choose(atMostZero(x[i]), zero<S>(), x[i]);
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < delta.size(); ++i) {
      d[0][i] = choose(isPositive(x[i]), delta[i], zero<S>());
    }
  }
};

}  // namespace

const OpDef& op_relu() {
  static const OpDef def = defineOp<Relu>();
  return def;
}

}  // namespace tapecheck::spec
