#pragma once
// Dual numbers v + dε (ε² = 0): running an op's forward code over Dual<S>
// yields its JVP, an oracle independent of the hand-written VJP.
#include <string>
#include <string_view>
#include <type_traits>

#include "spec/result.hpp"
#include "spec/scalar/algebra.hpp"
// The base overloads must be declared before the dual templates that call them.
#include "spec/scalar/float_domains.hpp"
#include "spec/scalar/modp.hpp"

namespace tapecheck::spec {

template <class S>
struct Dual {
  S v{};  // primal
  S d{};  // tangent

  friend Dual operator+(const Dual& a, const Dual& b) { return {a.v + b.v, a.d + b.d}; }
  friend Dual operator*(const Dual& a, const Dual& b) { return {a.v * b.v, a.v * b.d + a.d * b.v}; }
  friend Dual operator-(const Dual& a) { return {-a.v, -a.d}; }
  friend Dual operator-(const Dual& a, const Dual& b) { return a + (-b); }
};

template <class S>
struct Domain<Dual<S>> {
  static constexpr std::string_view name = "dual";
  static constexpr Algebra algebra = Domain<S>::algebra;
  static constexpr bool exact = Domain<S>::exact;
  static Dual<S> zero() { return {Domain<S>::zero(), Domain<S>::zero()}; }
  static Dual<S> one() { return {Domain<S>::one(), Domain<S>::zero()}; }
  static Dual<S> fromInt(std::int64_t n) { return {Domain<S>::fromInt(n), Domain<S>::zero()}; }
  static bool same(const Dual<S>& a, const Dual<S>& b) {
    return Domain<S>::same(a.v, b.v) && Domain<S>::same(a.d, b.d);
  }
  static std::string format(const Dual<S>& a) {
    return Domain<S>::format(a.v) + "+" + Domain<S>::format(a.d) + "e";
  }
  static Result<Dual<S>> parse(std::string_view) { return fail("dual numbers are not read from text"); }
};

// The chain rule for each function Real and Field ops use.
template <class S>
Dual<S> realExp(const Dual<S>& x) {
  const S e = realExp(x.v);
  return {e, e * x.d};
}
template <class S>
Dual<S> realLog(const Dual<S>& x) {
  return {realLog(x.v), x.d * reciprocal(x.v)};
}
template <class S>
Dual<S> realTanh(const Dual<S>& x) {
  const S t = realTanh(x.v);
  return {t, (Domain<S>::one() + -(t * t)) * x.d};
}
template <class S>
Dual<S> reciprocal(const Dual<S>& x) {
  const S r = reciprocal(x.v);
  return {r, -(x.d * r * r)};
}
// A condition is the primal's: a bool, or over Bounded a BoundedCondition
// that may be uncertain.
template <class S>
auto isPositive(const Dual<S>& x) {
  return isPositive(x.v);
}
template <class S>
auto atMostZero(const Dual<S>& x) {
  return atMostZero(x.v);
}
template <class S>
auto lessThan(const Dual<S>& a, const Dual<S>& b) {
  return lessThan(a.v, b.v);
}
/// An uncertain branch chooses the primal and the tangent alike, so that
/// both cover the branch not taken (bool conditions use the plain choose).
template <class S, class Condition>
  requires(!std::is_same_v<Condition, bool>)
Dual<S> choose(Condition c, const Dual<S>& ifTrue, const Dual<S>& ifFalse) {
  return {choose(c, ifTrue.v, ifFalse.v), choose(c, ifTrue.d, ifFalse.d)};
}

}  // namespace tapecheck::spec
