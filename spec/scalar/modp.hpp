#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "spec/rng.hpp"  // tapecheck_uint128

#include "spec/result.hpp"
#include "spec/scalar/algebra.hpp"

namespace tapecheck::spec {

/// Integers modulo the Mersenne prime 2^61-1: a field with exact arithmetic,
/// no overflow and no rounding, so the TorchLean theorems hold bit for bit.
struct ModP {
  static constexpr std::uint64_t kP = (std::uint64_t{1} << 61) - 1;
  std::uint64_t v = 0;  // always in [0, kP)

  constexpr ModP() = default;
  static constexpr ModP raw(std::uint64_t canonical) { ModP m; m.v = canonical; return m; }
  static constexpr ModP of(std::int64_t x) {
    std::int64_t r = x % static_cast<std::int64_t>(kP);
    if (r < 0) r += static_cast<std::int64_t>(kP);
    return raw(static_cast<std::uint64_t>(r));
  }

  friend constexpr ModP operator+(ModP a, ModP b) {
    std::uint64_t s = a.v + b.v;  // < 2^62, no overflow
    return raw(s >= kP ? s - kP : s);
  }
  friend constexpr ModP operator-(ModP a) { return raw(a.v == 0 ? 0 : kP - a.v); }
  friend constexpr ModP operator-(ModP a, ModP b) { return a + (-b); }
  friend constexpr ModP operator*(ModP a, ModP b) {
    tapecheck_uint128 p = static_cast<tapecheck_uint128>(a.v) * b.v;
    std::uint64_t lo = static_cast<std::uint64_t>(p & kP);
    std::uint64_t hi = static_cast<std::uint64_t>(p >> 61);
    std::uint64_t s = lo + hi;  // 2^61-1 ≡ 0, so 2^61 ≡ 1
    return raw(s >= kP ? s - kP : s);
  }
  friend constexpr bool operator==(ModP, ModP) = default;

  /// Multiplicative inverse (Fermat); the inverse of 0 is 0.
  constexpr ModP inverse() const {
    ModP result = raw(1), base = *this;
    for (std::uint64_t e = kP - 2; e; e >>= 1) {
      if (e & 1) result = result * base;
      base = base * base;
    }
    return v == 0 ? ModP{} : result;
  }
};

/// 1/x in the field; the reciprocal of 0 is 0 (ops that divide document it).
inline ModP reciprocal(ModP x) { return x.inverse(); }

template <>
struct Domain<ModP> {
  static constexpr std::string_view name = "modp";
  static constexpr Algebra algebra = Algebra::Field;
  static constexpr bool exact = true;  // results must be equal, no rounding
  static ModP zero() { return {}; }
  static ModP one() { return ModP::raw(1); }
  static ModP fromInt(std::int64_t v) { return ModP::of(v); }
  static bool same(ModP a, ModP b) { return a == b; }
  static std::string format(ModP a);
  /// Accepts a decimal integer (any sign, any size up to 19 digits), reduced mod p.
  static Result<ModP> parse(std::string_view text);
};

}  // namespace tapecheck::spec
