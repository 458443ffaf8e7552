#include "properties/compare.hpp"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "spec/backprop.hpp"
#include "spec/bounds.hpp"
#include "spec/eval.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props {
namespace {

template <class S>
constexpr bool isFloat = std::is_floating_point_v<S>;

/// Floats as integers in the order of their values, so that neighbours differ by one.
template <class F>
std::int64_t orderedBits(F x) {
  using Bits = std::conditional_t<sizeof(F) == 8, std::int64_t, std::int32_t>;
  const Bits bits = std::bit_cast<Bits>(x);
  return bits < 0 ? -static_cast<std::int64_t>(bits & std::numeric_limits<Bits>::max()) : bits;
}

/// Representable values between a and b (+0 and -0 are one value apart).
template <class F>
std::uint64_t ulpDistance(F a, F b) {
  const std::int64_t x = orderedBits(a);
  const std::int64_t y = orderedBits(b);
  return x >= y ? static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(y)
                : static_cast<std::uint64_t>(y) - static_cast<std::uint64_t>(x);
}

std::string number(double x) { return spec::Domain<double>::format(x); }

/// Ulp counts past a million say only their magnitude: "4.6e18 ulps" reads
/// better than nineteen digits, and no reordering explains either.
std::string ulpCount(std::uint64_t ulps) {
  if (ulps < 1'000'000) return std::to_string(ulps);
  char text[32];
  std::snprintf(text, sizeof text, "%.2g", static_cast<double>(ulps));
  return text;
}

bool withinTolerance(double a, double b, Tolerance t) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::fabs(a - b) <= t.absolute + t.relative * std::max(std::fabs(a), std::fabs(b));
}

/// "differs by D (K ulps)" and what the bound says of it, for two floats that
/// are not the same.
template <class F>
std::string explainFloat(F actual, F expected, std::optional<double> bound, const Comparison& how) {
  if (!std::isfinite(actual) || !std::isfinite(expected)) return "";
  const double gap = std::fabs(static_cast<double>(actual) - static_cast<double>(expected));
  std::string text = ": differs by " + number(gap) + " (" + ulpCount(ulpDistance(actual, expected)) + " ulps)";
  if (how.mode == Comparison::Mode::Tolerance) {
    return text + ", beyond relative " + number(how.tolerance.relative) + ", absolute " +
           number(how.tolerance.absolute);
  }
  if (!bound) return text;
  if (!std::isfinite(*bound)) return text + ", no finite bound on reordering here";
  if (gap <= *bound) {
    return text + ", within what a reordering of the same operations explains (bound " + number(*bound) +
           "; see --compare order-bound)";
  }
  return text + ", more than any evaluation order explains (bound " + number(*bound) + ")";
}

}  // namespace

std::string Comparison::str() const {
  switch (mode) {
    case Mode::Exact: return "exact";
    case Mode::OrderBound: return "order-bound";
    case Mode::Tolerance: return "tolerance:" + number(tolerance.relative) + "," + number(tolerance.absolute);
  }
  return "?";
}

Result<Comparison> parseComparison(std::string_view text) {
  if (text == "exact") return Comparison::exact();
  if (text == "order-bound") return Comparison::orderBound();
  constexpr std::string_view prefix = "tolerance:";
  if (text.starts_with(prefix)) {
    const std::string_view rest = text.substr(prefix.size());
    const std::size_t comma = rest.find(',');
    if (comma != std::string_view::npos) {
      double relative = 0, absolute = 0;
      const auto r = std::from_chars(rest.data(), rest.data() + comma, relative);
      const auto a = std::from_chars(rest.data() + comma + 1, rest.data() + rest.size(), absolute);
      if (r.ec == std::errc{} && r.ptr == rest.data() + comma && a.ec == std::errc{} &&
          a.ptr == rest.data() + rest.size() && relative >= 0 && absolute >= 0) {
        return Comparison::within(Tolerance::within(relative, absolute));
      }
    }
    return fail("'" + std::string(text) + "': a tolerance is tolerance:REL,ABS with two numbers >= 0, e.g. tolerance:1e-9,1e-12");
  }
  return fail("'" + std::string(text) + "' is not a comparison: use exact, order-bound or tolerance:REL,ABS");
}

