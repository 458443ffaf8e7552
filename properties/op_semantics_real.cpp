// Rows of the Real ops, in floats only: relu tanh exp log sigmoid softplus abs
// max min softmax. Expected values are IEEE 754 and C library facts at chosen
// points (exp(-inf) = +0, tanh(±inf) = ±1, log(-0) = -inf), or the C library
// itself where the op's documented formula is evaluated (tanh(0.5), log 2).
// Each op's header comment in spec/ops/ is the rule; where it differs from
// PyTorch (max(1, NaN) = 1, softplus(-40) = +0, abs(-0) = -0), the rule wins.
#include <cmath>

#include "properties/op_semantics_rows.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props::semantics {
namespace {

/// x, hidden from the compiler, so that the C library computes f(x) at run time
/// as the kernels do, rather than the compiler folding it with its own library.
template <class F>
F opaque(F x) {
  volatile F hidden = x;
  return hidden;
}

template <class F>
void unaryRows(Tables<F>& t) {
  using X = Special<F>;
  const F pz = X::pz, nz = X::nz, inf = X::inf, nan = X::nan, den = X::den;
  const auto v = [](std::initializer_list<F> values) { return tensor<F>({values.size()}, values); };

  // relu: 0 if x <= 0 else x, so relu(-0) = +0 and relu(NaN) = NaN. VJP: δ where x > 0,
  // else 0, so relu'(0) = relu'(NaN) = 0. (The header also writes it relu'(x)·δ; the two
  // differ only in the sign of 0·δ for δ < 0 or in 0·inf, so those δ are left out below.)
  rowsOf(t, "relu").push_back({.args = {v({nz, pz, nan, -inf, den, -den, F(2), inf})},
                               .out = v({pz, pz, nan, pz, den, pz, F(2), inf}),
                               .cotangent = v({F(1), F(2), F(3), F(4), F(5), F(6), nan, nz}),
                               .grads = {v({pz, pz, pz, pz, F(5), pz, nan, nz})}});

  // tanh: odd, saturating; VJP δ⊙(1 - y²), and 1 - 1 = +0 so δ < 0 gives -0 at y = ±1.
  const F y5 = std::tanh(opaque(F(0.5)));
  rowsOf(t, "tanh").push_back(
      {.args = {v({pz, nz, inf, -inf, nan, F(40), F(-40), den, F(0.5)})},
       .out = v({pz, nz, F(1), F(-1), nan, F(1), F(-1), std::tanh(opaque(den)), y5}),
       .cotangent = v({F(1), F(2), F(3), F(-4), F(5), F(6), F(7), F(8), F(9)}),
       .grads = {v({F(1), F(2), pz, nz, nan, pz, pz, F(8), F(9) * (F(1) - y5 * y5)})}});

  // exp: VJP δ⊙y with y the forward value; 0·inf = NaN where y = 0 and δ = inf.
  const F e = std::exp(opaque(F(1)));
  rowsOf(t, "exp").push_back(
      {.args = {v({pz, nz, -inf, inf, nan, F(1000), F(-1000), den, F(1)})},
       .out = v({F(1), F(1), pz, inf, nan, inf, pz, F(1), e}),
       .cotangent = v({F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(8), F(9)}),
       .grads = {v({F(1), F(2), pz, inf, nan, inf, pz, F(8), F(9) * e})}});
  rowsOf(t, "exp").push_back({.args = {v({-inf, F(-1000)})},
                              .out = v({pz, pz}),
                              .cotangent = v({inf, F(-2)}),
                              .grads = {v({nan, nz})}});

  // log: log(±0) = -inf, log(x < 0) = NaN; VJP δ⊙reciprocal(x), 1/-inf = -0, 1/subnormal = inf.
  rowsOf(t, "log").push_back(
      {.args = {v({F(1), pz, nz, F(-1), inf, -inf, nan, F(2), den, F(4)})},
       .out = v({pz, -inf, -inf, nan, inf, nan, nan, std::log(opaque(F(2))), std::log(opaque(den)), std::log(opaque(F(4)))}),
       .cotangent = counting<F>({10}),
       .grads = {v({F(1), inf, -inf, F(-4), pz, nz, nan, F(4), inf, F(2.5)})}});

  // sigmoid: reciprocal(1 + exp(-x)); VJP δ⊙y⊙(1 - y), +0 at y = 1 and -0 there for δ < 0.
  rowsOf(t, "sigmoid").push_back(
      {.args = {v({pz, nz, inf, -inf, nan, F(1000), F(-1000), F(40)})},
       .out = v({F(0.5), F(0.5), F(1), pz, nan, F(1), pz, F(1)}),
       .cotangent = v({F(1), F(2), F(3), F(4), F(5), F(6), F(7), F(-8)}),
       .grads = {v({F(0.25), F(0.5), pz, pz, nan, pz, pz, nz})}});

  // softplus: log(1 + exp(x)) with no large-x shortcut (softplus(1000) = inf) and no log1p
  // (softplus(-40) = log(1) = +0). VJP δ⊙reciprocal(1 + exp(-x)).
  const F log2 = std::log(opaque(F(2)));
  rowsOf(t, "softplus").push_back(
      {.args = {v({pz, nz, -inf, inf, nan, F(1000), F(-1000), F(-40)})},
       .out = v({log2, log2, pz, inf, nan, inf, pz, pz}),
       .cotangent = counting<F>({8}),
       .grads = {v({F(0.5), F(1), pz, F(4), nan, F(6), pz, F(8) * (F(1) / (F(1) + std::exp(opaque(F(40)))))})}});

  // abs: -x if x < 0 else x, so abs(-0) = -0. VJP δ⊙sign(x) with sign(0) = 0: a product,
  // so its zero carries δ's sign and 0·inf = NaN. sign(NaN) is not documented: NaN's row
  // has δ = NaN, which makes the product NaN whatever sign(NaN) is.
  rowsOf(t, "abs").push_back({.args = {v({nz, pz, F(-3), F(3), -inf, -den})},
                              .out = v({nz, pz, F(3), F(3), inf, den}),
                              .cotangent = v({F(1), F(-2), F(3), F(4), F(5), F(7)}),
                              .grads = {v({pz, nz, F(-3), F(4), F(-5), F(-7)})}});
  rowsOf(t, "abs").push_back({.args = {v({pz, F(-3), nan})},
                              .out = v({pz, F(3), nan}),
                              .cotangent = v({inf, nz, nan}),
                              .grads = {v({nan, pz, nan})}});

  const spec::Tensor<F> empty = zerosOf<F>({0});
  for (const char* op : {"relu", "tanh", "exp", "log", "sigmoid", "softplus", "abs"}) {
    rowsOf(t, op).push_back({.note = "empty", .args = {empty}, .out = empty, .cotangent = empty, .grads = {empty}});
  }
}

// max and min: a on a tie, where a tie is neither lessThan the other — ±0 and any NaN
// included, so max(NaN, 1) = NaN but max(1, NaN) = 1. VJP: the winner gets δ, the other
// +0; on a tie each gets δ·½ (so a subnormal δ gives +0 to both, -0 gives -0 to both).
template <class F>
void extremumRows(Tables<F>& t) {
  using X = Special<F>;
  const F pz = X::pz, nz = X::nz, inf = X::inf, nan = X::nan, den = X::den;
  const auto v = [](std::initializer_list<F> values) { return tensor<F>({values.size()}, values); };
  const auto a = v({F(1), F(3), pz, nz, nan, F(1), -inf, inf, F(2), F(2)});
  const auto b = v({F(2), F(2), nz, pz, F(1), nan, -inf, F(5), F(2), F(2)});
  const auto d = v({F(2), F(4), F(5), F(7), F(9), F(11), F(13), F(6), den, nz});
  rowsOf(t, "max").push_back(
      {.args = {a, b},
       .out = v({F(2), F(3), pz, nz, nan, F(1), -inf, inf, F(2), F(2)}),
       .cotangent = d,
       .grads = {v({pz, F(4), F(2.5), F(3.5), F(4.5), F(5.5), F(6.5), F(6), pz, nz}),
                 v({F(2), pz, F(2.5), F(3.5), F(4.5), F(5.5), F(6.5), pz, pz, nz})}});
  rowsOf(t, "min").push_back(
      {.args = {a, b},
       .out = v({F(1), F(2), pz, nz, nan, F(1), -inf, F(5), F(2), F(2)}),
       .cotangent = d,
       .grads = {v({F(2), pz, F(2.5), F(3.5), F(4.5), F(5.5), F(6.5), pz, pz, nz}),
                 v({pz, F(4), F(2.5), F(3.5), F(4.5), F(5.5), F(6.5), F(6), pz, nz})}});
  const spec::Tensor<F> empty = zerosOf<F>({0});
  for (const char* op : {"max", "min"}) {
    rowsOf(t, op).push_back(
        {.note = "empty", .args = {empty, empty}, .out = empty, .cotangent = empty, .grads = {empty, empty}});
  }
}

// softmax over the last axis, row by row: m = the row's maximum, e = exp(x - m),
// s = Σ e from zero, y = e·reciprocal(s). VJP: t = Σ δ·y from zero, dx = y·(δ - t).
template <class F>
void softmaxRows(Tables<F>& t) {
  using X = Special<F>;
  const F pz = X::pz, inf = X::inf, nan = X::nan;
  auto& rows = rowsOf(t, "softmax");
  // Equal entries give 1/n exactly; the maximum's shift keeps 1000 finite; -inf weighs 0.
  rows.push_back({.args = {tensor<F>({2, 2}, {F(3), F(3), F(1000), -inf})},
                  .out = tensor<F>({2, 2}, {F(0.5), F(0.5), F(1), pz}),
                  .cotangent = tensor<F>({2, 2}, {F(1), F(3), F(2), F(5)}),
                  .grads = {tensor<F>({2, 2}, {F(-0.5), F(0.5), pz, pz})}});
  rows.push_back({.args = {tensor<F>({1, 4}, {F(-7), F(-7), F(-7), F(-7)})},
                  .out = tensor<F>({1, 4}, {F(0.25), F(0.25), F(0.25), F(0.25)}),
                  .cotangent = tensor<F>({1, 4}, {F(1), F(2), F(3), F(4)}),
                  .grads = {tensor<F>({1, 4}, {F(-0.375), F(-0.125), F(0.125), F(0.375)})}});
  // A row whose maximum is inf, or whose entries are all -inf, subtracts inf - inf: NaN.
  rows.push_back({.args = {tensor<F>({3, 3}, {pz, -inf, pz, inf, pz, F(1), -inf, -inf, -inf})},
                  .out = tensor<F>({3, 3}, {F(0.5), pz, F(0.5), nan, nan, nan, nan, nan, nan}),
                  .cotangent = counting<F>({3, 3}),
                  .grads = {tensor<F>({3, 3}, {F(-0.5), pz, F(0.5), nan, nan, nan, nan, nan, nan})}});
  // The formula itself, through the C library: x = [0, 1], m = 1.
  const F e0 = std::exp(opaque(F(-1))), e1 = std::exp(opaque(F(0)));
  const F r = F(1) / (F(0) + e0 + e1);
  const F y0 = e0 * r, y1 = e1 * r;
  const F dt = F(0) + F(2) * y0 + F(-3) * y1;
  rows.push_back({.args = {tensor<F>({1, 2}, {F(0), F(1)})},
                  .out = tensor<F>({1, 2}, {y0, y1}),
                  .cotangent = tensor<F>({1, 2}, {F(2), F(-3)}),
                  .grads = {tensor<F>({1, 2}, {y0 * (F(2) - dt), y1 * (F(-3) - dt)})}});
  for (spec::Shape s : {spec::Shape{2, 0}, spec::Shape{0, 3}, spec::Shape{0}}) {
    const spec::Tensor<F> empty = zerosOf<F>(s);
    rows.push_back({.note = "empty", .args = {empty}, .out = empty, .cotangent = empty, .grads = {empty}});
  }
}

}  // namespace

template <class S>
void addRealTables(Tables<S>& t) {
  if constexpr (kIsFloat<S>) {
    unaryRows(t);
    extremumRows(t);
    softmaxRows(t);
  }
}

#define TAPECHECK_INSTANTIATE(S) template void addRealTables<S>(Tables<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props::semantics
