#pragma once
#include <cstddef>
#include <utility>

#include "spec/inline_vec.hpp"
#include "spec/scalar/algebra.hpp"
#include "spec/shape.hpp"

namespace tapecheck::spec {

/// Inline capacity of a tensor's element buffer: a [4]-tensor needs no heap.
inline constexpr std::size_t kInlineElements = 4;

/// A dense row-major tensor over scalar domain S (Lean's `Spec.Tensor`, with its
/// shape carried at run time, so it also serves as the runtime's `AnyTensor`).
template <class S>
struct Tensor {
  Shape shape;
  InlineVec<S, kInlineElements> data;

  Tensor() = default;
  Tensor(Shape s, S fill) : shape(std::move(s)), data(shape.numel(), fill) {}

  /// The tensor of the given shape filled with the domain's zero (Lean's `fill 0`).
  static Tensor zeros(Shape s) { return Tensor(std::move(s), zero<S>()); }
  static Tensor scalar(S v) { return Tensor(Shape::scalar(), v); }

  std::size_t size() const { return data.size(); }
  S& operator[](std::size_t i) { return data[i]; }
  const S& operator[](std::size_t i) const { return data[i]; }
};

/// Positionwise a + b with a on the left; shapes must already agree.
/// Why raw pointers: through a.data[i] the compiler must assume each store may
/// change a's size and reload it (for ModP, a struct of one integer, it may);
/// the additions are the same, in the same order.
template <class S>
void addInto(Tensor<S>& a, const Tensor<S>& b) {
  S* x = a.data.data();
  const S* y = b.data.data();
  const std::size_t n = a.data.size();
  for (std::size_t i = 0; i < n; ++i) x[i] = x[i] + y[i];
}

/// Shapes equal and every element equal under the domain's `same`.
template <class S>
bool sameTensor(const Tensor<S>& a, const Tensor<S>& b) {
  if (a.shape != b.shape || a.data.size() != b.data.size()) return false;
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    if (!Domain<S>::same(a.data[i], b.data[i])) return false;
  }
  return true;
}

}  // namespace tapecheck::spec
