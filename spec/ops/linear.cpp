// linear(W [o,i], b [o], x [i]) = W·x + b [o]: y[r] = (Σ_c W[r,c]·x[c]) + b[r],
// the sum over c ascending from zero, b added last.
// VJP: W gets δ[r]·x[c], b gets δ, x gets Σ_r W[r,c]·δ[r] (r ascending).
// Order bound: the products and the sum rule over the c terms and b, in any order (b need not come last).
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Linear {
  static constexpr const char* name = "linear";
  static constexpr std::size_t arity = 3;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (!attrs.ints.empty()) return fail("takes no attributes");
    const Shape& w = *args[0];
    const Shape& b = *args[1];
    const Shape& x = *args[2];
    if (w.rank() != 2) return fail("expects a rank-2 weight W, got " + w.str());
    if (b != Shape{w[0]}) {
      return fail("bias b has shape " + b.str() + " but W " + w.str() + " needs " +
                  Shape{w[0]}.str());
    }
    if (x != Shape{w[1]}) {
      return fail("input x has shape " + x.str() + " but W " + w.str() + " needs " +
                  Shape{w[1]}.str());
    }
    return b;
  }

  // Why two ways: start from an existing weight or from an existing input, so
  // that both get reused.
  static Signature sample(ShapePicker& p) {
    Shape w;
    if (p.rng().chance(1, 2)) {
      w = p.shapeOfRank(2);
    } else {
      const Shape x = p.shapeOfRank(1);
      w = Shape{p.dim(), x[0]};
    }
    return Signature{{w, Shape{w[0]}, Shape{w[1]}}, {}};
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& w = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    const Tensor<S>& x = *c.args[2];
    const std::size_t rows = w.shape[0], cols = w.shape[1];
    for (std::size_t r = 0; r < rows; ++r) {
      S acc = zero<S>();
      for (std::size_t k = 0; k < cols; ++k) acc = acc + w[r * cols + k] * x[k];
      out[r] = acc + b[r];
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& w = *c.args[0];
    const Tensor<S>& x = *c.args[2];
    const std::size_t rows = w.shape[0], cols = w.shape[1];
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t k = 0; k < cols; ++k) d[0][r * cols + k] = delta[r] * x[k];
    }
    d[1].data = delta.data;
    for (std::size_t k = 0; k < cols; ++k) {
      S acc = zero<S>();
      for (std::size_t r = 0; r < rows; ++r) acc = acc + w[r * cols + k] * delta[r];
      d[2][k] = acc;
    }
  }
};

}  // namespace

const OpDef& op_linear() {
  static const OpDef def = defineOp<Linear>();
  return def;
}

}  // namespace tapecheck::spec
