// mean(a) = (Σ a[i]) · reciprocal(N) (a scalar), N = numel(a), summed in
// ascending flat index from zero.  VJP: every element of a gets δ · reciprocal(N).
// An empty a has mean zero and receives nothing: without the guard, floats
// would give 0 · (1/0) = NaN.
// Order bound: the sum rule over N terms, then the product rule with reciprocal(N) (N exact).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Mean {
  static constexpr const char* name = "mean";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Field;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const>, const Attrs& attrs) {
    if (!attrs.ints.empty()) return fail("takes no attributes");
    return Shape::scalar();
  }

  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<1>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    if (a.size() == 0) return;  // out is already zero
    S acc = zero<S>();
    for (std::size_t i = 0; i < a.size(); ++i) acc = acc + a[i];
    out[0] = acc * reciprocal(fromInt<S>(static_cast<std::int64_t>(a.size())));
  }

  template <class S>
  static void vjp(const OpCall<S>&, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    if (d[0].size() == 0) return;
    const S g = delta[0] * reciprocal(fromInt<S>(static_cast<std::int64_t>(d[0].size())));
    for (std::size_t i = 0; i < d[0].size(); ++i) d[0][i] = g;
  }
};

}  // namespace

const OpDef& op_mean() {
  static const OpDef def = defineOp<Mean>();
  return def;
}

}  // namespace tapecheck::spec
