#pragma once
// Mutants of the harness itself: tapecheck's comparison, an applicability
// guard, its generator, and op kernels that spec and runtime share. None is
// visible to a property run against a runtime (the broken part is the
// yardstick); each dies in the self-check of the part it breaks.
#include <algorithm>
#include <string>
#include <type_traits>

#include "generators/gen.hpp"
#include "mutants/mutant_compile.hpp"
#include "properties/catalog.hpp"
#include "properties/comparison_check.hpp"
#include "properties/value_census.hpp"
#include "spec/eval.hpp"
#include "spec/registry.hpp"

namespace tapecheck::mutants {

// --- comparison bugs -------------------------------------------------------

/// Compares every tensor but its last element (an off-by-one loop bound).
template <class S>
props::DifferenceFinder<S> comparisonSkippingLastElements() {
  return [](const spec::Context<S>& actual, const props::Expected<S>& expected) {
    spec::Context<S> seen = actual;
    for (std::size_t p = 0; p < seen.size() && p < expected.values.size(); ++p) {
      const std::size_t n = seen[p].size();
      if (n > 0 && n == expected.values[p].size()) seen[p][n - 1] = expected.values[p][n - 1];
    }
    return props::exactComparison<S>()(seen, expected);
  };
}

/// Compares every position but the last (the output's, where a loss sits).
template <class S>
props::DifferenceFinder<S> comparisonSkippingLastPosition() {
  return [](const spec::Context<S>& actual, const props::Expected<S>& expected) {
    spec::Context<S> seen = actual;
    if (!seen.empty() && seen.size() == expected.values.size()) seen.back() = expected.values.back();
    return props::exactComparison<S>()(seen, expected);
  };
}

// --- applicability bugs ----------------------------------------------------

template <class S>
bool someValueIsZero(const gen::GraphCase<S>& c) {
  const auto values = spec::eval(c.data, c.inputs, c.env);
  if (!values) return false;
  return std::any_of(values->begin(), values->end(), [](const spec::Tensor<S>& t) {
    return std::any_of(t.data.begin(), t.data.end(), [](const S& v) {
      if constexpr (std::is_floating_point_v<S>) {
        return v == S(0);  // either sign
      } else {
        return spec::Domain<S>::same(v, spec::zero<S>());
      }
    });
  });
}

/// zero_seed_gives_zero behind a finiteness guard that takes ±0 for
/// non-finite (an `isnormal` where `isfinite` was meant).
template <class S>
props::Verdict zeroSeedBehindEagerGuard(const props::RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  if (someValueIsZero(c)) {
    return props::Verdict::notApplicable(props::NotApplicableReason::NonFiniteValues, "non-finite forward values");
  }
  return props::findProperty<S>("zero_seed_gives_zero")->check(runtime, c);
}

template <class S>
props::PropertySpec<S> eagerZeroSeedGuard() {
  props::PropertySpec<S> spec = *props::findProperty<S>("zero_seed_gives_zero");
  spec.check = &zeroSeedBehindEagerGuard<S>;
  return spec;
}

// --- generator bugs --------------------------------------------------------

/// The generator with its -0 draws turned into +0 (a `-x` of a zero literal
/// that became `0 - x` in a refactor).
template <class S>
props::CaseSampler<S> generatorWithoutNegativeZero() {
  return [](int i, gen::FloatValues values) {
    gen::GraphCase<S> c = props::defaultSampler<S>()(i, values);
    if constexpr (std::is_floating_point_v<S>) {
      for (auto& t : c.inputs) {
        for (S& v : t.data) {
          if (v == S(0)) v = S(0);
        }
      }
    }
    return c;
  };
}

/// The generator with gather missing from its op list (an op registered
/// after the list was written).
template <class S>
props::CaseSampler<S> generatorWithoutGather() {
  return [](int i, gen::FloatValues values) {
    gen::GenConfig config;
    config.floatValues = values;
    for (const spec::OpDef* op : gen::opsInScope<S>({})) {
      if (op->name != "gather") config.ops.push_back(op->name);
    }
    return gen::genGraphCase<S>(config)(rc::Random(static_cast<std::uint64_t>(i) * 7919u + 1u), i % 101).value();
  };
}

// --- forward-kernel bugs (spec and runtime share the kernel) ---------------

/// neg written as 0 + -x: neg(+0) is +0 instead of -0 (div(1, neg(+0)) = +inf).
template <class S>
void negAsZeroMinus(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  const spec::Tensor<S>& a = *c.args[0];
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = spec::zero<S>() + -a[i];
}

/// transpose2d as a row-major copy (a view whose strides were not swapped),
/// with the VJP its exact adjoint: forward and VJP share the wrong index map.
template <class S>
void transposeAsCopy(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = (*c.args[0])[i];
}
template <class S>
void transposeAsCopyVjp(const spec::OpCall<S>&, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = delta[i];
}

template <class S, spec::ForwardFn<S> Forward, spec::VjpFn<S> Vjp = nullptr>
const spec::OpDef* opWithKernels(std::string_view opName) {
  static const std::unique_ptr<const spec::OpDef> copy = [opName]() -> std::unique_ptr<const spec::OpDef> {
    const spec::OpDef* original = spec::findOp(opName);
    if (!original) return nullptr;
    auto def = std::make_unique<spec::OpDef>(*original);
    def->kernels.template get<S>().forward = Forward;
    if constexpr (Vjp != nullptr) def->kernels.template get<S>().vjp = Vjp;
    return def;
  }();
  return copy.get();
}

template <class S>
const spec::OpDef* negLosingSignOfZero() {
  if constexpr (spec::supports<S>(spec::Algebra::Ring)) {
    return opWithKernels<S, &negAsZeroMinus<S>>("neg");
  } else {
    return nullptr;
  }
}

template <class S>
const spec::OpDef* transposeWithSharedWrongIndexMap() {
  return opWithKernels<S, &transposeAsCopy<S>, &transposeAsCopyVjp<S>>("transpose2d");
}

}  // namespace tapecheck::mutants
