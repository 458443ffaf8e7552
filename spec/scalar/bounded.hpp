#pragma once
// Bounded<F>: a float computed exactly as the spec computes it (the same
// operations in the same order, so `v` is bit for bit the spec's value), plus
// a first-order bound `err` on how far the result of ANY evaluation order of
// the same operations, with a libm within kLibmUlps per call, can be from the
// exact real result. Two correct engines are then within 2·err of each other.
// The model, and why each rule is what it is, is in docs/floats.md.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "spec/result.hpp"
#include "spec/scalar/algebra.hpp"
#include "spec/scalar/float_domains.hpp"

namespace tapecheck::spec {

/// Ulps from the correctly rounded result that one call of exp, log or tanh
/// may be, in the spec and in the engine: glibc, fdlibm (V8) and SLEEF's u10
/// and u35 functions are all within it.
inline constexpr double kLibmUlps = 4;

/// x·y for x, y >= 0, never below the exact product: the bounds are kept in
/// double, and a product of f64 magnitudes can underflow there (2^-869 times
/// 2^-454 is 0 in double while another association of the same f64 product
/// rounds to the smallest subnormal). Below double's normal range a rounding
/// is off by at most half a subnormal, so one more subnormal makes it safe.
inline double productRoundedUp(double x, double y) {
  const double p = x * y;
  if (p >= std::numeric_limits<double>::min() || x == 0 || y == 0) return p;
  return p + std::numeric_limits<double>::denorm_min();
}

template <class F>
struct Bounded {
  F v{};                    // the spec's value
  double mag = 0;           // bounds |exact value| and every partial sum of it
  double err = 0;           // bounds |any order's result - exact value|
  std::uint32_t terms = 0;  // summands in the sum this value is (0 for an exact zero)
  /// The largest magnitude a partial product of this value's factors can
  /// have, at least 1: the product of its factors above 1 in magnitude (a sum
  /// or a libm result is one factor). Another association of the same product
  /// computes such a partial product first, and overflows where it passes F's
  /// range even when the spec's own order does not (-(δ·((a/b)/b)) under a
  /// zero seed: 0·inf).
  double big = 1;
  std::uint32_t factors = 1;  // in that product: each may underflow in some association

  /// Unit roundoff: a rounded operation is within u·|result| of exact.
  static constexpr double u = std::numeric_limits<F>::epsilon() / 2;
  /// Absolute error of a product or libm call rounding into the subnormals.
  static constexpr double tiny = std::numeric_limits<F>::denorm_min();

  /// A value known exactly: an input, a seed element, a constant.
  static Bounded exact(F x) {
    if (!std::isfinite(x)) return {x, std::numeric_limits<double>::infinity(), 0, 1, 1, 1};
    const double mag = std::fabs(static_cast<double>(x));
    return {x, mag, 0, x == F(0) ? 0u : 1u, std::max(1.0, mag), 1};
  }

  /// Applies the rules' last step: a non-finite value or bound means the
  /// orders cannot be bounded, which comparisons report as not applicable.
  /// So does a magnitude past F's largest finite value: `mag` bounds every
  /// partial sum of every order, and past that one order may overflow to ±inf
  /// where the spec's does not (in f32, where `mag` is kept in double); and
  /// so does `big`, the largest partial product of another association.
  Bounded checked() && {
    big = std::max({big, mag, 1.0});
    if (!std::isfinite(v) || !std::isfinite(err) || !std::isfinite(mag) ||
        mag + err >= static_cast<double>(std::numeric_limits<F>::max()) ||
        big >= static_cast<double>(std::numeric_limits<F>::max())) {
      err = std::numeric_limits<double>::infinity();
    }
    return std::move(*this);
  }