ComparisonTally& comparisonTally() {
  static ComparisonTally tally;
  return tally;
}

template <class S>
Result<Expected<S>> expectedValues(const gen::GraphCase<S>& c, const Comparison& how) {
  if constexpr (isFloat<S>) {
    if (how.mode == Comparison::Mode::OrderBound) {
      auto bounded = spec::evalWithBounds(c.data, c.inputs, c.env);
      if (!bounded) return fail(bounded.error());
      return Expected<S>{std::move(bounded->values), std::move(bounded->reorder), {}};
    }
  }
  auto values = spec::eval(c.data, c.inputs, c.env);
  if (!values) return fail(values.error());
  Expected<S> expected{std::move(*values), std::nullopt, {}};
  if constexpr (isFloat<S>) {
    expected.reorderOnDemand = [&c]() -> std::optional<spec::Context<double>> {
      auto bounded = spec::evalWithBounds(c.data, c.inputs, c.env);
      return bounded ? std::optional(std::move(bounded->reorder)) : std::nullopt;
    };
  }
  return expected;
}

template <class S>
Result<Expected<S>> expectedGradients(const gen::GraphCase<S>& c, const spec::Context<S>& seed,
                                      const Comparison& how) {
  if constexpr (isFloat<S>) {
    if (how.mode == Comparison::Mode::OrderBound) {
      auto bounded = spec::backpropWithBounds(c.data, c.inputs, c.env, seed);
      if (!bounded) return fail(bounded.error());
      return Expected<S>{std::move(bounded->values), std::move(bounded->reorder), {}};
    }
  }
  auto grads = spec::backpropAllCtx(c.data, c.inputs, c.env, seed);
  if (!grads) return fail(grads.error());
  Expected<S> expected{std::move(*grads), std::nullopt, {}};
  if constexpr (isFloat<S>) {
    expected.reorderOnDemand = [&c, seed]() -> std::optional<spec::Context<double>> {
      auto bounded = spec::backpropWithBounds(c.data, c.inputs, c.env, seed);
      return bounded ? std::optional(std::move(bounded->reorder)) : std::nullopt;
    };
  }
  return expected;
}

template <class S>
Expected<S> expectedAs(spec::Context<S> reference, const Expected<S>& spec) {
  return Expected<S>{std::move(reference), spec.reorder, spec.reorderOnDemand};
}

template <class S>
std::optional<Difference> firstDifference(const spec::Context<S>& actual, const Expected<S>& expected,
                                           const Comparison& how, std::string_view actualLabel,
                                           std::string_view expectedLabel) {
  const spec::Context<S>& want = expected.values;
  const std::string who(actualLabel);
  const std::string whom(expectedLabel);
  if (actual.size() != want.size()) {
    return Difference{who + " returned " + std::to_string(actual.size()) + " tensors, " + whom + " " +
                          std::to_string(want.size()),
                      std::nullopt};
  }
  ComparisonTally& tally = comparisonTally();
  for (std::size_t p = 0; p < want.size(); ++p) {
    if (actual[p].shape != want[p].shape) {
      return Difference{"position " + std::to_string(p) + ": " + who + " shape " + actual[p].shape.str() + ", " +
                            whom + " shape " + want[p].shape.str(),
                        Position{p}};
    }
    for (std::size_t i = 0; i < want[p].size(); ++i) {
      const S a = actual[p][i];
      const S e = want[p][i];
      if constexpr (isFloat<S>) ++tally.elements;
      if (spec::Domain<S>::same(a, e)) continue;
      std::optional<double> bound;
      if constexpr (isFloat<S>) {
        if (how.mode == Comparison::Mode::Tolerance) {
          if (withinTolerance(a, e, how.tolerance)) {
            ++tally.withinTolerance;
            continue;
          }
        } else if (how.mode == Comparison::Mode::OrderBound && expected.reorder) {
          bound = (*expected.reorder)[p][i];
          if (!std::isfinite(*bound)) {
            ++tally.unbounded;
            continue;
          }
          if (std::isfinite(a) && std::fabs(static_cast<double>(a) - static_cast<double>(e)) <= *bound) {
            ++tally.withinBound;
            continue;
          }
        } else if (expected.reorderOnDemand) {
          if (auto reorder = expected.reorderOnDemand()) bound = (*reorder)[p][i];
        }
      }
      std::string text = "position " + std::to_string(p) + ", element " + std::to_string(i) + ": " + who + " " +
                         spec::Domain<S>::format(a) + ", " + whom + " " + spec::Domain<S>::format(e);
      if constexpr (isFloat<S>) text += explainFloat(a, e, bound, how);
      return Difference{std::move(text), Position{p, i}};
    }
  }
  return std::nullopt;
}

