#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "spec/result.hpp"
#include "spec/scalar/algebra.hpp"

namespace tapecheck::spec {

/// The max-plus (tropical) semiring: `+` is max, `*` is ordinary addition,
/// zero is -inf and one is 0. A commutative semiring and nothing more: code
/// that assumes a literal 0.0 is zero, or that subtracts, fails here. Values
/// are integers held in a double, so every operation is exact.
struct Tropical {
  double v = -std::numeric_limits<double>::infinity();

  friend Tropical operator+(Tropical a, Tropical b) { return {a.v < b.v ? b.v : a.v}; }
  friend Tropical operator*(Tropical a, Tropical b) { return {a.v + b.v}; }
  friend bool operator==(Tropical, Tropical) = default;
};

template <>
struct Domain<Tropical> {
  static constexpr std::string_view name = "tropical";
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool exact = true;
  static Tropical zero() { return {}; }
  static Tropical one() { return {0.0}; }
  /// n·one: one ⊕ … ⊕ one is one for n >= 1; zero for n <= 0 (no negatives here).
  static Tropical fromInt(std::int64_t n) { return n >= 1 ? one() : zero(); }
  static bool same(Tropical a, Tropical b) { return a.v == b.v; }
  static std::string format(Tropical a);
  /// An integer or "-inf".
  static Result<Tropical> parse(std::string_view text);
};

}  // namespace tapecheck::spec
