#include "spec/shape.hpp"

namespace tapecheck::spec {

Result<std::size_t> Shape::checkedNumel(std::size_t limit) const {
  // An empty axis makes the tensor empty whatever the other lengths are.
  for (std::size_t d : dims) {
    if (d == 0) return std::size_t{0};
  }
  std::size_t n = 1;
  for (std::size_t d : dims) {
    if (d != 0 && n > limit / d) {
      return fail("shape " + str() + " has more than " + std::to_string(limit) + " elements");
    }
    n *= d;
  }
  return n;
}

std::string Shape::str() const {
  std::string out = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(dims[i]);
  }
  return out + "]";
}

}  // namespace tapecheck::spec
