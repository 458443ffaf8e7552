#include "properties/comparison_check.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

#include "spec/eval.hpp"

namespace tapecheck::props {
namespace {

// A value that differs from v bit for bit and under -0 == +0.
template <class S>
S changed(const S& v) {
  if constexpr (std::is_floating_point_v<S>) {
    if (std::isnan(v)) return S(0);
    if (v == std::numeric_limits<S>::infinity()) return std::numeric_limits<S>::max();
    return std::nextafter(v, std::numeric_limits<S>::infinity());
  } else if constexpr (std::is_same_v<S, spec::Tropical>) {
    return std::isinf(v.v) ? spec::Tropical{0} : spec::Tropical{v.v + 1};
  } else {
    return v + spec::one<S>();
  }
}

}  // namespace

template <class S>
DifferenceFinder<S> exactComparison() {
  return [](const spec::Context<S>& actual, const Expected<S>& expected) {
    return firstDifference(actual, expected, Comparison::exact());
  };
}

template <class S>
Verdict comparisonSeesEveryPlantedChange(const DifferenceFinder<S>& compare, const gen::GraphCase<S>& c) {
  auto values = spec::eval(c.data, c.inputs, c.env);
  if (!values) return Verdict::fails("spec eval failed: " + values.error());
  const Expected<S> expected{*values, std::nullopt, {}};
  if (auto diff = compare(*values, expected)) {
    return Verdict::failsAt(diff->position, "the comparison reports a difference between equal contexts: " + diff->text);
  }
  spec::Context<S> planted = *values;
  for (std::size_t p = 0; p < planted.size(); ++p) {
    const std::size_t n = planted[p].size();
    if (n == 0) continue;
    for (const std::size_t i : {std::size_t{0}, n / 2, n - 1}) {
      const S saved = planted[p][i];
      planted[p][i] = changed(saved);
      const auto diff = compare(planted, expected);
      planted[p][i] = saved;
      const Position at{p, i};
      if (!diff || diff->position != at) {
        return Verdict::failsAt(at, "a change planted at " + at.str() + " (" + spec::Domain<S>::format(saved) + " to " +
                                        spec::Domain<S>::format(changed(saved)) + ") " +
                                        (diff ? "is reported at " + (diff->position ? diff->position->str() : "no position")
                                              : "is not reported"));
      }
    }
  }
  return Verdict::holds();
}

#define TAPECHECK_INSTANTIATE(S)                                  \
  template DifferenceFinder<S> exactComparison<S>();              \
  template Verdict comparisonSeesEveryPlantedChange<S>(const DifferenceFinder<S>&, const gen::GraphCase<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
