// slice(a; axis, start, length) keeps positions [start, start + length) of one
// axis.  VJP: δ zero-padded back into place.
// Order bound: copies only; the VJP's zero padding is exact.
#include "spec/ops/axis_split.hpp"
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Slice {
  static constexpr const char* name = "slice";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "axis, start, length";
  static constexpr std::uint8_t lengthAttributes = 0b100;  // see OpDef::lengthAttributes

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (attrs.ints.size() != 3) {
      return fail("expects three attributes (axis, start, length), got " +
                  std::to_string(attrs.ints.size()));
    }
    const Shape& a = *args[0];
    if (a.rank() == 0) return fail("expects an argument of rank >= 1, got []");
    if (Status ok = ops::checkAxis(attrs.ints[0], a.rank()); !ok) return fail(ok.error());
    const std::int64_t start = attrs.ints[1], length = attrs.ints[2];
    if (start < 0) return fail("start " + std::to_string(start) + " is negative");
    if (length < 0) return fail("length " + std::to_string(length) + " is negative");
    const std::size_t axis = static_cast<std::size_t>(attrs.ints[0]);
    // Why two comparisons: start + length may overflow.
    if (static_cast<std::size_t>(start) > a[axis] ||
        static_cast<std::size_t>(length) > a[axis] - static_cast<std::size_t>(start)) {
      return fail("start " + std::to_string(start) + " + length " + std::to_string(length) +
                  " exceeds length " + std::to_string(a[axis]) + " of axis " +
                  std::to_string(axis) + " of " + a.str());
    }
    Shape out = a;
    out.dims[axis] = static_cast<std::size_t>(length);
    return out;
  }

  static Signature sample(ShapePicker& p) {
    const Shape a = ops::atLeastRankOne(p.anyShape(), p);
    const std::size_t axis = p.rng().below(a.rank());
    const std::size_t start = p.rng().below(a[axis] + 1);
    const std::size_t length = p.rng().below(a[axis] - start + 1);
    Attrs attrs;
    for (std::size_t v : {axis, start, length}) attrs.ints.push_back(static_cast<std::int64_t>(v));
    return Signature{{a}, attrs};
  }

  // Output element (o, k, i) is a's element (o, start + k, i); the Moves below
  // copy in one direction or the other.
  template <class S, class Move>
  static void walk(const OpCall<S>& c, const Tensor<S>& output, Move move) {
    if (output.size() == 0) return;  // splitAt needs a non-empty shape
    const std::size_t axis = static_cast<std::size_t>(c.attrs.ints[0]);
    const std::size_t start = static_cast<std::size_t>(c.attrs.ints[1]);
    const std::size_t full = c.args[0]->shape[axis];
    const auto [outer, length, inner] = ops::splitAt(output.shape, axis);
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t k = 0; k < length; ++k) {
        for (std::size_t i = 0; i < inner; ++i) {
          move((o * full + start + k) * inner + i, (o * length + k) * inner + i);
        }
      }
    }
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    walk(c, out, [&](std::size_t inA, std::size_t inOut) { out[inOut] = a[inA]; });
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    walk(c, delta, [&](std::size_t inA, std::size_t inOut) { d[0][inA] = delta[inOut]; });
  }
};

}  // namespace

const OpDef& op_slice() {
  static const OpDef def = defineOp<Slice>();
  return def;
}

}  // namespace tapecheck::spec
