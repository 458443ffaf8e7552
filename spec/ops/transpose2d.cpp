// transpose2d(a [m,n]) = aᵀ [n,m].  VJP: δᵀ.
// Order bound: copies only.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Transpose2d {
  static constexpr const char* name = "transpose2d";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (!attrs.ints.empty()) return fail("takes no attributes");
    const Shape& a = *args[0];
    if (a.rank() != 2) return fail("expects a rank-2 argument, got " + a.str());
    return Shape{a[1], a[0]};
  }

  static Signature sample(ShapePicker& p) { return Signature{{p.shapeOfRank(2)}, {}}; }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const std::size_t m = a.shape[0], n = a.shape[1];
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < n; ++j) out[j * m + i] = a[i * n + j];
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const std::size_t m = c.args[0]->shape[0], n = c.args[0]->shape[1];
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < n; ++j) d[0][i * n + j] = delta[j * m + i];
    }
  }
};

}  // namespace

const OpDef& op_transpose2d() {
  static const OpDef def = defineOp<Transpose2d>();
  return def;
}

}  // namespace tapecheck::spec
