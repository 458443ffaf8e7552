#pragma once
#include <cstddef>
#include <initializer_list>
#include <string>

#include "spec/inline_vec.hpp"
#include "spec/result.hpp"

namespace tapecheck::spec {

/// A tensor shape: axis lengths outermost first; rank 0 is a scalar
/// (Lean's `Spec.Shape`). Zero-length axes are legal.
struct Shape {
  InlineVec<std::size_t, 3> dims;  // rank <= 3 inline: Shape is 32 bytes

  Shape() = default;
  Shape(std::initializer_list<std::size_t> d) : dims(d) {}
  template <class It>
  Shape(It first, It last) : dims(first, last) {}

  static Shape scalar() { return {}; }

  std::size_t rank() const { return dims.size(); }
  std::size_t operator[](std::size_t axis) const { return dims[axis]; }

  /// Number of elements. Only for shapes already checked by checkedNumel().
  std::size_t numel() const {
    std::size_t n = 1;
    for (std::size_t d : dims) n *= d;
    return n;
  }

  /// Number of elements, or an error when the product exceeds `limit`.
  Result<std::size_t> checkedNumel(std::size_t limit = kMaxElements) const;

  friend bool operator==(const Shape&, const Shape&) = default;

  /// Readable form: `[]` for a scalar, `[2,3]` otherwise.
  std::string str() const;

  /// Largest tensor the harness will allocate; bigger shapes are rejected as input errors.
  static constexpr std::size_t kMaxElements = std::size_t{1} << 28;
};

}  // namespace tapecheck::spec
