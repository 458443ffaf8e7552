#pragma once
// How scalars, tensors and environments are drawn, and which simpler values a
// scalar shrinks to, per domain.
#include <vector>

#include "generators/config.hpp"
#include "spec/op.hpp"
#include "spec/rng.hpp"
#include "spec/tensor.hpp"

namespace tapecheck::gen {

/// One scalar. ModP: often small (-2..3), otherwise anywhere in the field.
/// Floats: mostly dyadic k/4 in [-4, 4], sometimes ±0 and huge or tiny
/// magnitudes; ±Inf and NaN too when the config asks for special values.
template <class S>
S drawValue(spec::Rng& rng, const GenConfig& config);

/// A tensor of the given shape with values from drawValue.
template <class S>
spec::Tensor<S> drawTensor(spec::Rng& rng, const spec::Shape& shape, const GenConfig& config);

/// Overwrites every element of `t` with drawValue, in order: drawTensor
/// without building a new tensor.
template <class S>
void drawValuesInto(spec::Rng& rng, const GenConfig& config, spec::Tensor<S>& t);

/// An environment Δ: a few indices, some of them out of range for any axis.
spec::Env drawEnv(spec::Rng& rng, const GenConfig& config);

/// Strictly simpler values to try in place of v, simplest first (0, 1, ...);
/// empty when v is already simplest. "Strictly" keeps shrinking finite.
template <class S>
std::vector<S> simplerValues(const S& v);

}  // namespace tapecheck::gen
