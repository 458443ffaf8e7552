#pragma once
// Viewing a row-major tensor as [outer, length, inner] around one axis, the
// index arithmetic shared by reduceSum, concat and slice.
#include <cstddef>
#include <cstdint>
#include <string>

#include "spec/op.hpp"

namespace tapecheck::spec::ops {

/// A shape seen as [outer, length, inner]: the axes before `axis`, the axis
/// itself, and the axes after it. Element (o, k, i) is at (o·length + k)·inner + i.
struct AxisSplit {
  std::size_t outer = 1;
  std::size_t length = 0;
  std::size_t inner = 1;
};

/// Only for shapes that hold at least one element: then every product is exact.
inline AxisSplit splitAt(const Shape& s, std::size_t axis) {
  AxisSplit split;
  for (std::size_t a = 0; a < axis; ++a) split.outer *= s[a];
  split.length = s[axis];
  for (std::size_t a = axis + 1; a < s.rank(); ++a) split.inner *= s[a];
  return split;
}

/// Checks that `axis` names an axis of a shape of rank `rank`, with an error a
/// user can act on.
inline Status checkAxis(std::int64_t axis, std::size_t rank) {
  if (axis < 0 || static_cast<std::size_t>(axis) >= rank) {
    return fail("axis " + std::to_string(axis) + " is out of range for rank " +
                std::to_string(rank));
  }
  return {};
}

/// A shape with at least one axis: `s` itself, or [picker.dim()] for a scalar.
inline Shape atLeastRankOne(Shape s, ShapePicker& picker) {
  if (s.rank() == 0) s = Shape{picker.dim()};
  return s;
}

}  // namespace tapecheck::spec::ops
