// mseLoss(ŷ, t) = (Σ (ŷ_i - t_i)²) · reciprocal(N) (a scalar), summed in
// ascending flat index from zero; N = numel, or 1 when the arguments are empty.
// VJP with g = δ · 2 · (ŷ_i - t_i) · reciprocal(N): ŷ_i gets g, t_i gets -g.
// Order bound: differences, squares and the sum rule over N terms in any order, times reciprocal(N).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct MseLoss {
  static constexpr const char* name = "mseLoss";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Field;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    Result<Shape> same = ops::sameShapes(args, attrs);
    if (!same) return same;
    return Shape::scalar();
  }

  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<2>(p); }

  // Why N = 1 when empty: Lean's meanDenom, so the loss is 0 rather than 0/0.
  template <class S>
  static S inverseCount(std::size_t numel) {
    return reciprocal(fromInt<S>(numel == 0 ? 1 : static_cast<std::int64_t>(numel)));
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& yhat = *c.args[0];
    const Tensor<S>& target = *c.args[1];
    S acc = zero<S>();
    for (std::size_t i = 0; i < yhat.size(); ++i) {
      const S diff = yhat[i] + -target[i];
      acc = acc + diff * diff;
    }
    out[0] = acc * inverseCount<S>(yhat.size());
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& yhat = *c.args[0];
    const Tensor<S>& target = *c.args[1];
    const S two = fromInt<S>(2);
    const S invN = inverseCount<S>(yhat.size());
    for (std::size_t i = 0; i < yhat.size(); ++i) {
      const S g = delta[0] * two * (yhat[i] + -target[i]) * invN;
      d[0][i] = g;
      d[1][i] = -g;
    }
  }
};

}  // namespace

const OpDef& op_mseLoss() {
  static const OpDef def = defineOp<MseLoss>();
  return def;
}

}  // namespace tapecheck::spec
