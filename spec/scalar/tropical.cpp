#include "spec/scalar/tropical.hpp"

#include <cmath>

#include "spec/scalar/float_domains.hpp"

namespace tapecheck::spec {

std::string Domain<Tropical>::format(Tropical a) { return Domain<double>::format(a.v); }

Result<Tropical> Domain<Tropical>::parse(std::string_view text) {
  Result<double> v = Domain<double>::parse(text);
  if (!v || std::isnan(*v) || *v == std::numeric_limits<double>::infinity()) {
    return fail("'" + std::string(text) + "' is not a tropical value (a number or -inf)");
  }
  return Tropical{*v};
}

}  // namespace tapecheck::spec
