// matmul(A [m,n], B [n,p]) = A·B [m,p]; each entry sums over k ascending,
// starting from zero.  VJP: dA = δ·Bᵀ (sum over j ascending), dB = Aᵀ·δ (sum
// over i ascending).
// Order bound: each entry is a sum of n products, bounded for any order or blocking; the VJPs likewise.
#include "spec/graph.hpp"
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Matmul {
  static constexpr const char* name = "matmul";
  static constexpr std::size_t arity = 2;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    if (!attrs.ints.empty()) return fail("takes no attributes");
    const Shape& a = *args[0];
    const Shape& b = *args[1];
    if (a.rank() != 2 || b.rank() != 2) {
      return fail("expects rank-2 arguments, got " + a.str() + " x " + b.str());
    }
    if (a[1] != b[0]) return fail("inner dimensions differ: " + a.str() + " x " + b.str());
    return Shape{a[0], b[1]};
  }

  // m·n·p multiply-adds forward and twice that in the VJP (zero-length axes
  // still loop): the generic estimate (elements in and out) would be off by
  // a factor of n.
  static std::uint64_t cost(std::span<const Shape* const> args, const Shape& out) {
    const Shape& a = *args[0];
    const Shape& b = *args[1];
    const auto atLeast1 = [](std::size_t d) -> std::uint64_t { return d == 0 ? 1 : d; };
    return ops::saturatingMul({3, atLeast1(a[0]), atLeast1(a[1]), atLeast1(b[1])}) + loopSize(out);
  }

  static Signature sample(ShapePicker& p) {
    Shape a = p.shapeOfRank(2);
    // Why square half the time: a VJP that uses B where Bᵀ belongs fails a
    // shape check unless B is square, so that is where such a bug hides.
    const std::size_t cols = p.rng().chance(1, 2) ? a[1] : p.dim();
    return Signature{{a, Shape{a[1], cols}}, {}};
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    const std::size_t m = a.shape[0], n = a.shape[1], p = b.shape[1];
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t j = 0; j < p; ++j) {
        S acc = zero<S>();
        for (std::size_t k = 0; k < n; ++k) acc = acc + a[i * n + k] * b[k * p + j];
        out[i * p + j] = acc;
      }
    }
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& a = *c.args[0];
    const Tensor<S>& b = *c.args[1];
    const std::size_t m = a.shape[0], n = a.shape[1], p = b.shape[1];
    for (std::size_t i = 0; i < m; ++i) {
      for (std::size_t k = 0; k < n; ++k) {
        S acc = zero<S>();
        for (std::size_t j = 0; j < p; ++j) acc = acc + delta[i * p + j] * b[k * p + j];
        d[0][i * n + k] = acc;
      }
    }
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t j = 0; j < p; ++j) {
        S acc = zero<S>();
        for (std::size_t i = 0; i < m; ++i) acc = acc + a[i * n + k] * delta[i * p + j];
        d[1][k * p + j] = acc;
      }
    }
  }
};

}  // namespace

const OpDef& op_matmul() {
  static const OpDef def = defineOp<Matmul>();
  return def;
}

}  // namespace tapecheck::spec
