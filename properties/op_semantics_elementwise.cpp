// Rows of the elementwise arithmetic ops: add sub mul neg scale square div.
// Integer rows in every domain the op has kernels in, their values computed
// with the oracle's arithmetic from each op's documented rule; float rows of
// signed zeros, infinities, NaN and subnormals, written out from IEEE 754;
// ModP's division by zero (reciprocal(0) = 0).
#include "properties/op_semantics_rows.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props::semantics {
namespace {

template <class S>
using O = Oracle<S>;

constexpr std::int64_t k2to60 = std::int64_t{1} << 60;  // in ModP, 2^60 + 2^60 = 2^61 ≡ 1

/// An elementwise op on empty arguments: empty value, empty cotangents.
template <class S>
Row<S> emptyRow(std::size_t arity) {
  const spec::Tensor<S> e = zerosOf<S>({0});
  return {.note = "empty", .args = std::vector(arity, e), .out = e, .cotangent = e,
          .grads = std::vector(arity, e)};
}

// ---- semiring: add, mul, square (every domain) -------------------------------------------

template <class S>
void semiringRows(Tables<S>& t, const spec::Tensor<S>& a, const spec::Tensor<S>& b, const spec::Tensor<S>& d) {
  // add: a + b; a gets δ, b gets δ.
  rowsOf(t, "add").push_back({.args = {a, b}, .out = map(a, b, O<S>::add), .cotangent = d, .grads = {d, d}});
  // mul: a ⊙ b; a gets δ⊙b, b gets δ⊙a.
  rowsOf(t, "mul").push_back({.args = {a, b},
                              .out = map(a, b, O<S>::mul),
                              .cotangent = d,
                              .grads = {map(d, b, O<S>::mul), map(d, a, O<S>::mul)}});
  // square: a ⊙ a; a gets δ⊙(a + a).
  rowsOf(t, "square").push_back(
      {.args = {a},
       .out = map(a, [](S x) { return O<S>::mul(x, x); }),
       .cotangent = d,
       .grads = {map(d, a, [](S dx, S x) { return O<S>::mul(dx, O<S>::add(x, x)); })}});
}

template <class S>
void semiringRows(Tables<S>& t) {
  semiringRows(t, ints<S>({4}, {1, -1, k2to60, 3}), ints<S>({4}, {4, 1, k2to60, -2}), counting<S>({4}, 7));
  if constexpr (std::is_same_v<S, spec::Tropical>) {
    // Max-plus with its zero, -inf: absorbing for ⊗ (+), neutral for ⊕ (max).
    const spec::Tropical z = O<S>::zero();
    semiringRows(t, tensor<S>({4}, {z, O<S>::of(3), z, O<S>::of(0)}), tensor<S>({4}, {O<S>::of(2), z, z, O<S>::of(-5)}),
                 tensor<S>({4}, {O<S>::of(1), O<S>::of(2), z, O<S>::of(4)}));
  }
  for (const char* op : {"add", "mul"}) rowsOf(t, op).push_back(emptyRow<S>(2));
  rowsOf(t, "square").push_back(emptyRow<S>(1));
}

// ---- ring: sub, neg, scale (ModP and floats) ---------------------------------------------

template <class S>
void ringRows(Tables<S>& t) {
  const auto a = ints<S>({3}, {5, -1, 0});
  const auto b = ints<S>({3}, {2, 3, 0});
  const auto d = counting<S>({3}, 4);
  const auto minusD = map(d, O<S>::neg);
  // sub: a + -b; a gets δ, b gets -δ.
  rowsOf(t, "sub").push_back({.args = {a, b},
                              .out = map(a, b, [](S x, S y) { return O<S>::add(x, O<S>::neg(y)); }),
                              .cotangent = d,
                              .grads = {d, minusD}});
  // neg: -a; a gets -δ.
  rowsOf(t, "neg").push_back({.args = {a}, .out = map(a, O<S>::neg), .cotangent = d, .grads = {minusD}});
  // scale: c·a; a gets c·δ.
  for (std::int64_t c : {3, -1, 0}) {
    const auto times = [c](S x) { return O<S>::mul(O<S>::of(c), x); };
    rowsOf(t, "scale").push_back(
        {.args = {a}, .attrs = attrs({c}), .out = map(a, times), .cotangent = d, .grads = {map(d, times)}});
  }
  rowsOf(t, "sub").push_back(emptyRow<S>(2));
  rowsOf(t, "neg").push_back(emptyRow<S>(1));
  Row<S> emptyScale = emptyRow<S>(1);
  emptyScale.attrs = attrs({2});
  rowsOf(t, "scale").push_back(emptyScale);
}

// ---- div in ModP: a·reciprocal(b), reciprocal(0) = 0 -------------------------------------

void modpDivRows(Tables<spec::ModP>& t) {
  using M = spec::ModP;
  // 3 · 1537228672809129301 = 2^62 - 1 = 2p + 1 ≡ 1.
  const M inv3 = M::raw(1537228672809129301ULL);
  const auto a = ints<M>({3}, {6, 5, 7});
  const auto b = ints<M>({3}, {3, 0, 1});
  const auto d = ints<M>({3}, {1, 2, 3});
  const auto mul = O<M>::mul;
  // a gets δ·r, b gets -(δ·a·r·r), r = reciprocal(b) = [inv3, 0, 1].
  const M db0 = O<M>::neg(mul(mul(mul(O<M>::of(1), O<M>::of(6)), inv3), inv3));
  rowsOf(t, "div").push_back({.note = "5/0 = 0 in ModP",
                              .args = {a, b},
                              .out = ints<M>({3}, {2, 0, 7}),
                              .cotangent = d,
                              .grads = {tensor<M>({3}, {inv3, O<M>::zero(), O<M>::of(3)}),
                                        tensor<M>({3}, {db0, O<M>::zero(), O<M>::of(-21)})}});
  rowsOf(t, "div").push_back(emptyRow<M>(2));
}

// ---- floats: IEEE corners ------------------------------------------------------------------

template <class F>
void floatRows(Tables<F>& t) {
  using X = Special<F>;
  const F pz = X::pz, nz = X::nz, inf = X::inf, nan = X::nan, den = X::den, big = X::big;
  const F h = F(0.5);

  // add: +0 + -0 = +0, -0 + -0 = -0, inf - inf = NaN, overflow, subnormals.
  const auto addA = tensor<F>({7}, {pz, nz, nz, inf, big, F(1), den});
  const auto addB = tensor<F>({7}, {nz, pz, nz, -inf, big, den, den});
  const auto addD = tensor<F>({7}, {F(1), nz, nan, inf, F(2), F(3), F(4)});
  rowsOf(t, "add").push_back({.args = {addA, addB},
                              .out = tensor<F>({7}, {pz, pz, nz, nan, inf, F(1), F(2) * den}),
                              .cotangent = addD,
                              .grads = {addD, addD}});

  // sub: a + -b, so (-0) - (+0) = -0 and (-0) - (-0) = +0; b gets -δ, sign of zero included.
  const auto subD = tensor<F>({6}, {pz, nz, F(1), F(2), nan, inf});
  rowsOf(t, "sub").push_back({.args = {tensor<F>({6}, {pz, nz, pz, nz, inf, F(1)}),
                                       tensor<F>({6}, {pz, pz, nz, nz, inf, den})},
                              .out = tensor<F>({6}, {pz, nz, pz, pz, nan, F(1)}),
                              .cotangent = subD,
                              .grads = {subD, tensor<F>({6}, {nz, pz, F(-1), F(-2), nan, -inf})}});

  // mul: signs of zero, 0·inf = NaN, overflow, a subnormal halved rounds to even (zero).
  rowsOf(t, "mul").push_back(
      {.args = {tensor<F>({8}, {nz, pz, inf, big, den, -den, nan, F(3)}),
                tensor<F>({8}, {F(3), F(-3), pz, F(2), h, h, F(1), nz})},
       .out = tensor<F>({8}, {nz, nz, nan, inf, pz, nz, nan, nz}),
       .cotangent = counting<F>({8}),
       .grads = {tensor<F>({8}, {F(3), F(-6), pz, F(8), F(2.5), F(3), F(7), nz}),
                 tensor<F>({8}, {nz, pz, inf, inf, F(5) * den, F(-6) * den, nan, F(24)})}});

  // neg: -a flips the sign of zero; the planted `0 + -x` gives +0 for +0.
  rowsOf(t, "neg").push_back({.args = {tensor<F>({6}, {pz, nz, F(1.5), -inf, nan, den})},
                              .out = tensor<F>({6}, {nz, pz, F(-1.5), inf, nan, -den}),
                              .cotangent = tensor<F>({6}, {F(1), F(2), pz, nz, inf, F(3)}),
                              .grads = {tensor<F>({6}, {F(-1), F(-2), nz, pz, -inf, F(-3)})}});

  // scale: c·a with c converted to F: -1·(+0) = -0, 0·inf = NaN, 0·(-3) = -0.
  const auto scaleD = tensor<F>({4}, {F(1), F(-2), inf, F(3)});
  rowsOf(t, "scale").push_back({.args = {tensor<F>({4}, {pz, nz, inf, nan})},
                                .attrs = attrs({-1}),
                                .out = tensor<F>({4}, {nz, pz, -inf, nan}),
                                .cotangent = scaleD,
                                .grads = {tensor<F>({4}, {F(-1), F(2), -inf, F(-3)})}});
  rowsOf(t, "scale").push_back({.args = {tensor<F>({4}, {inf, F(-3), F(2), nan})},
                                .attrs = attrs({0}),
                                .out = tensor<F>({4}, {nan, nz, pz, nan}),
                                .cotangent = scaleD,
                                .grads = {tensor<F>({4}, {pz, nz, nan, pz})}});
  rowsOf(t, "scale").push_back({.args = {tensor<F>({2}, {big, den})},
                                .attrs = attrs({1000}),
                                .out = tensor<F>({2}, {inf, F(1000) * den}),
                                .cotangent = tensor<F>({2}, {den, F(-2)}),
                                .grads = {tensor<F>({2}, {F(1000) * den, F(-2000)})}});

  // square: (-0)² = +0, a subnormal squared underflows to +0; VJP δ⊙(a + a), so -0 at a = -0.
  rowsOf(t, "square").push_back({.args = {tensor<F>({6}, {nz, -inf, nan, den, F(3), big})},
                                 .out = tensor<F>({6}, {pz, inf, nan, pz, F(9), inf}),
                                 .cotangent = counting<F>({6}),
                                 .grads = {tensor<F>({6}, {nz, -inf, nan, F(8) * den, F(30), inf})}});

  // div: a·reciprocal(b), IEEE 1/±0 = ±inf, 0·inf = NaN, 1/subnormal overflows.
  // VJP: a gets δ·r, b gets -(δ·a·r·r).
  rowsOf(t, "div").push_back(
      {.args = {tensor<F>({7}, {F(1), F(1), pz, nz, inf, F(3), F(1)}),
                tensor<F>({7}, {pz, nz, pz, F(4), inf, F(4), den})},
       .out = tensor<F>({7}, {inf, -inf, nan, nz, nan, F(0.75), inf}),
       .cotangent = counting<F>({7}),
       .grads = {tensor<F>({7}, {inf, -inf, inf, F(1), pz, F(1.5), inf}),
                 tensor<F>({7}, {-inf, -inf, nan, pz, nan, F(-1.125), -inf})}});
  rowsOf(t, "div").push_back({.args = {tensor<F>({2}, {F(6), F(-5)}), tensor<F>({2}, {F(2), F(-4)})},
                              .out = tensor<F>({2}, {F(3), F(1.25)}),
                              .cotangent = tensor<F>({2}, {F(2), F(3)}),
                              .grads = {tensor<F>({2}, {F(1), F(-0.75)}), tensor<F>({2}, {F(-3), F(0.9375)})}});
  // a·reciprocal(b) is not a/b: in f64, 5·(1/3) is one ulp below 5/3.
  const F r3 = F(1) / F(3);
  rowsOf(t, "div").push_back({.note = "a times reciprocal(b), not a/b",
                              .args = {tensor<F>({1}, {F(5)}), tensor<F>({1}, {F(3)})},
                              .out = tensor<F>({1}, {F(5) * r3}),
                              .cotangent = tensor<F>({1}, {F(1)}),
                              .grads = {tensor<F>({1}, {F(1) * r3}), tensor<F>({1}, {-(F(1) * F(5) * r3 * r3)})}});
  rowsOf(t, "div").push_back(emptyRow<F>(2));
}

}  // namespace

template <class S>
void addElementwiseTables(Tables<S>& t) {
  semiringRows(t);
  if constexpr (spec::supports<S>(spec::Algebra::Ring)) ringRows(t);
  if constexpr (std::is_same_v<S, spec::ModP>) modpDivRows(t);
  if constexpr (kIsFloat<S>) floatRows(t);
}

#define TAPECHECK_INSTANTIATE(S) template void addElementwiseTables<S>(Tables<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props::semantics
