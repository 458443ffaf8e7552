#pragma once
// Mutants of the harness itself: tapecheck's comparison, an applicability
// guard, its generator, and op kernels that spec and runtime share. None is
// visible to a property run against a runtime (the broken part is the
// yardstick); each dies in the self-check of the part it breaks.
#include <algorithm>
#include <string>
#include <memory>
#include <tuple>
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

// --- kernel bugs that spec and runtime share ---------------------------------
// Each is a struct like an op's own (spec/ops/): templates `forward<T>` and/or
// `vjp<T>` and the algebra they need. opWithKernels puts them in every scalar
// type the op has kernels for (the domains, their dual numbers, the bounded
// types), as a bug in the op's one template would be: T5's forward mode then
// sees the same wrong forward as everything else.

/// neg written as 0 + -x: neg(+0) is +0 instead of -0 (div(1, neg(+0)) = +inf).
struct NegAsZeroMinus {
  static constexpr spec::Algebra algebra = spec::Algebra::Ring;
  template <class T>
  static void forward(const spec::OpCall<T>& c, spec::Tensor<T>& out) {
    const spec::Tensor<T>& a = *c.args[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = spec::zero<T>() + -a[i];
  }
};

/// transpose2d as a row-major copy (a view whose strides were not swapped),
/// with the VJP its exact adjoint: forward and VJP share the wrong index map.
struct TransposeAsCopy {
  static constexpr spec::Algebra algebra = spec::Algebra::Semiring;
  template <class T>
  static void forward(const spec::OpCall<T>& c, spec::Tensor<T>& out) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = (*c.args[0])[i];
  }
  template <class T>
  static void vjp(const spec::OpCall<T>&, const spec::Tensor<T>& delta, std::span<spec::Tensor<T>> d) {
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = delta[i];
  }
};

/// gather's VJP assigns each row of δ instead of adding it: of the output
/// rows that read one row of x, only the last one's cotangent arrives.
struct GatherVjpOverwritesRepeatedRows {
  static constexpr spec::Algebra algebra = spec::Algebra::Semiring;
  template <class T>
  static void vjp(const spec::OpCall<T>& c, const spec::Tensor<T>& delta, std::span<spec::Tensor<T>> d) {
    if (delta.size() == 0) return;
    const std::vector<std::int64_t>& indices = c.env.indices;
    const auto offset = static_cast<std::size_t>(c.attrs.ints[0]);
    const auto rows = static_cast<std::int64_t>(c.args[0]->shape[0]);
    const std::size_t count = delta.shape[0], width = delta.size() / count;
    for (std::size_t i = 0; i < count && offset + i < indices.size(); ++i) {
      const std::int64_t row = indices[offset + i];
      if (row < 0 || row >= rows) continue;
      for (std::size_t r = 0; r < width; ++r) d[0][static_cast<std::size_t>(row) * width + r] = delta[i * width + r];
    }
  }
};

/// softmax's VJP takes t = Σ δ·y over the whole tensor instead of per row:
/// right for one row, wrong for every rank >= 2 argument with two rows.
struct SoftmaxVjpOverTheWholeTensor {
  static constexpr spec::Algebra algebra = spec::Algebra::Real;
  template <class T>
  static void vjp(const spec::OpCall<T>& c, const spec::Tensor<T>& delta, std::span<spec::Tensor<T>> d) {
    const spec::Tensor<T>& y = *c.out;
    T t = spec::zero<T>();
    for (std::size_t i = 0; i < y.size(); ++i) t = t + delta[i] * y[i];
    for (std::size_t i = 0; i < y.size(); ++i) d[0][i] = y[i] * (delta[i] + -t);
  }
};

/// A copy of the registered op `opName` with Impl's kernels in place of its
/// own, in every scalar type where it has kernels; spec and runtime both read
/// the copy when a graph holds it. Null in domain S when S lacks the algebra.
template <class Impl, class S>
const spec::OpDef* opWithKernels(std::string_view opName) {
  if constexpr (!spec::supports<S>(Impl::algebra)) {
    return nullptr;
  } else {
    static const std::unique_ptr<const spec::OpDef> copy = [opName]() -> std::unique_ptr<const spec::OpDef> {
      const spec::OpDef* original = spec::findOp(opName);
      if (!original) return nullptr;
      auto def = std::make_unique<spec::OpDef>(*original);
      std::apply(
          [](auto&... kernels) {
            (
                [&kernels] {
                  using T = typename std::remove_reference_t<decltype(kernels)>::Scalar;
                  if constexpr (spec::supports<T>(Impl::algebra)) {
                    if (!kernels) return;
                    if constexpr (requires { &Impl::template forward<T>; }) kernels.forward = &Impl::template forward<T>;
                    if constexpr (requires { &Impl::template vjp<T>; }) kernels.vjp = &Impl::template vjp<T>;
                  }
                }(),
                ...);
          },
          def->kernels.table);
      return def;
    }();
    return copy.get();
  }
}

template <class S>
const spec::OpDef* negLosingSignOfZero() {
  return opWithKernels<NegAsZeroMinus, S>("neg");
}

template <class S>
const spec::OpDef* transposeWithSharedWrongIndexMap() {
  return opWithKernels<TransposeAsCopy, S>("transpose2d");
}

template <class S>
const spec::OpDef* gatherVjpSharedOverwrite() {
  return opWithKernels<GatherVjpOverwritesRepeatedRows, S>("gather");
}

template <class S>
const spec::OpDef* softmaxVjpSharedWholeTensor() {
  return opWithKernels<SoftmaxVjpOverTheWholeTensor, S>("softmax");
}

}  // namespace tapecheck::mutants