  // A sum of n terms (spread over any tree of additions) in any order is within
  // (n-1)·u·Σ|terms| of exact (Higham, ch. 4). Joining sums of k1 and k2 terms
  // adds u·(k2·mag1 + k1·mag2), which totals that bound whatever the spec's
  // own tree was.
  friend Bounded operator+(const Bounded& a, const Bounded& b) {
    return Bounded{static_cast<F>(a.v + b.v), a.mag + b.mag,
                   a.err + b.err + u * (b.terms * a.mag + a.terms * b.mag), a.terms + b.terms, 1, 1}
        .checked();
  }
  friend Bounded operator-(const Bounded& a) { return {static_cast<F>(-a.v), a.mag, a.err, a.terms, a.big, a.factors}; }
  friend Bounded operator-(const Bounded& a, const Bounded& b) { return a + (-b); }
  // Relative errors add under products, so any association of a product
  // chain has the same bound: each rounding is u relative to the result,
  // while no partial product leaves F's normal range. One that underflows is
  // off by at most `tiny` and by at most itself (it may flush to 0), then
  // scaled by the factors still to come, at most `big` ((r·r)·a with r·r in
  // the subnormals): at most min(tiny·big, mag), at each of the factors - 1
  // roundings of some association.
  friend Bounded operator*(const Bounded& a, const Bounded& b) {
    const double mag = productRoundedUp(a.mag, b.mag);
    const double big = a.big * b.big;
    const std::uint32_t factors = a.factors + b.factors;
    const double underflow = std::min(tiny * big, mag) * (factors - 1);
    const double rounding = mag == 0 ? 0 : u * mag + underflow;
    const double carried =
        productRoundedUp(a.mag, b.err) + productRoundedUp(b.mag, a.err) + productRoundedUp(a.err, b.err);
    return Bounded{static_cast<F>(a.v * b.v), mag, carried + rounding,
                   mag == 0 && a.err == 0 && b.err == 0 ? 0u : 1u, big, factors}
        .checked();
  }
};

/// A branch condition: `certain` when every evaluation order takes the same
/// branch. It has no conversion to bool on purpose: an op must branch through
/// choose(), which widens the bound when the branch is uncertain.
struct BoundedCondition {
  bool value;
  bool certain;
  /// False when an operand has no finite bound (a NaN from log(-3), an
  /// overflow): no order is then known to take either branch for a reason,
  /// and neither branch's result bounds the other's.
  bool bounded;
};

/// The result of a libm-like call f at x: `slope` bounds |f'| between the
/// spec's argument and any order's, `mag` bounds |f| there.
template <class F>
Bounded<F> libmCall(F value, const Bounded<F>& x, double slope, double mag) {
  const double rounding = 2 * kLibmUlps * Bounded<F>::u * mag + Bounded<F>::tiny;
  return Bounded<F>{value, mag, slope * x.err + rounding, 1, 1, 1}.checked();
}

// Why 2·err in the intervals below: the spec's argument and any order's are
// each within err of the exact one, hence within 2·err of each other.
template <class F>
Bounded<F> realExp(const Bounded<F>& x) {
  const double top = std::exp(static_cast<double>(x.v) + 2 * x.err);
  return libmCall(realExp(x.v), x, top, top);
}
template <class F>
Bounded<F> realLog(const Bounded<F>& x) {
  const double low = static_cast<double>(x.v) - 2 * x.err;
  const F value = realLog(x.v);
  if (!(low > 0)) return Bounded<F>{value, 0, std::numeric_limits<double>::infinity(), 1, 1, 1};
  const double mag = std::max(std::fabs(std::log(low)), std::fabs(std::log(static_cast<double>(x.v) + 2 * x.err)));
  return libmCall(value, x, 1 / low, mag);
}
template <class F>
Bounded<F> realTanh(const Bounded<F>& x) {
  const double nearest = std::max(0.0, std::fabs(static_cast<double>(x.v)) - 2 * x.err);
  const double t = std::tanh(nearest);
  const double mag = std::min(1.0, std::fabs(std::tanh(std::fabs(static_cast<double>(x.v)) + 2 * x.err)));
  return libmCall(realTanh(x.v), x, 1 - t * t, mag);
}
template <class F>
Bounded<F> reciprocal(const Bounded<F>& x) {
  const double low = std::fabs(static_cast<double>(x.v)) - 2 * x.err;
  const F value = reciprocal(x.v);
  if (!(low > 0)) return Bounded<F>{value, 0, std::numeric_limits<double>::infinity(), 1, 1, 1};
  const double mag = 1 / low;
  return Bounded<F>{value, mag, x.err * mag * mag + Bounded<F>::u * mag + Bounded<F>::tiny, 1, 1, 1}.checked();
}

/// Whether a and b may compare either way in some evaluation order. A NaN
/// gap with an error in play counts: another order may give a number there.
template <class F>
bool mayCross(double gap, const Bounded<F>& a, const Bounded<F>& b) {
  const double slack = 2 * (a.err + b.err);
  return slack > 0 && !(std::fabs(gap) > slack);
}
template <class F>
BoundedCondition isPositive(const Bounded<F>& x) {
  return {x.v > 0, !mayCross(static_cast<double>(x.v), x, Bounded<F>{}), std::isfinite(x.err)};
}
template <class F>
BoundedCondition atMostZero(const Bounded<F>& x) {
  return {x.v <= 0, !mayCross(static_cast<double>(x.v), x, Bounded<F>{}), std::isfinite(x.err)};
}
template <class F>
BoundedCondition lessThan(const Bounded<F>& a, const Bounded<F>& b) {
  return {a.v < b.v, !mayCross(static_cast<double>(a.v) - static_cast<double>(b.v), a, b),
          std::isfinite(a.err) && std::isfinite(b.err)};
}

/// The spec's branch; when some order may take the other one, the bound
/// grows to cover that branch's result too (it is measured from the exact
/// value of the spec's branch). A branch on an unbounded operand has no
/// bound: min(0, log(-3)) must not call either gradient split explained.
template <class F>
Bounded<F> choose(BoundedCondition c, const Bounded<F>& ifTrue, const Bounded<F>& ifFalse) {
  const Bounded<F>& taken = c.value ? ifTrue : ifFalse;
  if (c.certain) return taken;
  if (!c.bounded) return Bounded<F>{taken.v, taken.mag, std::numeric_limits<double>::infinity(), taken.terms, taken.big, taken.factors};
  const Bounded<F>& other = c.value ? ifFalse : ifTrue;
  const double gap = std::fabs(static_cast<double>(taken.v) - static_cast<double>(other.v));
  return Bounded<F>{taken.v, std::max(taken.mag, other.mag) + gap, taken.err + 2 * other.err + gap,
                    std::max(taken.terms, other.terms), std::max(taken.big, other.big),
                    std::max(taken.factors, other.factors)}
      .checked();
}

/// A value used only as a shift that cancels exactly (softmax's maximum): any
/// order may pick another shift without changing the exact result, so its own
/// error does not propagate.
template <class F>
Bounded<F> shiftOnly(const Bounded<F>& x) {
  return Bounded<F>::exact(x.v);
}

template <class F>
struct Domain<Bounded<F>> {
  static constexpr std::string_view name = Domain<F>::name;
  static constexpr Algebra algebra = Algebra::Real;
  static constexpr bool exact = false;
  static Bounded<F> zero() { return {}; }
  static Bounded<F> one() { return Bounded<F>::exact(F(1)); }
  static Bounded<F> fromInt(std::int64_t n) { return Bounded<F>::exact(static_cast<F>(n)); }
  static bool same(const Bounded<F>& a, const Bounded<F>& b) { return Domain<F>::same(a.v, b.v); }
  static std::string format(const Bounded<F>& a) {
    return Domain<F>::format(a.v) + "±" + FloatDomain<double>::format(a.err);
  }
  static Result<Bounded<F>> parse(std::string_view) { return fail("bounded values are not read from text"); }
};

}  // namespace tapecheck::spec
