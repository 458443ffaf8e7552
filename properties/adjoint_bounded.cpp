#include "properties/adjoint_bounded.hpp"

#include <bit>
#include <cmath>

#include "generators/values.hpp"
#include "properties/adjoint.hpp"
#include "properties/context_shape.hpp"
#include "spec/bounds.hpp"
#include "spec/eval.hpp"

namespace tapecheck::props {
namespace {

using B = spec::Bounded<double>;

// Tangents depend on the case's inputs, so that a replayed case draws the same ones.
std::uint64_t fingerprint(const gen::GraphCase<double>& c) {
  std::uint64_t h = 0x13198a2e03707344ULL ^ c.data.positionCount();
  for (const auto& t : c.inputs) {
    for (double v : t.data) h = (h ^ std::bit_cast<std::uint64_t>(v)) * 0x100000001b3ULL;
  }
  return h;
}

std::string number(double x) { return spec::Domain<double>::format(x); }

}  // namespace

Verdict adjointWithinBound(const gen::GraphCase<double>& c, const spec::Context<double>& gradients) {
  if (auto misshapen = failsUnlessShaped(gradients, c, "the gradients")) return *misshapen;
  const std::size_t inputCount = c.inputs.size();
  spec::Rng rng(fingerprint(c));
  gen::GenConfig moderate;
  moderate.floatValues = gen::FloatValues::Moderate;
  spec::Context<double> dx;
  for (const auto& x : c.inputs) dx.push_back(gen::drawTensor<double>(rng, x.shape, moderate));

  auto tangents = spec::jvpWithBounds(c.data, c.inputs, dx, c.env);
  if (!tangents) return Verdict::fails("jvpCtx failed: " + tangents.error());
  auto specGradients = spec::backpropWithBounds(c.data, c.inputs, c.env, c.seed);
  if (!specGradients) return Verdict::fails("backpropAllCtx failed: " + specGradients.error());

  B forwardSide;  // <jvp(dx), seed> over every position
  for (std::size_t p = 0; p < c.seed.size(); ++p) {
    for (std::size_t i = 0; i < c.seed[p].size(); ++i) forwardSide = forwardSide + B::exact(c.seed[p][i]) * (*tangents)[p][i];
  }
  B reverseSide;  // <dx, vjp(seed)> over the inputs
  for (std::size_t j = 0; j < inputCount; ++j) {
    for (std::size_t i = 0; i < dx[j].size(); ++i) {
      const double g = gradients[j][i];
      const double err = specGradients->reorder[j][i] / 2;  // any order is within err of exact
      const B gradient = B{g, std::fabs(g) + err, err, 1}.checked();
      reverseSide = reverseSide + gradient * B::exact(dx[j][i]);
    }
  }
  const double bound = forwardSide.err + reverseSide.err;
  if (!std::isfinite(bound)) {
    return Verdict::notApplicable(NotApplicableReason::NoFiniteBound, "no finite rounding bound (an overflow, a pole in reach or a non-finite value)");
  }
  const auto values = spec::eval(c.data, c.inputs, c.env);
  if (!values || someNodeAtAKink(c, *values)) {
    return Verdict::notApplicable(NotApplicableReason::NotDifferentiable, "not differentiable at the point (a kink, tie or domain edge)");
  }
  const double gap = std::fabs(reverseSide.v - forwardSide.v);
  if (gap <= bound) return Verdict::holds();
  return Verdict::fails("<dx, vjp(seed)> = " + number(reverseSide.v) + " but <jvp(dx), seed> = " +
                        number(forwardSide.v) + ": differ by " + number(gap) +
                        ", more than rounding in any evaluation order explains (bound " + number(bound) +
                        "; dx drawn from the case)");
}

Verdict vjpIsAdjointOfJvpWithinBound(const RuntimeAdapter<double>& runtime, const gen::GraphCase<double>& c) {
  auto tape = runtime.compileAux(c.graph(), c.inputs, c.env);
  if (!tape) return Verdict::fails("compileAux failed: " + tape.error());
  auto gradients = runtime.backwardDenseFrom(*tape, c.seed);
  if (!gradients) return Verdict::fails("backwardDenseFrom failed: " + gradients.error());
  return adjointWithinBound(c, *gradients);
}

}  // namespace tapecheck::props
