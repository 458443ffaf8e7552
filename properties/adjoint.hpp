#pragma once
// T5: each VJP is the adjoint of its JVP, so that the runtime, which T3 shows
// executes the stored VJPs faithfully, also computes true derivatives.
#include <functional>
#include <string_view>
#include <variant>

#include "generators/graph_case.hpp"
#include "properties/adapter.hpp"
#include "properties/verdict.hpp"

namespace tapecheck::props {

/// T5 `Graph.backprop_correct` (per node: `Node.correct`), the dot-product
/// test: <jvpCtx(g, x, dx, d), seed> == <dx, Γ-block of backpropAllCtx(g, x, d, seed)>,
/// exactly. The JVP runs the ops' forward code over dual numbers, independent of
/// the hand-written VJPs; dx is drawn from the case; the VJP side is the
/// runtime's (compileAux + backwardDenseFrom). Exact domains with a dual form
/// only (ModP).
template <class S>
Verdict vjpIsAdjointOfJvp(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// The dot-product test above with the VJP side given: `vjp` is the
/// gradient context that a runtime or an engine (`who`) computed for c.seed,
/// checked first to have the case's shape ("the runtime", "engine 'X'"). Shared by the runtime property and
/// the whole-engine one, so that both run the gradients of what they report on.
template <class S>
Verdict adjointOfJvpAgrees(const gen::GraphCase<S>& c, const spec::Context<S>& vjp, std::string_view who);

/// T5 in floating point: the runtime's input gradients against central
/// finite differences of f(x) = Σ_p <seed_p, value_p(x)>, the values of the
/// runtime's own tape, with gradcheck's
/// tolerances (h = 1e-6, atol 1e-5, rtol 1e-3). Points where the one-sided
/// differences disagree (kinks, ties, domain edges), large inputs and
/// non-finite values make the case not applicable rather than a pass.
template <class S>
Verdict vjpMatchesFiniteDifferences(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c);

/// Whether some node sits at a point where its own op is not differentiable
/// (relu at 0, a tie in max): the chain rule need not hold there even when the
/// whole graph is smooth (min(relu(x), x) = x, but its VJP at 0 is ½). Probed
/// by one-sided differences of each node alone, step relative to the value.
bool someNodeAtAKink(const gen::GraphCase<double>& c, const spec::Context<double>& values, double step = 1e-6,
                     double atol = 1e-5, double rtol = 1e-3);

/// Forward values of every position at other inputs (same graph, Δ), or the
/// verdict that ends the check (an engine that broke down).
using ForwardValues = std::function<std::variant<spec::Context<double>, Verdict>(const spec::Context<double>& inputs)>;

/// The finite-difference test above with the forward pass and the analytic
/// input gradients given: the spec's for the runtime property, an engine's
/// own for the engine property (T5 on the engine).
Verdict finiteDifferencesAgree(const gen::GraphCase<double>& c, const ForwardValues& forward,
                               const spec::Context<double>& analytic);

}  // namespace tapecheck::props
