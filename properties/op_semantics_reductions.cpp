// Rows of the ops that add up: sum dot reduceSum matmul linear (every domain)
// and mean mseLoss (ModP and floats). Every sum in these rules starts from
// zero and adds in ascending index, so in floats a sum of -0s is +0 and
// big + big - big overflows to inf; the oracle's loops below do the same,
// with the oracle's + and · of the domain.
#include "properties/op_semantics_rows.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props::semantics {
namespace {

template <class S>
using O = Oracle<S>;
using spec::Shape;
using spec::Tensor;

// sum(a) = Σ a[i] from zero. VJP: every element gets δ.
template <class S>
Row<S> summed(const Tensor<S>& a, S d) {
  S acc = O<S>::zero();
  for (std::size_t i = 0; i < a.size(); ++i) acc = O<S>::add(acc, a[i]);
  return {.args = {a}, .out = Tensor<S>::scalar(acc), .cotangent = Tensor<S>::scalar(d),
          .grads = {Tensor<S>(a.shape, d)}};
}

// dot(a, b) = Σ a[i]·b[i] from zero. VJP: a gets δ·b, b gets δ·a.
template <class S>
Row<S> dotted(const Tensor<S>& a, const Tensor<S>& b, S d) {
  S acc = O<S>::zero();
  for (std::size_t i = 0; i < a.size(); ++i) acc = O<S>::add(acc, O<S>::mul(a[i], b[i]));
  const auto times = [d](S x) { return O<S>::mul(d, x); };
  return {.args = {a, b}, .out = Tensor<S>::scalar(acc), .cotangent = Tensor<S>::scalar(d),
          .grads = {map(b, times), map(a, times)}};
}

// reduceSum along `axis`, each output the sum from zero of its inputs in ascending
// index along the axis. VJP: δ copied back along the axis.
template <class S>
Row<S> reduced(const Tensor<S>& a, std::size_t axis, const Tensor<S>& d) {
  Tensor<S> out = zerosOf<S>(d.shape), g = zerosOf<S>(a.shape);
  for (std::size_t flat = 0; flat < out.size(); ++flat) {
    std::vector<std::size_t> at = coordinates(d.shape, flat);
    at.insert(at.begin() + static_cast<std::ptrdiff_t>(axis), 0);
    for (std::size_t k = 0; k < a.shape[axis]; ++k) {
      at[axis] = k;
      out[flat] = O<S>::add(out[flat], a[flatIndex(a.shape, at)]);
      g[flatIndex(a.shape, at)] = d[flat];
    }
  }
  return {.args = {a}, .attrs = attrs({static_cast<std::int64_t>(axis)}), .out = out, .cotangent = d,
          .grads = {g}};
}

// matmul: C(i,j) = Σ_k A(i,k)·B(k,j); dA(i,k) = Σ_j δ(i,j)·B(k,j); dB(k,j) = Σ_i A(i,k)·δ(i,j),
// each from zero in ascending index.
template <class S>
Row<S> multiplied(const Tensor<S>& a, const Tensor<S>& b) {
  const std::size_t m = a.shape[0], n = a.shape[1], p = b.shape[1];
  const Shape outShape{m, p};
  const Tensor<S> d = counting<S>(outShape, 101);
  Tensor<S> out = zerosOf<S>(outShape), ga = zerosOf<S>(a.shape), gb = zerosOf<S>(b.shape);
  const auto A = [&](std::size_t i, std::size_t k) { return a[flatIndex(a.shape, {i, k})]; };
  const auto B = [&](std::size_t k, std::size_t j) { return b[flatIndex(b.shape, {k, j})]; };
  const auto D = [&](std::size_t i, std::size_t j) { return d[flatIndex(outShape, {i, j})]; };
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      S& c = out[flatIndex(outShape, {i, j})];
      for (std::size_t k = 0; k < n; ++k) c = O<S>::add(c, O<S>::mul(A(i, k), B(k, j)));
    }
  }
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k < n; ++k) {
      S& c = ga[flatIndex(a.shape, {i, k})];
      for (std::size_t j = 0; j < p; ++j) c = O<S>::add(c, O<S>::mul(D(i, j), B(k, j)));
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < p; ++j) {
      S& c = gb[flatIndex(b.shape, {k, j})];
      for (std::size_t i = 0; i < m; ++i) c = O<S>::add(c, O<S>::mul(A(i, k), D(i, j)));
    }
  }
  return {.args = {a, b}, .out = out, .cotangent = d, .grads = {ga, gb}};
}

