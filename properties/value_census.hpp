#pragma once
// What values a case exercises, and the floors the generator must reach: the
// value classes where gradients go wrong (−0, subnormals, ±inf, NaN, exact
// ties, kinks, duplicate indices, rank ≥ 2 softmax) each drawn at a stated
// rate, and every op in a stated share of graphs. A generator that stops
// drawing one of them passes every property; the floors catch it.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "generators/config.hpp"
#include "generators/graph_case.hpp"
#include "properties/self_check.hpp"

namespace tapecheck::props {

enum class ValueClass : std::uint8_t {
  NegativeZero,         // an input element is -0 (floats)
  Subnormal,            // an input element is subnormal (floats)
  Infinity,             // an input element is ±inf (floats, Special values)
  NotANumber,           // an input element is NaN (floats, Special values)
  ExactTie,             // a max or min node reads equal elements at one index
  Kink,                 // a relu or abs node reads a zero
  DuplicateGatherIndex, // a gather or scatterAdd reads or writes one row twice
  SoftmaxRank2,         // a softmax node's argument has rank >= 2
};
inline constexpr std::size_t kValueClasses = 8;
std::string_view valueClassName(ValueClass c);

/// The classes case c exercises, as a bit per ValueClass.
template <class S>
std::uint32_t valueClassesOf(const gen::GraphCase<S>& c);

/// The least share (%) of generated cases that must exercise a class in
/// domain S with values drawn as `values`; 0 where the class does not exist.
template <class S>
double valueClassFloor(ValueClass c, gen::FloatValues values);

/// The least share (%) of generated graphs in which each op of the scope must
/// appear (the coverage floor).
inline constexpr double kOpFloorPercent = 5.0;

/// Draws case number i of a census (seed and size fixed by i, so a census is
/// deterministic), with floats drawn as `values`.
template <class S>
using CaseSampler = std::function<gen::GraphCase<S>(int i, gen::FloatValues values)>;

/// The generator as the suite uses it (gen::genGraphCase with default bounds).
template <class S>
CaseSampler<S> defaultSampler();

/// The floors self-check: draws `cases` cases in each value mode and fails
/// when a value class or an op falls under its floor. casesToFailure is the
/// cases drawn before the verdict (the census needs all of them).
template <class S>
SelfCheckResult distributionFloorsHold(const CaseSampler<S>& sample, int cases = 400);

}  // namespace tapecheck::props
