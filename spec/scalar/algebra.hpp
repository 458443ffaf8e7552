#pragma once
#include <cstdint>
#include <string_view>

namespace tapecheck::spec {

/// The algebraic structure an op needs and a domain provides, weakest first.
/// Each level includes the ones before it: a field is a ring is a semiring.
/// `Real` adds order and analytic functions (exp, tanh, comparisons).
enum class Algebra : std::uint8_t { Semiring = 0, Ring = 1, Field = 2, Real = 3 };

constexpr bool provides(Algebra domain, Algebra required) {
  return static_cast<std::uint8_t>(domain) >= static_cast<std::uint8_t>(required);
}

constexpr std::string_view algebraName(Algebra a) {
  switch (a) {
    case Algebra::Semiring: return "semiring";
    case Algebra::Ring: return "ring";
    case Algebra::Field: return "field";
    case Algebra::Real: return "real";
  }
  return "?";
}

/// Every scalar domain specializes this with: `name`, `algebra`, `exact`
/// (arithmetic without rounding), `zero()`,
/// `one()`, `fromInt(int64)`, `same(a, b)` (the domain's equality for
/// comparing results), `format(a)` (exact, parseable) and `parse(text)`.
template <class S>
struct Domain;

/// A domain supports an op when it provides the op's algebra.
template <class S>
constexpr bool supports(Algebra required) {
  return provides(Domain<S>::algebra, required);
}

template <class S>
S zero() { return Domain<S>::zero(); }
template <class S>
S one() { return Domain<S>::one(); }
template <class S>
S fromInt(std::int64_t v) { return Domain<S>::fromInt(v); }

/// The branch an op takes on a condition. Ops branch on values only through
/// choose(), so that a domain whose conditions may be uncertain (Bounded,
/// spec/scalar/bounded.hpp) can account for both branches.
template <class S>
S choose(bool condition, const S& ifTrue, const S& ifFalse) {
  return condition ? ifTrue : ifFalse;
}

/// A value used only as a shift that cancels exactly (softmax's maximum);
/// the identity everywhere but in Bounded.
template <class S>
S shiftOnly(const S& x) {
  return x;
}

}  // namespace tapecheck::spec
