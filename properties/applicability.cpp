#include "properties/applicability.hpp"

#include <algorithm>
#include <array>
#include <vector>
#include <cmath>
#include <string>
#include <utility>

#include "properties/value_census.hpp"

namespace tapecheck::props {
namespace {

struct Ceiling {
  std::string_view property;
  std::string_view domain;
  double percent;
};

// Measured on the reference runtime, 1,000 cases of the default generator
// (tests/harness/applicability_ceilings_test.cpp prints the shares), plus
// about 15 points. Why n/a at all: reachable_eq_dense has nothing to seed in
// an empty graph (size 0) and, like zero_seed_gives_zero, needs finite forward
// values; T5 needs a finite rounding bound or a differentiable point.
constexpr std::array kCeilings = {
    Ceiling{"reachable_eq_dense", "modp", 20},     Ceiling{"reachable_eq_dense", "tropical", 20},
    Ceiling{"zero_seed_gives_zero", "f64", 50},    Ceiling{"zero_seed_gives_zero", "f32", 50},
    Ceiling{"reachable_eq_dense", "f64", 60},      Ceiling{"reachable_eq_dense", "f32", 60},
    Ceiling{"T5_vjp_adjoint_of_jvp", "f64", 65},   Ceiling{"T5_finite_differences", "f64", 70},
};
// Every other property applies to every case; the ceiling leaves room for a
// user's op outside a property's hypotheses, not for a guard.
constexpr double kDefaultCeiling = 5;

}  // namespace

std::string notApplicableReasons(std::span<const int, props::kNotApplicableReasons> counts) {
  std::vector<std::size_t> order;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    if (counts[r] > 0) order.push_back(r);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });
  std::string out;
  for (std::size_t r : order) {
    if (!out.empty()) out += ", ";
    out += std::string(props::reasonName(static_cast<props::NotApplicableReason>(r))) + " " + std::to_string(counts[r]);
  }
  return out;
}

template <class S>
double notApplicableCeiling(std::string_view property) {
  for (const Ceiling& c : kCeilings) {
    if (c.property == property && c.domain == spec::Domain<S>::name) return c.percent;
  }
  return kDefaultCeiling;
}

template <class S>
SelfCheckResult applicabilityWithinCeiling(const PropertySpec<S>& property, const RuntimeAdapter<S>& runtime,
                                           int cases) {
  SelfCheckResult result;
  result.check = "applicability_ceiling";
  const double ceiling = notApplicableCeiling<S>(property.name);
  const auto allowed = static_cast<int>(std::floor(ceiling * cases / 100.0));
  const CaseSampler<S> sample = defaultSampler<S>();
  int notApplicable = 0;
  for (int i = 0; i < cases; ++i) {
    const gen::GraphCase<S> c = sample(i, property.values);
    ++result.casesEvaluated;
    const Verdict v = property.check(runtime, c);
    if (v.applicable()) continue;
    if (++notApplicable > allowed) {
      result.failed = true;
      result.casesToFailure = result.casesEvaluated;
      result.message = std::string(property.name) + " in " + std::string(spec::Domain<S>::name) + ": " +
                       std::to_string(notApplicable) + " cases of " + std::to_string(cases) +
                       " not applicable, over its ceiling of " + std::to_string(static_cast<int>(ceiling)) +
                       "% (the last: " + v.message + ")";
      return result;
    }
  }
  return result;
}

#define TAPECHECK_INSTANTIATE(S)                                               \
  template double notApplicableCeiling<S>(std::string_view);                   \
  template SelfCheckResult applicabilityWithinCeiling<S>(const PropertySpec<S>&, \
                                                         const RuntimeAdapter<S>&, int);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
