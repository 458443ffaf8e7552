#pragma once
// Small helpers shared by op files: shape rules and samplers that many ops
// have in common, and row-major index arithmetic.
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <string>

#include "spec/op.hpp"

namespace tapecheck::spec::ops {

/// Shape rule of elementwise ops: every argument has the first one's shape.
inline Result<Shape> sameShapes(std::span<const Shape* const> args, const Attrs& attrs) {
  if (!attrs.ints.empty()) return fail("takes no attributes");
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (*args[i] != *args[0]) {
      return fail("argument " + std::to_string(i) + " has shape " + args[i]->str() +
                  " but argument 0 has " + args[0]->str());
    }
  }
  return *args[0];
}

/// Sampler of elementwise ops: N arguments of one shape, no attributes.
template <std::size_t N>
Signature sampleSameShapes(ShapePicker& picker) {
  Shape s = picker.anyShape();
  return Signature{std::vector<Shape>(N, s), {}};
}

/// The product, or the largest uint64 when it overflows: for cost estimates,
/// where axes of up to 2^28 make products of three of them overflow.
inline std::uint64_t saturatingMul(std::initializer_list<std::uint64_t> factors) {
  std::uint64_t product = 1;
  for (std::uint64_t f : factors) {
    if (f != 0 && product > std::numeric_limits<std::uint64_t>::max() / f) return std::numeric_limits<std::uint64_t>::max();
    product *= f;
  }
  return product;
}

/// Row-major strides of a shape (innermost stride 1).
inline boost::container::small_vector<std::size_t, 4> strides(const Shape& s) {
  boost::container::small_vector<std::size_t, 4> st(s.rank(), 1);
  for (std::size_t a = s.rank(); a-- > 1;) st[a - 1] = st[a] * s[a];
  return st;
}

}  // namespace tapecheck::spec::ops
