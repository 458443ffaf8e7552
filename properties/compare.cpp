#include "properties/compare.hpp"

#include <cmath>

#include "spec/scalar/domains.hpp"

namespace tapecheck::props {

template <class S>
std::optional<Difference> firstDifference(const spec::Context<S>& runtime,
                                           const spec::Context<S>& spec, std::string_view actual) {
  const std::string who(actual);
  if (runtime.size() != spec.size()) {
    return Difference{who + " returned " + std::to_string(runtime.size()) + " gradients, spec " +
                          std::to_string(spec.size()),
                      std::nullopt};
  }
  for (std::size_t p = 0; p < spec.size(); ++p) {
    if (runtime[p].shape != spec[p].shape) {
      return Difference{"position " + std::to_string(p) + ": " + who + " shape " + runtime[p].shape.str() +
                            ", spec shape " + spec[p].shape.str(),
                        p};
    }
    for (std::size_t i = 0; i < spec[p].size(); ++i) {
      if (!spec::Domain<S>::same(runtime[p][i], spec[p][i])) {
        return Difference{"position " + std::to_string(p) + ", element " + std::to_string(i) + ": " + who + " " +
                              spec::Domain<S>::format(runtime[p][i]) + ", spec " + spec::Domain<S>::format(spec[p][i]),
                          p};
      }
    }
  }
  return std::nullopt;
}

template <class S>
bool allFinite(const spec::Context<S>& values) {
  if constexpr (spec::Domain<S>::exact) {
    return true;
  } else {
    for (const auto& t : values) {
      for (const S& v : t.data) {
        if (!std::isfinite(v)) return false;
      }
    }
    return true;
  }
}

#define TAPECHECK_INSTANTIATE(S)                                                            \
  template std::optional<Difference> firstDifference<S>(const spec::Context<S>&,           \
                                                         const spec::Context<S>&, std::string_view); \
  template bool allFinite<S>(const spec::Context<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