// linear: y[r] = (Σ_c W[r,c]·x[c] from zero) + b[r]. VJP: W gets δ[r]·x[c], b gets δ,
// x gets Σ_r W[r,c]·δ[r] from zero.
template <class S>
Row<S> affine(const Tensor<S>& w, const Tensor<S>& b, const Tensor<S>& x, const Tensor<S>& d) {
  const std::size_t rows = w.shape[0], cols = w.shape[1];
  Tensor<S> y = zerosOf<S>(b.shape), gw = zerosOf<S>(w.shape), gx = zerosOf<S>(x.shape);
  for (std::size_t r = 0; r < rows; ++r) {
    S acc = O<S>::zero();
    for (std::size_t c = 0; c < cols; ++c) acc = O<S>::add(acc, O<S>::mul(w[flatIndex(w.shape, {r, c})], x[c]));
    y[r] = O<S>::add(acc, b[r]);
    for (std::size_t c = 0; c < cols; ++c) gw[flatIndex(w.shape, {r, c})] = O<S>::mul(d[r], x[c]);
  }
  for (std::size_t c = 0; c < cols; ++c) {
    for (std::size_t r = 0; r < rows; ++r) gx[c] = O<S>::add(gx[c], O<S>::mul(w[flatIndex(w.shape, {r, c})], d[r]));
  }
  return {.args = {w, b, x}, .out = y, .cotangent = d, .grads = {gw, d, gx}};
}

template <class S>
void genericRows(Tables<S>& t) {
  const auto c = [](Shape s, std::int64_t first = 1) { return counting<S>(s, first); };
  const S seven = O<S>::of(7);
  auto& sums = rowsOf(t, "sum");
  sums.push_back(summed(ints<S>({2, 3}, {1, -2, 3, 4, 5, 6}), seven));
  sums.push_back(summed(ints<S>({}, {5}), seven));
  sums.push_back(summed(c({0}), seven));
  sums.push_back(summed(c({2, 0}), seven));

  auto& dots = rowsOf(t, "dot");
  dots.push_back(dotted(ints<S>({3}, {1, -2, 3}), ints<S>({3}, {4, 5, 6}), seven));
  dots.push_back(dotted(c({2, 2}), c({2, 2}, 5), seven));
  dots.push_back(dotted(c({0}), c({0}), seven));

  auto& reduces = rowsOf(t, "reduceSum");
  reduces.push_back(reduced(c({2, 3}), 0, c({3}, 101)));
  reduces.push_back(reduced(c({2, 3}), 1, c({2}, 101)));
  reduces.push_back(reduced(c({2, 3, 2}), 1, c({2, 2}, 101)));
  reduces.push_back(reduced(c({2, 0}), 1, c({2}, 101)));
  reduces.push_back(reduced(c({0, 3}), 1, c({0}, 101)));
  reduces.push_back(reduced(c({2, 0}), 0, c({0}, 101)));

  auto& matmuls = rowsOf(t, "matmul");
  matmuls.push_back(multiplied(ints<S>({2, 3}, {1, -2, 3, 4, 5, -6}), c({3, 2}, 7)));
  matmuls.push_back(multiplied(c({1, 2}), c({2, 3}, 5)));
  matmuls.push_back(multiplied(c({2, 0}), c({0, 3})));
  matmuls.push_back(multiplied(c({0, 2}), c({2, 1})));

  auto& linears = rowsOf(t, "linear");
  linears.push_back(affine(ints<S>({2, 3}, {1, -2, 3, 4, 5, -6}), c({2}, 11), c({3}, 21), c({2}, 101)));
  linears.push_back(affine(c({1, 2}), c({1}, 11), c({2}, 21), c({1}, 101)));
  linears.push_back(affine(c({2, 0}), c({2}, 11), c({0}), c({2}, 101)));
  linears.push_back(affine(c({0, 3}), c({0}), c({3}, 21), c({0})));
}

