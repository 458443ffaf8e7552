#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace tapecheck::gen {

/// How floats are drawn. Finite (the default) mixes small dyadic values with
/// ±0, huge or tiny magnitudes and subnormals; Moderate keeps to small dyadic
/// values and ±0 (for finite differences and properties that need finite
/// forward values); Special adds ±Inf and NaN to Finite. The rates are
/// stated and tested in properties/value_census.hpp.
enum class FloatValues { Finite, Moderate, Special };

/// Bounds of generated graph cases. RapidCheck's size (0..100) scales the
/// node count from 0 up to maxNodes.
struct GenConfig {
  std::size_t maxNodes = 64;
  std::size_t maxRank = 3;
  std::size_t minDim = 1;
  std::size_t maxDim = 4;
  std::size_t maxEnvLength = 8;
  /// Only these ops (by name) when not empty; otherwise every op the domain supports.
  std::vector<std::string> ops;
  FloatValues floatValues = FloatValues::Finite;
  /// When not empty, one node in three is drawn among these ops (those in
  /// scope) instead of among all: a property biased toward where VJPs go
  /// wrong (repeated indices, reductions over rank >= 2) meets them sooner.
  std::vector<std::string> favoredOps;
};

}  // namespace tapecheck::gen
