#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "spec/result.hpp"
#include "spec/scalar/algebra.hpp"

namespace tapecheck::spec {

/// IEEE binary64 and binary32. No theorem covers them; results are compared bit
/// for bit, except that -0 == +0 and any NaN equals any NaN.
template <class F>
struct FloatDomain {
  static constexpr Algebra algebra = Algebra::Real;
  static constexpr bool exact = false;  // rounding: algebraic identities hold only approximately
  static F zero() { return F(0); }
  static F one() { return F(1); }
  static F fromInt(std::int64_t v) { return static_cast<F>(v); }
  static bool same(F a, F b) { return a == b || (std::isnan(a) && std::isnan(b)); }
  /// Shortest text that parses back to the same value ("inf", "-inf", "nan" included).
  static std::string format(F a);
  static Result<F> parse(std::string_view text);
};

template <>
struct Domain<double> : FloatDomain<double> {
  static constexpr std::string_view name = "f64";
};
template <>
struct Domain<float> : FloatDomain<float> {
  static constexpr std::string_view name = "f32";
};

// Analytic functions and comparisons used by Real ops; every real domain
// (double, float, and the dual numbers over them) overloads the same names.
inline double realExp(double x) { return std::exp(x); }
inline float realExp(float x) { return std::exp(x); }
inline double realLog(double x) { return std::log(x); }
inline float realLog(float x) { return std::log(x); }
inline double realTanh(double x) { return std::tanh(x); }
inline float realTanh(float x) { return std::tanh(x); }
inline bool isPositive(double x) { return x > 0; }
inline bool isPositive(float x) { return x > 0; }
inline bool atMostZero(double x) { return x <= 0; }
inline bool atMostZero(float x) { return x <= 0; }
inline bool lessThan(double a, double b) { return a < b; }
inline bool lessThan(float a, float b) { return a < b; }
/// 1/x, for Field ops (ModP has its own overload).
inline double reciprocal(double x) { return 1.0 / x; }
inline float reciprocal(float x) { return 1.0f / x; }

extern template struct FloatDomain<double>;
extern template struct FloatDomain<float>;

}  // namespace tapecheck::spec
