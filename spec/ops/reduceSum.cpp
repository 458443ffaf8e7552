// reduceSum(a; axis) sums a along one axis, which disappears from the shape.
// Each output element adds its inputs in ascending index along the axis,
// starting from zero.  VJP: δ broadcast back along the axis.
// Order bound: the sum rule along the axis, in any order or tree.
#include "spec/ops/axis_split.hpp"
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct ReduceSum {
  static constexpr const char* name = "reduceSum";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "axis";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (attrs.ints.size() != 1) {
      return fail("expects one attribute (the axis), got " + std::to_string(attrs.ints.size()));
    }
    const Shape& a = *args[0];
    if (a.rank() == 0) return fail("expects an argument of rank >= 1, got []");
    if (Status ok = ops::checkAxis(attrs.ints[0], a.rank()); !ok) return fail(ok.error());
    Shape out = a;
    out.dims.erase(out.dims.begin() + attrs.ints[0]);
    return out;
  }

  static Signature sample(ShapePicker& p) {
    Shape a = ops::atLeastRankOne(p.anyShape(), p);
    Attrs attrs;
    attrs.ints.push_back(static_cast<std::int64_t>(p.rng().below(a.rank())));
    return Signature{{a}, attrs};
  }

  // Why the early returns: an empty side makes the sum zero (out arrives as
  // zeros) or leaves nothing to write, and splitAt needs a non-empty shape.
  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    if (a.size() == 0 || out.size() == 0) return;
    const auto [outer, length, inner] =
        ops::splitAt(a.shape, static_cast<std::size_t>(c.attrs.ints[0]));
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t i = 0; i < inner; ++i) {
        S acc = zero<S>();
        for (std::size_t k = 0; k < length; ++k) acc = acc + a[(o * length + k) * inner + i];
        out[o * inner + i] = acc;
      }
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    if (d[0].size() == 0) return;
    const auto [outer, length, inner] =
        ops::splitAt(d[0].shape, static_cast<std::size_t>(c.attrs.ints[0]));
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t k = 0; k < length; ++k) {
        for (std::size_t i = 0; i < inner; ++i) {
          d[0][(o * length + k) * inner + i] = delta[o * inner + i];
        }
      }
    }
  }
};

}  // namespace

const OpDef& op_reduceSum() {
  static const OpDef def = defineOp<ReduceSum>();
  return def;
}

}  // namespace tapecheck::spec
