// scatterAdd(x [m, rest...], src [k, rest...]; offset) = x with row i of src
// added into row env.indices[offset + i], i ascending. A position past the end
// of the indices, or an index outside [0, m), drops that src row.
// VJP: x gets δ; src row i gets δ's row env.indices[offset + i], or zeros when dropped.
// Order bound: the sum rule per destination row, in any order of the src rows.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

/// The row of x that src row i is added into, or -1 when it is dropped.
template <class S>
std::int64_t targetRowOf(const OpCall<S>& c, std::size_t i) {
  const std::vector<std::int64_t>& indices = c.env.indices;
  const std::size_t offset = static_cast<std::size_t>(c.attrs.ints[0]);
  if (offset >= indices.size() || i >= indices.size() - offset) return -1;
  const std::int64_t row = indices[offset + i];
  const std::size_t rows = c.args[0]->shape[0];
  return row >= 0 && static_cast<std::size_t>(row) < rows ? row : -1;
}

struct ScatterAdd {
  static constexpr const char* name = "scatterAdd";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = true;
  static constexpr const char* attrDoc = "offset into env indices";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (attrs.ints.size() != 1) {
      return fail("expects one attribute (the offset), got " + std::to_string(attrs.ints.size()));
    }
    if (attrs.ints[0] < 0) return fail("offset " + std::to_string(attrs.ints[0]) + " is negative");
    const Shape& x = *args[0];
    const Shape& src = *args[1];
    if (x.rank() == 0 || src.rank() == 0) {
      return fail("expects arguments of rank >= 1, got " + x.str() + " and " + src.str());
    }
    if (x.rank() != src.rank()) {
      return fail("arguments differ in rank: " + x.str() + " and " + src.str());
    }
    for (std::size_t axis = 1; axis < x.rank(); ++axis) {
      if (x[axis] != src[axis]) {
        return fail("rows differ: x " + x.str() + " and src " + src.str() + " differ on axis " +
                    std::to_string(axis));
      }
    }
    return x;
  }

  static Signature sample(ShapePicker& p) {
    Shape x = p.anyShape();
    if (x.rank() == 0) x = Shape{p.dim()};
    Shape src = x;
    src.dims[0] = p.dim();
    Attrs attrs;
    attrs.ints.push_back(p.rng().between(0, 3));
    return Signature{{x, src}, attrs};
  }

  // Why the early returns: with no elements on either side nothing moves, and
  // the row width below needs a non-empty x and src.
  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& x = *c.args[0];
    const Tensor<S>& src = *c.args[1];
    out.data = x.data;
    if (x.size() == 0 || src.size() == 0) return;
    const std::size_t count = src.shape[0], width = src.size() / count;
    for (std::size_t i = 0; i < count; ++i) {
      const std::int64_t row = targetRowOf(c, i);
      if (row < 0) continue;
      const std::size_t to = static_cast<std::size_t>(row) * width;
      for (std::size_t r = 0; r < width; ++r) out[to + r] = out[to + r] + src[i * width + r];
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    d[0].data = delta.data;
    if (delta.size() == 0 || d[1].size() == 0) return;
    const std::size_t count = d[1].shape[0], width = d[1].size() / count;
    for (std::size_t i = 0; i < count; ++i) {
      const std::int64_t row = targetRowOf(c, i);
      if (row < 0) continue;  // the src cotangent arrives as zeros
      const std::size_t from = static_cast<std::size_t>(row) * width;
      for (std::size_t r = 0; r < width; ++r) d[1][i * width + r] = delta[from + r];
    }
  }
};

}  // namespace

const OpDef& op_scatterAdd() {
  static const OpDef def = defineOp<ScatterAdd>();
  return def;
}

}  // namespace tapecheck::spec
