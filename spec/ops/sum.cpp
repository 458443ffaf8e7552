// sum(a) = Σ a[i] (a scalar), added in ascending flat index starting from zero.
// VJP: every element of a gets δ.
// Order bound: the sum rule over n terms, in any order or tree (pairwise, vectorised).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Sum {
  static constexpr const char* name = "sum";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
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
    S acc = zero<S>();
    for (std::size_t i = 0; i < a.size(); ++i) acc = acc + a[i];
    out[0] = acc;
  }

  template <class S>
  static void vjp(const OpCall<S>&, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    for (std::size_t i = 0; i < d[0].size(); ++i) d[0][i] = delta[0];
  }
};

}  // namespace

const OpDef& op_sum() {
  static const OpDef def = defineOp<Sum>();
  return def;
}

}  // namespace tapecheck::spec
