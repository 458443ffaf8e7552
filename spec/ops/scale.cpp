// scale(a) = c·a elementwise for an integer constant c = attrs.ints[0].
// VJP: c·δ.
// Order bound: the product rule with an exact integer constant.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Scale {
  static constexpr const char* name = "scale";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Ring;  // c may be negative
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "integer constant c, |c| <= 1000";
  static constexpr std::int64_t kMaxConstant = 1000;

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (attrs.ints.size() != 1) {
      return fail("expects one attribute (the constant), got " +
                  std::to_string(attrs.ints.size()));
    }
    const std::int64_t c = attrs.ints[0];
    if (c < -kMaxConstant || c > kMaxConstant) {
      return fail("constant " + std::to_string(c) + " is outside [-1000, 1000]");
    }
    return *args[0];
  }

  static Signature sample(ShapePicker& p) {
    Shape s = p.anyShape();
    Attrs attrs;
    attrs.ints.push_back(p.rng().between(-3, 3));
    return Signature{{s}, attrs};
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const S k = fromInt<S>(c.attrs.ints[0]);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = k * a[i];
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const S k = fromInt<S>(c.attrs.ints[0]);
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = k * delta[i];
  }
};

}  // namespace

const OpDef& op_scale() {
  static const OpDef def = defineOp<Scale>();
  return def;
}

}  // namespace tapecheck::spec
