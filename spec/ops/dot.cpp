// dot(a, b) = Σ a[i]·b[i] (a scalar) for a and b of one shape, added in
// ascending flat index starting from zero.  VJP: a gets δ·b, b gets δ·a.
// Order bound: products, then the sum rule over all n terms, whatever order or tree the engine uses.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Dot {
  static constexpr const char* name = "dot";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    Result<Shape> common = ops::sameShapes(args, attrs);
    if (!common) return fail(common.error());
    return Shape::scalar();
  }

  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<2>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    S acc = zero<S>();
    for (std::size_t i = 0; i < a.size(); ++i) acc = acc + a[i] * b[i];
    out[0] = acc;
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    for (std::size_t i = 0; i < a.size(); ++i) {
      d[0][i] = delta[0] * b[i];
      d[1][i] = delta[0] * a[i];
    }
  }
};

}  // namespace

const OpDef& op_dot() {
  static const OpDef def = defineOp<Dot>();
  return def;
}

}  // namespace tapecheck::spec
