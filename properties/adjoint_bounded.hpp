#pragma once
// T5 in floating point: the dot-product test of vjpIsAdjointOfJvp, which no
// float computation meets bit for bit, checked within the order-independent
// rounding bound (docs/floats.md). Both sides are sums of products whose every
// rounding the bound accounts for, so a gap beyond it is a VJP that is not the
// adjoint of the op's forward code, not rounding.
#include "generators/graph_case.hpp"
#include "properties/adapter.hpp"
#include "properties/verdict.hpp"

namespace tapecheck::props {

/// <dx, gradients> == <jvpCtx(g, x, dx, d), seed> within the sum of both
/// sides' bounds. `gradients` are the gradients under test for the case's
/// seed (every position, inputs first), each taken to be anywhere within the
/// spec's order bound of the exact one; dx is drawn from the case. Not
/// applicable where a bound is not finite or a node sits at a kink.
Verdict adjointWithinBound(const gen::GraphCase<double>& c, const spec::Context<double>& gradients);

/// The test above on the runtime's gradients (compileAux + backwardDenseFrom).
Verdict vjpIsAdjointOfJvpWithinBound(const RuntimeAdapter<double>& runtime, const gen::GraphCase<double>& c);

}  // namespace tapecheck::props
