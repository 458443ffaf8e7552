// concat(a, b; axis) joins a and b along one axis: a's part comes first.
// The other axes must agree.  VJP: a gets its slice of δ, b the rest.
// Order bound: copies only; values and errors move with their elements.
#include "spec/ops/axis_split.hpp"
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Concat {
  static constexpr const char* name = "concat";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "axis";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (attrs.ints.size() != 1) {
      return fail("expects one attribute (the axis), got " + std::to_string(attrs.ints.size()));
    }
    const Shape& a = *args[0];
    const Shape& b = *args[1];
    if (a.rank() != b.rank()) {
      return fail("arguments differ in rank: " + a.str() + " and " + b.str());
    }
    if (a.rank() == 0) return fail("expects arguments of rank >= 1, got [] and []");
    if (Status ok = ops::checkAxis(attrs.ints[0], a.rank()); !ok) return fail(ok.error());
    const std::size_t axis = static_cast<std::size_t>(attrs.ints[0]);
    for (std::size_t other = 0; other < a.rank(); ++other) {
      if (other != axis && a[other] != b[other]) {
        return fail("arguments " + a.str() + " and " + b.str() + " differ on axis " +
                    std::to_string(other) + ", which is not the concat axis " +
                    std::to_string(axis));
      }
    }
    Shape out = a;
    out.dims[axis] += b[axis];
    return out;
  }

  static Signature sample(ShapePicker& p) {
    const Shape a = ops::atLeastRankOne(p.anyShape(), p);
    const std::size_t axis = p.rng().below(a.rank());
    Shape b = a;
    b.dims[axis] = p.dim();
    Attrs attrs;
    attrs.ints.push_back(static_cast<std::int64_t>(axis));
    return Signature{{a, b}, attrs};
  }

  // Row o of the output along [outer, ·] is a's row o followed by b's row o;
  // the Moves below walk that layout in one direction or the other.
  template <class S, class Move>
  static void walk(const OpCall<S>& c, const Tensor<S>& output, Move move) {
    if (output.size() == 0) return;  // splitAt needs a non-empty shape
    const std::size_t axis = static_cast<std::size_t>(c.attrs.ints[0]);
    const std::size_t outer = ops::splitAt(output.shape, axis).outer;
    const std::size_t rowA = c.args[0]->size() / outer, rowB = c.args[1]->size() / outer;
    for (std::size_t o = 0; o < outer; ++o) {
      const std::size_t at = o * (rowA + rowB);
      for (std::size_t r = 0; r < rowA; ++r) move(0, o * rowA + r, at + r);
      for (std::size_t r = 0; r < rowB; ++r) move(1, o * rowB + r, at + rowA + r);
    }
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    walk(c, out, [&](std::size_t arg, std::size_t from, std::size_t to) {
      out[to] = (*c.args[arg])[from];
    });
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    walk(c, delta, [&](std::size_t arg, std::size_t to, std::size_t from) {
      d[arg][to] = delta[from];
    });
  }
};

}  // namespace

const OpDef& op_concat() {
  static const OpDef def = defineOp<Concat>();
  return def;
}

}  // namespace tapecheck::spec
