// gather(x [n, rest...]) with attrs {offset, count} = [count, rest...]: row i
// is row env.indices[offset + i] of x. A position past the end of the indices,
// or an index outside [0, n), reads a zero row.
// VJP: scatter-add of δ's rows into dx, valid rows only, i ascending.
// Order bound: copies forward; the VJP's scatter-add follows the sum rule per destination row.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

/// The row of x that output row i reads, or -1 when it reads zeros.
template <class S>
std::int64_t sourceRowOf(const OpCall<S>& c, std::size_t i) {
  const std::vector<std::int64_t>& indices = c.env.indices;
  const std::size_t offset = static_cast<std::size_t>(c.attrs.ints[0]);
  if (offset >= indices.size() || i >= indices.size() - offset) return -1;
  const std::int64_t row = indices[offset + i];
  const std::size_t rows = c.args[0]->shape[0];
  return row >= 0 && static_cast<std::size_t>(row) < rows ? row : -1;
}

struct Gather {
  static constexpr const char* name = "gather";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = true;
  static constexpr const char* attrDoc = "offset into env indices, row count";
  static constexpr std::uint8_t lengthAttributes = 0b10;  // see OpDef::lengthAttributes

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (attrs.ints.size() != 2) {
      return fail("expects two attributes (offset, count), got " +
                  std::to_string(attrs.ints.size()));
    }
    if (attrs.ints[0] < 0) return fail("offset " + std::to_string(attrs.ints[0]) + " is negative");
    if (attrs.ints[1] < 0) return fail("count " + std::to_string(attrs.ints[1]) + " is negative");
    const Shape& x = *args[0];
    if (x.rank() == 0) return fail("expects an argument of rank >= 1, got []");
    Shape out = x;
    out.dims[0] = static_cast<std::size_t>(attrs.ints[1]);
    return out;
  }

  static Signature sample(ShapePicker& p) {
    Shape x = p.anyShape();
    if (x.rank() == 0) x = Shape{p.dim()};
    Attrs attrs;
    attrs.ints.push_back(p.rng().between(0, 3));
    attrs.ints.push_back(static_cast<std::int64_t>(p.dim()));
    return Signature{{x}, attrs};
  }

  // Why the early return: with empty rows, count is unbounded by the size check.
  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    if (out.size() == 0) return;
    const Tensor<S>& x = *c.args[0];
    const std::size_t count = out.shape[0], width = out.size() / count;
    for (std::size_t i = 0; i < count; ++i) {
      const std::int64_t row = sourceRowOf(c, i);
      if (row < 0) continue;  // out arrives as zeros
      const std::size_t from = static_cast<std::size_t>(row) * width;
      for (std::size_t r = 0; r < width; ++r) out[i * width + r] = x[from + r];
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    if (delta.size() == 0) return;
    const std::size_t count = delta.shape[0], width = delta.size() / count;
    for (std::size_t i = 0; i < count; ++i) {
      const std::int64_t row = sourceRowOf(c, i);
      if (row < 0) continue;
      const std::size_t to = static_cast<std::size_t>(row) * width;
      for (std::size_t r = 0; r < width; ++r) d[0][to + r] = d[0][to + r] + delta[i * width + r];
    }
  }
};

}  // namespace

const OpDef& op_gather() {
  static const OpDef def = defineOp<Gather>();
  return def;
}

}  // namespace tapecheck::spec
