// softmax(x) over the last axis, row by row: m = the row's maximum,
// e_i = exp(x_i - m), s = Σ e_i (ascending, from zero), y_i = e_i · reciprocal(s).
// VJP (from the forward value y): t = Σ δ_i·y_i over the row, dx_i = y_i·(δ_i - t).
// The argument needs rank >= 1; a row of length 0 has nothing to do.
// Order bound: the max is shiftOnly() (any shift cancels exactly), exp's libm rule, the sum rule over the row, reciprocal(s); the VJP's t follows the sum rule.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Softmax {
  static constexpr const char* name = "softmax";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Real;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (!attrs.ints.empty()) return fail("takes no attributes");
    if (args[0]->rank() == 0) return fail("needs an argument of rank >= 1, got a scalar");
    return *args[0];
  }

  static Signature sample(ShapePicker& p) {
    Shape s = p.anyShape();
    if (s.rank() == 0) s = Shape{p.dim()};
    return Signature{{s}, {}};
  }

  /// Length of the last axis (rows are contiguous in row-major order).
  static std::size_t rowLength(const Shape& s) { return s[s.rank() - 1]; }

  // Why subtract the maximum: exp cannot overflow then, and it is what the
  // Lean spec computes, so floats match it bit for bit.
  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& x = *c.args[0];
    const std::size_t n = rowLength(x.shape);
    for (std::size_t row = 0; n != 0 && row < x.size(); row += n) {
      S m = x[row];
      for (std::size_t j = 1; j < n; ++j) {
        m = choose(lessThan(m, x[row + j]), x[row + j], m);
      }
      m = shiftOnly(m);
      S s = zero<S>();
      for (std::size_t j = 0; j < n; ++j) {
        out[row + j] = realExp(x[row + j] + -m);
        s = s + out[row + j];
      }
      const S r = reciprocal(s);
      for (std::size_t j = 0; j < n; ++j) out[row + j] = out[row + j] * r;
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& y = *c.out;
    const std::size_t n = rowLength(y.shape);
    for (std::size_t row = 0; n != 0 && row < y.size(); row += n) {
      S t = zero<S>();
      for (std::size_t j = 0; j < n; ++j) t = t + delta[row + j] * y[row + j];
      for (std::size_t j = 0; j < n; ++j) {
        d[0][row + j] = y[row + j] * (delta[row + j] + -t);
      }
    }
  }
};

}  // namespace

const OpDef& op_softmax() {
  static const OpDef def = defineOp<Softmax>();
  return def;
}

}  // namespace tapecheck::spec
