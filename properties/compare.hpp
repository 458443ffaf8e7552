#pragma once
// How a result is compared with the spec's: one policy for every property and
// route (docs/floats.md). Exact domains always compare exactly; in floats the
// policy is bit for bit, within the order-independent rounding bound, or
// within a tolerance the user gives.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "generators/graph_case.hpp"
#include "properties/verdict.hpp"
#include "spec/graph_data.hpp"

namespace tapecheck::props {

/// |actual - spec| <= absolute + relative * max(|actual|, |spec|). Infinities
/// must match exactly; NaN matches only NaN.
struct Tolerance {
  double relative = 0.0;
  double absolute = 0.0;

  static Tolerance exact() { return {}; }
  static Tolerance within(double relative, double absolute) { return {relative, absolute}; }
  bool isExact() const { return relative == 0.0 && absolute == 0.0; }
};

struct Comparison {
  enum class Mode : std::uint8_t {
    Exact,       // bit for bit (-0 == +0, NaN == NaN): the spec's own order
    OrderBound,  // within what some evaluation order of the same operations gives
    Tolerance,   // within `tolerance`
  };
  Mode mode = Mode::Exact;
  props::Tolerance tolerance;

  static Comparison exact() { return {}; }
  static Comparison orderBound() { return {Mode::OrderBound, {}}; }
  static Comparison within(props::Tolerance t) { return {Mode::Tolerance, t}; }
  /// "exact", "order-bound" or "tolerance:REL,ABS": what parseComparison reads.
  std::string str() const;
};

/// Reads "exact", "order-bound" or "tolerance:REL,ABS" (e.g. tolerance:1e-9,1e-12).
Result<Comparison> parseComparison(std::string_view text);

/// What the spec computed and, when the comparison needs it, how far apart two
/// evaluation orders may put each element (spec/bounds.hpp).
template <class S>
struct Expected {
  spec::Context<S> values;
  std::optional<spec::Context<double>> reorder;
  /// For exact comparisons in floats: the bounds, computed only to explain a
  /// difference ("within what a reordering explains").
  std::function<std::optional<spec::Context<double>>()> reorderOnDemand;
};

/// The spec's forward values of c, with bounds when `how` needs them.
template <class S>
Result<Expected<S>> expectedValues(const gen::GraphCase<S>& c, const Comparison& how);

/// The spec's gradients of c for `seed` (backpropAllCtx), with bounds when
/// `how` needs them.
template <class S>
Result<Expected<S>> expectedGradients(const gen::GraphCase<S>& c, const spec::Context<S>& seed,
                                      const Comparison& how);

/// Another result of the engine in the role of the expected one (a second
/// backward, the reachable-only loop), with the spec's bounds for it.
template <class S>
Expected<S> expectedAs(spec::Context<S> reference, const Expected<S>& spec);

/// Where two contexts first differ: the text ("position 3, element 1:
/// runtime 2.5, spec 2.75, differs by ...") and the position with its element
/// (no element when the shapes differ, no position when the lengths differ).
struct Difference {
  std::string text;
  std::optional<Position> position;
};

/// Where `actual` first differs from `expected` under `how`, or nothing. Float
/// differences give the distance in ulps and the bound; elements whose bound
/// is not finite are not applicable under OrderBound (counted in the tally).
template <class S>
std::optional<Difference> firstDifference(const spec::Context<S>& actual, const Expected<S>& expected,
                                           const Comparison& how, std::string_view actualLabel = "runtime",
                                           std::string_view expectedLabel = "spec");

/// Bit-for-bit comparison of two contexts (the domain's `same`).
template <class S>
std::optional<Difference> firstDifference(const spec::Context<S>& actual, const spec::Context<S>& expected,
                                           std::string_view actualLabel = "runtime");

/// Counts, in this process, of float elements compared and of how they
/// matched: the CLI reports them per property run.
struct ComparisonTally {
  std::uint64_t elements = 0;
  std::uint64_t withinBound = 0;  // not bit for bit, within the order bound
  std::uint64_t unbounded = 0;    // not bit for bit, no finite bound: not applicable
  std::uint64_t withinTolerance = 0;
};
ComparisonTally& comparisonTally();

/// Whether every element of every tensor is finite (always true in exact domains).
template <class S>
bool allFinite(const spec::Context<S>& values);

/// What a zero seed context must give: zero gradients, with a bound per float
/// element that is 0 (exactly zero in every order) except where no order can
/// promise zero — where the spec's own zero-seed gradient is not zero (0·inf
/// past a reciprocal that overflows, as 1/x for a tiny x in f32) or, under
/// order-bound, where its reordering bound is not finite (a sum that cancels
/// to exactly 0 in another order, then 0/0). There the element is not
/// applicable. Compare with firstDifference(..., Comparison::orderBound()).
template <class S>
Result<Expected<S>> expectedZeroGradients(const gen::GraphCase<S>& c, const spec::Context<S>& zeros,
                                          const Comparison& how);

}  // namespace tapecheck::props
