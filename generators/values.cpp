#include "generators/values.hpp"

#include <cmath>
#include <limits>
#include <tuple>

#include "spec/scalar/domains.hpp"

namespace tapecheck::gen {
namespace {

template <class F>
F drawFloat(spec::Rng& rng, const GenConfig& config) {
  const std::size_t roll = rng.below(64);
  if (config.floatValues == FloatValues::Special && roll < 4) {
    switch (roll) {
      case 0: return std::numeric_limits<F>::infinity();
      case 1: return -std::numeric_limits<F>::infinity();
      default: return std::numeric_limits<F>::quiet_NaN();
    }
  }
  if (roll < 8) return rng.chance(1, 2) ? F(0) : -F(0);
  if (roll < 12 && config.floatValues != FloatValues::Moderate) {
    // Huge or tiny magnitudes: overflow in exp, underflow in products.
    const int exponent = static_cast<int>(rng.between(20, 60)) * (rng.chance(1, 2) ? 1 : -1);
    const F magnitude = std::ldexp(F(1), exponent);
    return rng.chance(1, 2) ? magnitude : -magnitude;
  }
  if (roll < 14 && config.floatValues != FloatValues::Moderate) {
    // Subnormals: gradual underflow, and flush-to-zero in an engine.
    const F magnitude = std::numeric_limits<F>::denorm_min() * static_cast<F>(rng.between(1, 8));
    return rng.chance(1, 2) ? magnitude : -magnitude;
  }
  return static_cast<F>(rng.between(-16, 16)) / F(4);
}

// Shrinking order of floats: finite before special, integers before
// fractions, then smaller magnitude, then positive before negative.
template <class F>
bool simplerFloat(F a, F b) {
  auto key = [](F x) {
    const bool special = !std::isfinite(x);
    const F magnitude = special ? F(0) : std::fabs(x);
    return std::tuple(special, !special && x != std::trunc(x), magnitude, std::signbit(x));
  };
  return key(a) < key(b);
}

template <class F>
std::vector<F> simplerFloats(F v) {
  std::vector<F> out;
  for (F candidate : {F(0), F(1), std::isfinite(v) ? std::trunc(v) : F(0), -v}) {
    if (simplerFloat(candidate, v) && (out.empty() || !(out.back() == candidate))) {
      out.push_back(candidate);
    }
  }
  return out;
}

// ModP shrinks toward small magnitudes: 0, 1, -1, 2, -2, ...
std::uint64_t modpComplexity(spec::ModP v) {
  return v.v <= spec::ModP::kP / 2 ? 2 * v.v : 2 * (spec::ModP::kP - v.v) - 1;
}

}  // namespace

template <>
spec::ModP drawValue<spec::ModP>(spec::Rng& rng, const GenConfig&) {
  if (rng.chance(1, 4)) return spec::ModP::of(rng.between(-2, 3));
  return spec::ModP::raw(rng.below(spec::ModP::kP));
}
template <>
double drawValue<double>(spec::Rng& rng, const GenConfig& config) {
  return drawFloat<double>(rng, config);
}
template <>
float drawValue<float>(spec::Rng& rng, const GenConfig& config) {
  return drawFloat<float>(rng, config);
}

template <>
spec::Tropical drawValue<spec::Tropical>(spec::Rng& rng, const GenConfig&) {
  // Integers keep max-plus arithmetic exact; the semiring's zero (-inf) is common.
  if (rng.chance(1, 8)) return spec::zero<spec::Tropical>();
  return spec::Tropical{static_cast<double>(rng.between(-8, 8))};
}

template <>
std::vector<spec::ModP> simplerValues<spec::ModP>(const spec::ModP& v) {
  std::vector<spec::ModP> out;
  for (std::int64_t c : {0, 1, 2}) {
    const spec::ModP candidate = spec::ModP::of(c);
    if (modpComplexity(candidate) < modpComplexity(v)) out.push_back(candidate);
  }
  return out;
}
// Tropical values shrink toward one (0), then zero (-inf), then small integers.
template <>
std::vector<spec::Tropical> simplerValues<spec::Tropical>(const spec::Tropical& v) {
  const auto rank = [](spec::Tropical x) -> double {
    if (x.v == 0) return 0;
    if (std::isinf(x.v)) return 1;
    return 2 + 2 * std::fabs(x.v) + (x.v < 0 ? 1 : 0);
  };
  std::vector<spec::Tropical> out;
  for (spec::Tropical candidate : {spec::one<spec::Tropical>(), spec::zero<spec::Tropical>()}) {
    if (rank(candidate) < rank(v)) out.push_back(candidate);
  }
  return out;
}

template <>
std::vector<double> simplerValues<double>(const double& v) { return simplerFloats(v); }
template <>
std::vector<float> simplerValues<float>(const float& v) { return simplerFloats(v); }

template <class S>
void drawValuesInto(spec::Rng& rng, const GenConfig& config, spec::Tensor<S>& t) {
  for (S& v : t.data) v = drawValue<S>(rng, config);
}

template <class S>
spec::Tensor<S> drawTensor(spec::Rng& rng, const spec::Shape& shape, const GenConfig& config) {
  spec::Tensor<S> t = spec::Tensor<S>::zeros(shape);
  drawValuesInto(rng, config, t);
  return t;
}

spec::Env drawEnv(spec::Rng& rng, const GenConfig& config) {
  spec::Env env;
  env.indices.resize(rng.below(config.maxEnvLength + 1));
  const auto hi = static_cast<std::int64_t>(config.maxDim) + 1;
  for (std::size_t k = 0; k < env.indices.size(); ++k) {
    // Why repeats: a row gathered twice is where scatter-add VJPs go wrong.
    env.indices[k] = k > 0 && rng.chance(1, 4) ? env.indices[k - 1] : rng.between(-2, hi);
  }
  return env;
}

#define TAPECHECK_INSTANTIATE(S)                                                             \
  template spec::Tensor<S> drawTensor<S>(spec::Rng&, const spec::Shape&, const GenConfig&); \
  template void drawValuesInto<S>(spec::Rng&, const GenConfig&, spec::Tensor<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
