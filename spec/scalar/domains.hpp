#pragma once
// The list of scalar domains. Adding one here (and its Domain<> specialization)
// makes every op, property and explicit instantiation pick it up.
#include "spec/scalar/float_domains.hpp"
#include "spec/scalar/modp.hpp"

/// Calls X(S) once per scalar domain; used for explicit template instantiation.
#define TAPECHECK_FOR_EACH_DOMAIN(X) \
  X(::tapecheck::spec::ModP)         \
  X(double)                          \
  X(float)

namespace tapecheck::spec {

/// F<ModP, double, float, ...>: a template applied to every scalar domain.
template <template <class...> class F>
using ApplyDomains = F<ModP, double, float>;

}  // namespace tapecheck::spec
