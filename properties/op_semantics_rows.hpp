#pragma once
// Internal to the op-semantics check (properties/op_semantics.hpp): what a row
// of a table is, the arithmetic its expected values are computed in, and the
// table files' entry points. The arithmetic here is written apart from the
// domains' operators and never calls an op's kernel: ModP reduces with %,
// Tropical is std::max and +, floats are the built-in IEEE operators.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "spec/op.hpp"

namespace tapecheck::props::semantics {

/// One exact case: arguments, attributes and Δ; the value the op's rule gives;
/// a cotangent δ of distinct values (so a wrong index map shows) and the
/// argument cotangents the rule gives for it.
template <class S>
struct Row {
  // Why the {}: rows are written with designated initializers that leave most
  // fields out, and GCC's -Wextra wants a default for each one left out.
  std::string note{};  // what the row is about, when the values alone do not say it
  std::vector<spec::Tensor<S>> args{};
  spec::Attrs attrs{};
  spec::Env env{};
  spec::Tensor<S> out{};
  spec::Tensor<S> cotangent{};
  std::vector<spec::Tensor<S>> grads{};
};

template <class S>
struct Table {
  std::string op;
  std::vector<Row<S>> rows;
};

template <class S>
using Tables = std::vector<Table<S>>;

/// The rows of `op`'s table, which is added when it is not there yet.
template <class S>
std::vector<Row<S>>& rowsOf(Tables<S>& tables, const std::string& op) {
  for (Table<S>& t : tables) {
    if (t.op == op) return t.rows;
  }
  tables.push_back(Table<S>{op, {}});
  return tables.back().rows;
}

template <class S>
inline constexpr bool kIsFloat = std::is_floating_point_v<S>;

/// The oracle's arithmetic in domain S.
template <class S>
struct Oracle;

template <>
struct Oracle<spec::ModP> {
  using M = spec::ModP;
  static M of(std::int64_t k) {
    const std::int64_t p = static_cast<std::int64_t>(M::kP);
    return M::raw(static_cast<std::uint64_t>(((k % p) + p) % p));
  }
  static M zero() { return M::raw(0); }
  static M one() { return M::raw(1); }
  static M add(M a, M b) { return M::raw((a.v + b.v) % M::kP); }
  static M mul(M a, M b) {
    return M::raw(static_cast<std::uint64_t>(static_cast<tapecheck_uint128>(a.v) * b.v % M::kP));
  }
  static M neg(M a) { return M::raw((M::kP - a.v) % M::kP); }
};

template <class F>
struct FloatOracle {
  static F of(std::int64_t k) { return static_cast<F>(k); }
  static F zero() { return F(0); }
  static F one() { return F(1); }
  static F add(F a, F b) { return a + b; }
  static F mul(F a, F b) { return a * b; }
  static F neg(F a) { return -a; }
};
template <>
struct Oracle<double> : FloatOracle<double> {};
template <>
struct Oracle<float> : FloatOracle<float> {};

/// Max-plus: ⊕ is max, ⊗ is +, zero is -inf, one is 0.
template <>
struct Oracle<spec::Tropical> {
  using T = spec::Tropical;
  static T of(std::int64_t k) { return T{static_cast<double>(k)}; }
  static T zero() { return T{-std::numeric_limits<double>::infinity()}; }
  static T one() { return T{0.0}; }
  static T add(T a, T b) { return T{std::max(a.v, b.v)}; }
  static T mul(T a, T b) { return T{a.v + b.v}; }
};

/// Float constants for rows: signed zeros, infinities, NaN, the smallest
/// subnormal and the largest finite value.
template <class F>
struct Special {
  static constexpr F pz = F(0);
  static constexpr F nz = -F(0);
  static constexpr F inf = std::numeric_limits<F>::infinity();
  static constexpr F nan = std::numeric_limits<F>::quiet_NaN();
  static constexpr F den = std::numeric_limits<F>::denorm_min();
  static constexpr F big = std::numeric_limits<F>::max();
};

/// A tensor of the given shape and values (row-major).
template <class S>
spec::Tensor<S> tensor(spec::Shape shape, std::initializer_list<S> values) {
  spec::Tensor<S> t;
  t.shape = std::move(shape);
  t.data.assign(values.begin(), values.end());
  return t;
}

/// A tensor of integers, each the oracle's image of k in S.
template <class S>
spec::Tensor<S> ints(spec::Shape shape, std::initializer_list<std::int64_t> values) {
  spec::Tensor<S> t;
  t.shape = std::move(shape);
  for (std::int64_t k : values) t.data.push_back(Oracle<S>::of(k));
  return t;
}

/// The tensor of the given shape filled with the oracle's zero.
template <class S>
spec::Tensor<S> zerosOf(spec::Shape shape) {
  return spec::Tensor<S>(std::move(shape), Oracle<S>::zero());
}

/// 1, 2, 3, ... in S: distinct values for a cotangent.
template <class S>
spec::Tensor<S> counting(spec::Shape shape, std::int64_t first = 1) {
  spec::Tensor<S> t = zerosOf<S>(std::move(shape));
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = Oracle<S>::of(first + static_cast<std::int64_t>(i));
  return t;
}

/// f applied to each element of a (and b): the oracle's elementwise loops.
template <class S, class F>
spec::Tensor<S> map(const spec::Tensor<S>& a, F f) {
  spec::Tensor<S> out = a;
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = f(a[i]);
  return out;
}
template <class S, class F>
spec::Tensor<S> map(const spec::Tensor<S>& a, const spec::Tensor<S>& b, F f) {
  spec::Tensor<S> out = a;
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = f(a[i], b[i]);
  return out;
}
template <class S, class F>
spec::Tensor<S> map(const spec::Tensor<S>& a, const spec::Tensor<S>& b, const spec::Tensor<S>& c, F f) {
  spec::Tensor<S> out = a;
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = f(a[i], b[i], c[i]);
  return out;
}

/// The multi-index of row-major flat index `flat` in shape s.
inline std::vector<std::size_t> coordinates(const spec::Shape& s, std::size_t flat) {
  std::vector<std::size_t> at(s.rank());
  for (std::size_t axis = s.rank(); axis-- > 0;) {
    at[axis] = flat % s[axis];
    flat /= s[axis];
  }
  return at;
}

/// The row-major flat index of multi-index `at` in shape s.
inline std::size_t flatIndex(const spec::Shape& s, const std::vector<std::size_t>& at) {
  std::size_t flat = 0;
  for (std::size_t axis = 0; axis < s.rank(); ++axis) flat = flat * s[axis] + at[axis];
  return flat;
}

inline spec::Attrs attrs(std::initializer_list<std::int64_t> ints) {
  spec::Attrs a;
  for (std::int64_t v : ints) a.ints.push_back(v);
  return a;
}

// The table files, one family of ops each. Every one is instantiated for the
// domains of TAPECHECK_FOR_EACH_DOMAIN and adds only the ops S has kernels for.
template <class S>
void addElementwiseTables(Tables<S>& tables);  // add sub mul neg scale square div
template <class S>
void addRealTables(Tables<S>& tables);  // relu tanh exp log sigmoid softplus abs max min softmax
template <class S>
void addStructuralTables(Tables<S>& tables);  // transpose2d broadcastTo reshape concat slice gather scatterAdd
template <class S>
void addReductionTables(Tables<S>& tables);  // sum dot mean mseLoss reduceSum matmul linear

}  // namespace tapecheck::props::semantics
