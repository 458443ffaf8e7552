// Rows of the ops that move elements: transpose2d broadcastTo reshape concat
// slice gather scatterAdd, in every domain. Each expected value comes from a
// loop over multi-indices written from the op's rule (and the oracle's + for
// the VJPs and scatterAdd that accumulate); the values are distinct, so any
// wrong index map, in forward or VJP, shows.
#include <algorithm>
#include <optional>

#include "properties/op_semantics_rows.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props::semantics {
namespace {

template <class S>
using O = Oracle<S>;
using spec::Shape;
using spec::Tensor;

// transpose2d(a [m,n]) = aᵀ: out(j, i) = a(i, j). VJP: δᵀ.
template <class S>
Row<S> transposed(const Tensor<S>& a, const Tensor<S>& d) {
  const Shape outShape{a.shape[1], a.shape[0]};
  Tensor<S> out = zerosOf<S>(outShape), g = zerosOf<S>(a.shape);
  for (std::size_t i = 0; i < a.shape[0]; ++i) {
    for (std::size_t j = 0; j < a.shape[1]; ++j) {
      out[flatIndex(outShape, {j, i})] = a[flatIndex(a.shape, {i, j})];
      g[flatIndex(a.shape, {i, j})] = d[flatIndex(outShape, {j, i})];
    }
  }
  return {.args = {a}, .out = out, .cotangent = d, .grads = {g}};
}

// broadcastTo: axes right-aligned; an axis of length 1 repeats. VJP: δ summed into the
// position each output element reads, ascending.
template <class S>
Row<S> broadcast(const Tensor<S>& a, const Shape& target) {
  const Tensor<S> d = counting<S>(target, 101);
  Tensor<S> out = zerosOf<S>(target), g = zerosOf<S>(a.shape);
  const std::size_t leading = target.rank() - a.shape.rank();
  for (std::size_t flat = 0; flat < out.size(); ++flat) {
    const std::vector<std::size_t> at = coordinates(target, flat);
    std::vector<std::size_t> from(a.shape.rank());
    for (std::size_t axis = 0; axis < from.size(); ++axis) {
      from[axis] = a.shape[axis] == 1 ? 0 : at[leading + axis];
    }
    const std::size_t source = flatIndex(a.shape, from);
    out[flat] = a[source];
    g[source] = O<S>::add(g[source], d[flat]);
  }
  spec::Attrs dims;
  for (std::size_t n : target.dims) dims.ints.push_back(static_cast<std::int64_t>(n));
  return {.args = {a}, .attrs = dims, .out = out, .cotangent = d, .grads = {g}};
}

// reshape: the same row-major elements under the target dims. VJP: δ's elements in a's shape.
template <class S>
Row<S> reshaped(const Tensor<S>& a, const Shape& target) {
  Tensor<S> out = a, d = counting<S>(target, 101), g = d;
  out.shape = target;
  g.shape = a.shape;
  spec::Attrs dims;
  for (std::size_t n : target.dims) dims.ints.push_back(static_cast<std::int64_t>(n));
  return {.args = {a}, .attrs = dims, .out = out, .cotangent = d, .grads = {g}};
}

// concat along `axis`: a's part first. VJP: each argument its part of δ.
template <class S>
Row<S> concatenated(const Tensor<S>& a, const Tensor<S>& b, std::size_t axis) {
  Shape outShape = a.shape;
  outShape.dims[axis] += b.shape[axis];
  const Tensor<S> d = counting<S>(outShape, 101);
  Tensor<S> out = zerosOf<S>(outShape), ga = zerosOf<S>(a.shape), gb = zerosOf<S>(b.shape);
  for (std::size_t flat = 0; flat < out.size(); ++flat) {
    std::vector<std::size_t> at = coordinates(outShape, flat);
    if (at[axis] < a.shape[axis]) {
      out[flat] = a[flatIndex(a.shape, at)];
      ga[flatIndex(a.shape, at)] = d[flat];
    } else {
      at[axis] -= a.shape[axis];
      out[flat] = b[flatIndex(b.shape, at)];
      gb[flatIndex(b.shape, at)] = d[flat];
    }
  }
  return {.args = {a, b}, .attrs = attrs({static_cast<std::int64_t>(axis)}), .out = out, .cotangent = d,
          .grads = {ga, gb}};
}

// slice: positions [start, start + length) of one axis. VJP: δ in place, zero elsewhere.
template <class S>
Row<S> sliced(const Tensor<S>& a, std::size_t axis, std::size_t start, std::size_t length) {
  Shape outShape = a.shape;
  outShape.dims[axis] = length;
  const Tensor<S> d = counting<S>(outShape, 101);
  Tensor<S> out = zerosOf<S>(outShape), g = zerosOf<S>(a.shape);
  for (std::size_t flat = 0; flat < out.size(); ++flat) {
    std::vector<std::size_t> at = coordinates(outShape, flat);
    at[axis] += start;
    out[flat] = a[flatIndex(a.shape, at)];
    g[flatIndex(a.shape, at)] = d[flat];
  }
  const auto n = [](std::size_t v) { return static_cast<std::int64_t>(v); };
  return {.args = {a}, .attrs = attrs({n(axis), n(start), n(length)}), .out = out, .cotangent = d,
          .grads = {g}};
}

/// Elements per row (axis 0) of shape s.
inline std::size_t rowWidth(const Shape& s) {
  std::size_t w = 1;
  for (std::size_t axis = 1; axis < s.rank(); ++axis) w *= s[axis];
  return w;
}

/// The row env.indices[offset + i] when it exists and lies in [0, rows), else nothing.
inline std::optional<std::size_t> indexedRow(const std::vector<std::int64_t>& indices, std::size_t offset,
                                             std::size_t i, std::size_t rows) {
  if (offset + i >= indices.size()) return std::nullopt;
  const std::int64_t row = indices[offset + i];
  if (row < 0 || static_cast<std::size_t>(row) >= rows) return std::nullopt;
  return static_cast<std::size_t>(row);
}

// gather {offset, count}: row i of the output is row indices[offset + i] of x, or a zero
// row. VJP: δ's rows added into dx, valid rows only, i ascending (duplicates accumulate).
// Why a descending cotangent too: in max-plus, adding a row's two cotangents
// keeps the larger, so a VJP that keeps only the last one is caught only when
// the last is the smaller.
template <class S>
Row<S> gathered(const Tensor<S>& x, std::vector<std::int64_t> indices, std::size_t offset, std::size_t count,
                std::int64_t first = 101, bool descending = false) {
  Shape outShape = x.shape;
  outShape.dims[0] = count;
  const std::size_t width = rowWidth(x.shape);
  Tensor<S> d = counting<S>(outShape, first);
  if (descending) std::reverse(d.data.begin(), d.data.end());
  Tensor<S> out = zerosOf<S>(outShape), g = zerosOf<S>(x.shape);
  for (std::size_t i = 0; i < count; ++i) {
    const std::optional<std::size_t> row = indexedRow(indices, offset, i, x.shape[0]);
    for (std::size_t r = 0; row && r < width; ++r) {
      out[i * width + r] = x[*row * width + r];
      g[*row * width + r] = O<S>::add(g[*row * width + r], d[i * width + r]);
    }
  }
  return {.args = {x}, .attrs = attrs({static_cast<std::int64_t>(offset), static_cast<std::int64_t>(count)}),
          .env = {std::move(indices)}, .out = out, .cotangent = d, .grads = {g}};
}

// scatterAdd {offset}: x with src row i added into row indices[offset + i], i ascending;
// other src rows dropped. VJP: x gets δ; src row i gets δ's row it went to, or zeros.
template <class S>
Row<S> scattered(const Tensor<S>& x, const Tensor<S>& src, std::vector<std::int64_t> indices, std::size_t offset,
                 const Tensor<S>& d) {
  const std::size_t width = rowWidth(x.shape);
  Tensor<S> out = x, gsrc = zerosOf<S>(src.shape);
  for (std::size_t i = 0; i < src.shape[0]; ++i) {
    const std::optional<std::size_t> row = indexedRow(indices, offset, i, x.shape[0]);
    for (std::size_t r = 0; row && r < width; ++r) {
      out[*row * width + r] = O<S>::add(out[*row * width + r], src[i * width + r]);
      gsrc[i * width + r] = d[*row * width + r];
    }
  }
  return {.args = {x, src}, .attrs = attrs({static_cast<std::int64_t>(offset)}), .env = {std::move(indices)},
          .out = out, .cotangent = d, .grads = {d, gsrc}};
}

template <class S>
void genericRows(Tables<S>& t) {
  const auto c = [](Shape s) { return counting<S>(s, 1); };
  for (Shape s : {Shape{2, 3}, Shape{1, 4}, Shape{3, 1}, Shape{0, 2}, Shape{2, 0}}) {
    rowsOf(t, "transpose2d").push_back(transposed(c(s), counting<S>(Shape{s[1], s[0]}, 101)));
  }

  auto& broadcasts = rowsOf(t, "broadcastTo");
  broadcasts.push_back(broadcast(c({3}), {2, 3}));
  broadcasts.push_back(broadcast(c({2, 1}), {2, 3}));
  broadcasts.push_back(broadcast(c({}), {2, 2}));
  broadcasts.push_back(broadcast(c({1, 3}), {2, 2, 3}));
  broadcasts.push_back(broadcast(c({2, 1, 3}), {2, 2, 3}));
  broadcasts.push_back(broadcast(c({3}), {3}));
  broadcasts.push_back(broadcast(c({1}), {0}));

  auto& reshapes = rowsOf(t, "reshape");
  reshapes.push_back(reshaped(c({2, 3}), {3, 2}));
  reshapes.push_back(reshaped(c({6}), {1, 6, 1}));
  reshapes.push_back(reshaped(c({}), {1, 1}));
  reshapes.push_back(reshaped(c({1, 1}), {}));
  reshapes.push_back(reshaped(c({0, 3}), {3, 0}));

  auto& concats = rowsOf(t, "concat");
  concats.push_back(concatenated(c({2, 1}), counting<S>({2, 2}, 11), 1));
  concats.push_back(concatenated(c({1, 2}), counting<S>({2, 2}, 11), 0));
  concats.push_back(concatenated(c({2, 1, 2}), counting<S>({2, 2, 2}, 11), 1));
  concats.push_back(concatenated(c({2, 2}), counting<S>({2, 0}, 11), 1));
  concats.push_back(concatenated(c({0, 2}), counting<S>({0, 3}, 11), 1));

  auto& slices = rowsOf(t, "slice");
  slices.push_back(sliced(c({2, 4}), 1, 1, 2));
  slices.push_back(sliced(c({3, 2}), 0, 2, 1));
  slices.push_back(sliced(c({2, 3, 2}), 1, 1, 2));
  slices.push_back(sliced(c({3}), 0, 0, 3));
  slices.push_back(sliced(c({2, 4}), 1, 4, 0));

  // Duplicate (2 twice), negative (-1), too large (7) and past-the-end positions.
  auto& gathers = rowsOf(t, "gather");
  const std::vector<std::int64_t> indices{9, 2, 0, 2, -1, 7};
  gathers.push_back(gathered(c({4, 2}), indices, 1, 5));
  gathers.push_back(gathered(c({4, 2}), indices, 3, 4));
  gathers.push_back(gathered(c({4, 2}), indices, 6, 2));
  gathers.push_back(gathered(c({3}), {2, 2, 0}, 0, 3));
  gathers.push_back(gathered(c({3}), {2, 2, 0}, 0, 3, 101, /*descending=*/true));
  gathers.push_back(gathered(c({4, 2}), indices, 1, 0));
  gathers.push_back(gathered(c({0, 2}), indices, 0, 2));

  auto& scatters = rowsOf(t, "scatterAdd");
  const std::vector<std::int64_t> targets{1, 0, 2, 0, 5};
  scatters.push_back(scattered(c({3, 2}), counting<S>({4, 2}, 11), targets, 1, counting<S>({3, 2}, 101)));
  scatters.push_back(scattered(c({3, 2}), counting<S>({4, 2}, 11), targets, 3, counting<S>({3, 2}, 101)));
  scatters.push_back(scattered(c({3}), counting<S>({2}, 11), {-1, 1}, 0, counting<S>({3}, 101)));
  scatters.push_back(scattered(c({3, 2}), counting<S>({0, 2}, 11), targets, 0, counting<S>({3, 2}, 101)));
  scatters.push_back(scattered(c({0, 2}), counting<S>({2, 2}, 11), targets, 0, counting<S>({0, 2}, 101)));
}

// Floats: values move bit for bit (-0, NaN, subnormals); a zero row is +0; scatterAdd
// adds in ascending i, so big + big - big overflows to inf rather than giving big.
template <class F>
void floatRows(Tables<F>& t) {
  using X = Special<F>;
  const F pz = X::pz, nz = X::nz, inf = X::inf, nan = X::nan, den = X::den, big = X::big;
  rowsOf(t, "transpose2d").push_back(transposed(tensor<F>({2, 3}, {nz, nan, inf, den, -den, pz}),
                                                tensor<F>({3, 2}, {pz, nz, nan, -inf, den, F(1)})));
  rowsOf(t, "gather").push_back(gathered(tensor<F>({2, 1}, {nz, nan}), {1, 0, 5}, 0, 3, 1));
  rowsOf(t, "scatterAdd").push_back(scattered(tensor<F>({2, 1}, {big, nz}), tensor<F>({3, 1}, {big, -big, nz}),
                                              {0, 0, 1}, 0, tensor<F>({2, 1}, {nan, nz})));
  rowsOf(t, "broadcastTo").push_back(broadcast(tensor<F>({2, 1}, {nz, nan}), {2, 2}));
  rowsOf(t, "concat").push_back(concatenated(tensor<F>({1}, {nz}), tensor<F>({2}, {nan, den}), 0));
  rowsOf(t, "slice").push_back(sliced(tensor<F>({4}, {pz, nz, nan, -den}), 0, 1, 3));
  rowsOf(t, "reshape").push_back(
      {.args = {tensor<F>({2}, {nz, nan})}, .attrs = attrs({1, 2}), .out = tensor<F>({1, 2}, {nz, nan}),
       .cotangent = tensor<F>({1, 2}, {den, nz}), .grads = {tensor<F>({2}, {den, nz})}});
}

}  // namespace

// Max-plus: a gathered zero row and slice's padding are -inf; the VJPs' sums are maxima.
void tropicalRows(Tables<spec::Tropical>& t) {
  using T = spec::Tropical;
  const T z = Oracle<T>::zero();
  const auto of = [](std::int64_t k) { return Oracle<T>::of(k); };
  rowsOf(t, "broadcastTo").push_back(broadcast(tensor<T>({2, 1}, {z, of(-3)}), {2, 3}));
  rowsOf(t, "gather").push_back(gathered(tensor<T>({3}, {z, of(4), of(-1)}), {1, 3, 0, 1}, 0, 4, -2));
  rowsOf(t, "scatterAdd").push_back(scattered(tensor<T>({2}, {z, of(5)}), tensor<T>({3}, {of(7), z, of(2)}),
                                              {0, 1, 1}, 0, tensor<T>({2}, {of(1), z})));
}

template <class S>
void addStructuralTables(Tables<S>& t) {
  genericRows(t);
  if constexpr (std::is_same_v<S, spec::Tropical>) tropicalRows(t);
  if constexpr (kIsFloat<S>) floatRows(t);
}

#define TAPECHECK_INSTANTIATE(S) template void addStructuralTables<S>(Tables<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props::semantics
