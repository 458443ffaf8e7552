#include "properties/adjoint.hpp"

#include <cmath>
#include <cstring>
#include <variant>

#include "generators/values.hpp"
#include "properties/compare.hpp"
#include "properties/context_shape.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"
#include "spec/jvp.hpp"

namespace tapecheck::props {
namespace {

template <class S>
S dotContexts(const spec::Context<S>& a, const spec::Context<S>& b, std::size_t count) {
  S total = spec::zero<S>();
  for (std::size_t p = 0; p < count; ++p) {
    for (std::size_t i = 0; i < a[p].size(); ++i) total = total + a[p][i] * b[p][i];
  }
  return total;
}

// A seed for the tangent stream that depends on the case's inputs, so that
// different cases get different tangents and a replayed case the same ones.
std::uint64_t fingerprint(const gen::GraphCase<spec::ModP>& c) {
  std::uint64_t h = 0x243f6a8885a308d3ULL ^ c.data.positionCount();
  for (const auto& t : c.inputs) {
    for (const auto& v : t.data) h = (h ^ v.v) * 0x100000001b3ULL;
  }
  return h;
}

// compileAux, then backwardDenseFrom with the case's full seed context.
template <class S>
Result<spec::Context<S>> runtimeGradients(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  auto tape = runtime.compileAux(c.graph(), c.inputs, c.env);
  if (!tape) return fail("compileAux failed: " + tape.error());
  auto grads = runtime.backwardDenseFrom(*tape, c.seed);
  if (!grads) return fail("backwardDenseFrom failed: " + grads.error());
  return std::move(*grads);
}

}  // namespace

bool someNodeAtAKink(const gen::GraphCase<double>& c, const spec::Context<double>& values, double step,
                     double atol, double rtol) {
  spec::Context<double> ctx = values;
  for (std::size_t k = 0; k < c.nodeCount(); ++k) {
    const auto& args = c.graph().nodes[k].args;
    const spec::Tensor<double> at = spec::applyForward(c.data, k, ctx, c.env);
    for (std::size_t a = 0; a < args.size(); ++a) {
      for (std::size_t i = 0; i < ctx[args[a]].size(); ++i) {
        double& x = ctx[args[a]][i];
        const double original = x, h = step * std::max(1.0, std::fabs(original));
        x = original + h;
        const spec::Tensor<double> up = spec::applyForward(c.data, k, ctx, c.env);
        x = original - h;
        const spec::Tensor<double> down = spec::applyForward(c.data, k, ctx, c.env);
        x = original;
        for (std::size_t o = 0; o < at.size(); ++o) {
          const double right = (up[o] - at[o]) / h, left = (at[o] - down[o]) / h;
          if (std::fabs(right - left) > atol + rtol * std::fabs((right + left) / 2)) return true;
        }
      }
    }
  }
  return false;
}

template <class S>
Verdict adjointOfJvpAgrees(const gen::GraphCase<S>& c, const spec::Context<S>& vjp, std::string_view who) {
  if (auto bad = failsUnlessShaped(vjp, c, "the gradients of " + std::string(who))) return *bad;
  spec::Rng rng(fingerprint(c));
  spec::Context<S> dx;
  for (const auto& x : c.inputs) dx.push_back(gen::drawTensor<S>(rng, x.shape, gen::GenConfig{}));
  auto tangents = spec::jvpCtx(c.data, c.inputs, dx, c.env);
  if (!tangents) return Verdict::fails("jvpCtx failed: " + tangents.error());
  const S lhs = dotContexts(*tangents, c.seed, c.data.positionCount());
  const S rhs = dotContexts(dx, vjp, c.inputs.size());
  if (!spec::Domain<S>::same(lhs, rhs)) {
    return Verdict::fails("<jvp(dx), seed> = " + spec::Domain<S>::format(lhs) + " but <dx, vjp(seed)> = " +
                          spec::Domain<S>::format(rhs) + " from the gradients of " + std::string(who) +
                          " (jvp from the spec's forward mode, dx drawn from the case)");
  }
  return Verdict::holds();
}

template <class S>
Verdict vjpIsAdjointOfJvp(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  // Why the runtime's gradients and not the spec's: the property is reported
  // for the runtime, so it must run it (on the reference runtime T3 makes
  // the two the same).
  auto cotangents = runtimeGradients(runtime, c);
  if (!cotangents) return Verdict::fails(cotangents.error());
  return adjointOfJvpAgrees(c, *cotangents, "the runtime");
}

Verdict finiteDifferencesAgree(const gen::GraphCase<double>& c, const ForwardValues& forward,
                               const spec::Context<double>& analytic) {
  constexpr double kStep = 1e-6, kAtol = 1e-5, kRtol = 1e-3, kLargestInput = 16, kLargestValue = 1e6;
  for (const auto* context : {&c.inputs, &c.seed}) {
    for (const auto& x : *context) {
      for (double v : x.data) {
        if (!std::isfinite(v) || std::fabs(v) > kLargestInput) {
          return Verdict::notApplicable(NotApplicableReason::NonFiniteValues, "large or non-finite input or seed value");
        }
      }
    }
  }
  std::optional<Verdict> stopped;  // the forward pass failed or broke down
  const auto objective = [&](const spec::Context<double>& inputs) -> std::optional<double> {
    std::variant<spec::Context<double>, Verdict> values = forward(inputs);
    if (auto* verdict = std::get_if<Verdict>(&values)) {
      if (!verdict->applicable()) return std::nullopt;
      stopped = *verdict;
      return std::nullopt;
    }
    const auto& context = std::get<spec::Context<double>>(values);
    for (const auto& t : context) {
      for (double v : t.data) {
        if (!std::isfinite(v) || std::fabs(v) > kLargestValue) return std::nullopt;
      }
    }
    return dotContexts(context, c.seed, c.data.positionCount());
  };
  const std::optional<double> f0 = objective(c.inputs);
  if (stopped) return *stopped;
  if (!f0) return Verdict::notApplicable(NotApplicableReason::NonFiniteValues, "non-finite or large forward values");
  const auto specValues = spec::eval(c.data, c.inputs, c.env);
  if (!specValues || someNodeAtAKink(c, *specValues, kStep, kAtol, kRtol)) {
    return Verdict::notApplicable(NotApplicableReason::NotDifferentiable, "not differentiable at the point (a kink, tie or domain edge)");
  }
  // Why: a difference quotient cannot resolve changes below the rounding of f
  // itself; where that error could reach atol, the comparison means nothing.
  if (std::fabs(*f0) * 4e-16 / kStep > kAtol / 10) {
    return Verdict::notApplicable(NotApplicableReason::LostPrecision, "finite differences lose precision at this magnitude");
  }
  spec::Context<double> probe = c.inputs;
  for (std::size_t j = 0; j < c.inputs.size(); ++j) {
    for (std::size_t i = 0; i < c.inputs[j].size(); ++i) {
      const double x = c.inputs[j][i];
      const double h = kStep * std::max(1.0, std::fabs(x));
      probe[j][i] = x + h;
      const auto up = objective(probe);
      probe[j][i] = x - h;
      const auto down = objective(probe);
      probe[j][i] = x;
      if (stopped) return *stopped;
      if (!up || !down) return Verdict::notApplicable(NotApplicableReason::NonFiniteValues, "non-finite values near the point");
      const double central = (*up - *down) / (2 * h);
      const double forwardSide = (*up - *f0) / h, backwardSide = (*f0 - *down) / h;
      // Why the comparison's own tolerance: a kink whose one-sided slopes
      // differ by less than it could otherwise still fail the comparison.
      if (std::fabs(forwardSide - backwardSide) > kAtol + kRtol * std::fabs(central)) {
        return Verdict::notApplicable(NotApplicableReason::NotDifferentiable, "not differentiable at the point (a kink, tie or domain edge)");
      }
      const double expected = analytic[j][i];
      if (!(std::fabs(central - expected) <= kAtol + kRtol * std::fabs(expected))) {
        // Inputs are the first positions, so input j is position j.
        return Verdict::failsAt(Position{j, i}, "input " + std::to_string(j) + ", element " + std::to_string(i) +
                              ": VJP gives " + spec::Domain<double>::format(expected) +
                              ", central finite difference " + spec::Domain<double>::format(central));
      }
    }
  }
  return Verdict::holds();
}

template <class S>
Verdict vjpMatchesFiniteDifferences(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  // The runtime's gradients against differences of the runtime's own forward
  // values (its tape's node values), as for a whole engine.
  auto analytic = runtimeGradients(runtime, c);
  if (!analytic) return Verdict::fails(analytic.error());
  if (auto bad = failsUnlessShaped(*analytic, c, "backwardDenseFrom's gradients")) return *bad;
  const ForwardValues tapeForward = [&](const spec::Context<double>& inputs) -> std::variant<spec::Context<double>, Verdict> {
    auto tape = runtime.compileAux(c.graph(), inputs, c.env);
    if (!tape) return Verdict::notApplicable(NotApplicableReason::FailedNearPoint, "compileAux failed near the point: " + tape.error());
    spec::Context<double> values;
    for (const auto& node : tape->nodes()) values.push_back(node.value);
    return values;
  };
  return finiteDifferencesAgree(c, tapeForward, *analytic);
}

template Verdict adjointOfJvpAgrees<spec::ModP>(const gen::GraphCase<spec::ModP>&,
                                                const spec::Context<spec::ModP>&, std::string_view);
template Verdict vjpIsAdjointOfJvp<spec::ModP>(const RuntimeAdapter<spec::ModP>&,
                                               const gen::GraphCase<spec::ModP>&);
template Verdict vjpMatchesFiniteDifferences<double>(const RuntimeAdapter<double>&,
                                                     const gen::GraphCase<double>&);

}  // namespace tapecheck::props