template <class S>
std::optional<Difference> firstDifference(const spec::Context<S>& actual, const spec::Context<S>& expected,
                                           std::string_view actualLabel) {
  return firstDifference(actual, Expected<S>{expected, std::nullopt, {}}, Comparison::exact(), actualLabel);
}

template <class S>
bool allFinite(const spec::Context<S>& values) {
  if constexpr (spec::Domain<S>::exact) {
    return true;
  } else {
    for (const auto& t : values) {
      for (const S& v : t.data) {
        if (!std::isfinite(v)) return false;
      }
    }
    return true;
  }
}

template <class S>
Result<Expected<S>> expectedZeroGradients(const gen::GraphCase<S>& c, const spec::Context<S>& zeros,
                                          const Comparison& how) {
  if constexpr (isFloat<S>) {
    auto spec = expectedGradients(c, zeros, how.mode == Comparison::Mode::OrderBound ? how : Comparison::exact());
    if (!spec) return fail(spec.error());
    spec::Context<double> bounds;
    for (std::size_t p = 0; p < spec->values.size(); ++p) {
      spec::Tensor<double> b = spec::Tensor<double>::zeros(spec->values[p].shape);
      for (std::size_t i = 0; i < b.size(); ++i) {
        const bool zero = spec->values[p][i] == S(0);
        const double reorder = spec->reorder ? (*spec->reorder)[p][i] : 0.0;
        b[i] = zero ? reorder : std::numeric_limits<double>::infinity();
      }
      bounds.push_back(std::move(b));
    }
    return Expected<S>{zeros, std::move(bounds), {}};
  } else {
    (void)c;
    (void)how;
    return Expected<S>{zeros, std::nullopt, {}};
  }
}

#define TAPECHECK_INSTANTIATE(S)                                                                              \
  template Result<Expected<S>> expectedValues<S>(const gen::GraphCase<S>&, const Comparison&);                \
  template Result<Expected<S>> expectedGradients<S>(const gen::GraphCase<S>&, const spec::Context<S>&,        \
                                                    const Comparison&);                                       \
  template Expected<S> expectedAs<S>(spec::Context<S>, const Expected<S>&);                                   \
  template std::optional<Difference> firstDifference<S>(const spec::Context<S>&, const Expected<S>&,          \
                                                         const Comparison&, std::string_view, std::string_view); \
  template std::optional<Difference> firstDifference<S>(const spec::Context<S>&, const spec::Context<S>&,     \
                                                         std::string_view);                                   \
  template bool allFinite<S>(const spec::Context<S>&);                                                       \
  template Result<Expected<S>> expectedZeroGradients<S>(const gen::GraphCase<S>&, const spec::Context<S>&,        \
                                                        const Comparison&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