// mean = (Σ a from zero)·reciprocal(N), an empty a has mean zero; VJP δ·reciprocal(N).
// mseLoss = (Σ (ŷ - t)² from zero)·reciprocal(N), N = 1 when empty; VJP
// g = δ·2·(ŷ - t)·reciprocal(N) to ŷ, -g to t. Integer results, exact in ModP and floats.
template <class S>
void fieldRows(Tables<S>& t) {
  const auto scalar = [](std::int64_t k) { return Tensor<S>::scalar(O<S>::of(k)); };
  const Tensor<S> empty = zerosOf<S>({0});
  auto& means = rowsOf(t, "mean");
  means.push_back({.args = {ints<S>({2, 2}, {1, 2, 3, 6})}, .out = scalar(3), .cotangent = scalar(8),
                   .grads = {ints<S>({2, 2}, {2, 2, 2, 2})}});
  means.push_back({.note = "empty", .args = {empty}, .out = scalar(0), .cotangent = scalar(8), .grads = {empty}});

  auto& losses = rowsOf(t, "mseLoss");
  losses.push_back({.args = {ints<S>({2}, {5, 2}), ints<S>({2}, {1, 4})}, .out = scalar(10), .cotangent = scalar(3),
                    .grads = {ints<S>({2}, {12, -6}), ints<S>({2}, {-12, 6})}});
  losses.push_back(
      {.note = "empty", .args = {empty, empty}, .out = scalar(0), .cotangent = scalar(3), .grads = {empty, empty}});
}

// Max-plus sums are maxima from -inf, products are +: -inf entries drop out of a
// maximum and absorb a product.
void tropicalRows(Tables<spec::Tropical>& t) {
  using T = spec::Tropical;
  const T z = O<T>::zero();
  const auto of = [](std::int64_t k) { return O<T>::of(k); };
  rowsOf(t, "sum").push_back(summed(tensor<T>({3}, {z, of(3), of(-2)}), of(4)));
  rowsOf(t, "sum").push_back(summed(tensor<T>({2}, {z, z}), of(4)));
  rowsOf(t, "dot").push_back(dotted(tensor<T>({3}, {z, of(3), of(1)}), tensor<T>({3}, {of(9), z, of(-4)}), of(2)));
  rowsOf(t, "matmul").push_back(
      multiplied(tensor<T>({2, 2}, {z, of(1), of(2), z}), tensor<T>({2, 2}, {of(5), z, z, of(-1)})));
  rowsOf(t, "linear").push_back(affine(tensor<T>({2, 2}, {z, of(1), of(2), z}), tensor<T>({2}, {z, of(8)}),
                                       tensor<T>({2}, {of(3), z}), tensor<T>({2}, {of(1), z})));
  rowsOf(t, "reduceSum").push_back(
      reduced(tensor<T>({2, 2}, {z, of(1), z, z}), 0, tensor<T>({2}, {of(6), of(7)})));
}

void modpRows(Tables<spec::ModP>& t) {
  using M = spec::ModP;
  // N = 3: reciprocal(3) in the field, so 12·(1/3) = 4 and 6·(1/3) = 2 exactly.
  rowsOf(t, "mean").push_back({.args = {ints<M>({3}, {1, 5, 6})}, .out = Tensor<M>::scalar(O<M>::of(4)),
                               .cotangent = Tensor<M>::scalar(O<M>::of(6)), .grads = {ints<M>({3}, {2, 2, 2})}});
}

