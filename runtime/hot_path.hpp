#pragma once
// Helpers for the per-node hot paths of compile.cpp and backward.cpp. They
// compute exactly what spec's Shape == and Tensor fits-shape checks compute,
// written for shapes of a few axes and forced inline: they run several times
// per node and contribution. (Shape ==, even with InlineVec's == written as
// the same loop, measured 3-4 ns per node slower on 10^3-node chains.)
#include <cstddef>

#include "runtime/tape.hpp"

namespace tapecheck::runtime::hot {

/// Same as `a == b` for shapes.
[[gnu::always_inline]] inline bool sameShape(const spec::Shape& a, const spec::Shape& b) {
  const std::size_t rank = a.dims.size();
  if (rank != b.dims.size()) return false;
  const std::size_t* x = a.dims.data();
  const std::size_t* y = b.dims.data();
  for (std::size_t i = 0; i < rank; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

/// `t` has `like`'s shape and element count. Why the element count too: a
/// Tensor is a plain struct whose data can disagree with its shape (a Lean
/// tensor cannot); adding such a tensor would read past its end.
template <class S>
[[gnu::always_inline]] inline bool fits(const AnyTensor<S>& t, const AnyTensor<S>& like) {
  return sameShape(t.shape, like.shape) && t.size() == like.size();
}

/// Makes `t` zeros of `shape` (`Tensor::zeros(shape)`; `numel` is the
/// shape's element count), reusing its storage.
template <class S>
inline void resetToZeros(AnyTensor<S>& t, const spec::Shape& shape, std::size_t numel) {
  if (!sameShape(t.shape, shape)) t.shape = shape;
  if (t.data.size() != numel) t.data.resize(numel);
  S* x = t.data.data();
  for (std::size_t i = 0; i < numel; ++i) x[i] = spec::zero<S>();
}

}  // namespace tapecheck::runtime::hot
