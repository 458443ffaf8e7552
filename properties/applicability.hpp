#pragma once
// Applicability ceilings: the most cases a property may find outside its
// hypotheses (Verdict::NotApplicable) under the default generator. A guard
// that grows too eager (one that takes ±0 for non-finite) turns evidence into
// "n/a" and nothing fails; the ceiling does.
#include <span>
#include <string>
#include <string_view>

#include "properties/catalog.hpp"
#include "properties/self_check.hpp"

namespace tapecheck::props {

/// "non-finite values 42, not differentiable 3": n/a cases by reason, most
/// frequent first; empty when every case applied.
std::string notApplicableReasons(std::span<const int, kNotApplicableReasons> counts);

/// The ceiling (% of cases) for property `name` in domain S: the share
/// measured on the reference runtime (docs/floats.md) plus a margin.
template <class S>
double notApplicableCeiling(std::string_view property);

/// Runs `property` against `runtime` on `cases` cases of the default generator
/// (in the property's value mode) and fails once its n/a cases pass the
/// ceiling's share of them; casesToFailure is the case that passed it.
template <class S>
SelfCheckResult applicabilityWithinCeiling(const PropertySpec<S>& property, const RuntimeAdapter<S>& runtime,
                                           int cases = 200);

}  // namespace tapecheck::props