template <class F>
void floatRows(Tables<F>& t) {
  using X = Special<F>;
  const F pz = X::pz, nz = X::nz, inf = X::inf, nan = X::nan, den = X::den, big = X::big;
  const auto v = [](std::initializer_list<F> values) { return tensor<F>({values.size()}, values); };
  const auto s = [](F x) { return Tensor<F>::scalar(x); };

  auto& sums = rowsOf(t, "sum");
  sums.push_back(summed(v({nz, nz}), nz));                   // +0 + -0 + -0 = +0
  sums.push_back(summed(v({big, big, -big}), F(2)));          // ascending: inf, not big
  sums.push_back(summed(v({inf, -inf}), den));
  auto& dots = rowsOf(t, "dot");
  dots.push_back(dotted(v({nz, F(2)}), v({F(1), nz}), F(3)));
  dots.push_back(dotted(v({big, big, -big}), v({F(1), F(1), F(1)}), nz));
  dots.push_back(dotted(v({inf}), v({pz}), F(2)));
  rowsOf(t, "reduceSum").push_back(
      reduced(tensor<F>({2, 3}, {nz, nz, nz, big, big, -big}), 1, v({nz, F(3)})));
  rowsOf(t, "matmul").push_back(multiplied(tensor<F>({2, 1}, {nz, F(1)}), tensor<F>({1, 2}, {F(1), big})));
  rowsOf(t, "matmul").push_back(multiplied(tensor<F>({1, 3}, {big, big, -big}), tensor<F>({3, 1}, {F(1), F(1), F(1)})));
  rowsOf(t, "linear").push_back(affine(tensor<F>({1, 1}, {nz}), v({nz}), v({F(1)}), v({nz})));
  rowsOf(t, "linear").push_back(affine(tensor<F>({1, 3}, {big, big, -big}), v({-big}), v({F(1), F(1), F(1)}), v({F(2)})));
  rowsOf(t, "linear").push_back(affine(tensor<F>({1, 0}, {}), v({nz}), tensor<F>({0}, {}), v({F(2)})));

  // mean: (0 + -0 + -0)·½ = +0; overflow before the ½; inf - inf = NaN; an empty mean is +0.
  auto& means = rowsOf(t, "mean");
  means.push_back({.args = {v({nz, nz})}, .out = s(pz), .cotangent = s(nz), .grads = {v({nz, nz})}});
  means.push_back({.args = {v({big, big})}, .out = s(inf), .cotangent = s(F(1)), .grads = {v({F(0.5), F(0.5)})}});
  const F r3 = F(1) / F(3);  // Σ·reciprocal(N), not Σ/N: in f64, 5·(1/3) is one ulp below 5/3
  means.push_back({.args = {v({F(2), F(3), pz})}, .out = s(F(5) * r3), .cotangent = s(F(5)),
                   .grads = {v({F(5) * r3, F(5) * r3, F(5) * r3})}});
  means.push_back({.args = {v({inf, -inf})}, .out = s(nan), .cotangent = s(den), .grads = {v({pz, pz})}});

  // mseLoss: a zero difference gives g = +0 and -g = -0; (-0) - (+0) = -0 squares to +0.
  auto& losses = rowsOf(t, "mseLoss");
  losses.push_back({.args = {v({F(3), F(1)}), v({F(1), F(1)})}, .out = s(F(2)), .cotangent = s(F(3)),
                    .grads = {v({F(6), pz}), v({F(-6), nz})}});
  losses.push_back({.args = {v({nz}), v({pz})}, .out = s(pz), .cotangent = s(F(1)), .grads = {v({nz}), v({pz})}});
  losses.push_back({.args = {v({inf}), v({inf})}, .out = s(nan), .cotangent = s(F(1)), .grads = {v({nan}), v({nan})}});
}

}  // namespace

template <class S>
void addReductionTables(Tables<S>& t) {
  genericRows(t);
  if constexpr (spec::supports<S>(spec::Algebra::Field)) fieldRows(t);
  if constexpr (std::is_same_v<S, spec::ModP>) modpRows(t);
  if constexpr (std::is_same_v<S, spec::Tropical>) tropicalRows(t);
  if constexpr (kIsFloat<S>) floatRows(t);
}

#define TAPECHECK_INSTANTIATE(S) template void addReductionTables<S>(Tables<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props::semantics
