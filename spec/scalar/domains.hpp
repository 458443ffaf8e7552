#pragma once
// The list of scalar domains. Adding one here (and its Domain<> specialization)
// makes every op, property and explicit instantiation pick it up.
#include "spec/scalar/bounded.hpp"
#include "spec/scalar/dual.hpp"
#include "spec/scalar/float_domains.hpp"
#include "spec/scalar/modp.hpp"
#include "spec/scalar/tropical.hpp"

/// Calls X(S) once per domain that graphs are checked in; used for explicit
/// template instantiation in every layer.
#define TAPECHECK_FOR_EACH_DOMAIN(X) \
  X(::tapecheck::spec::ModP)         \
  X(double)                          \
  X(float)                           \
  X(::tapecheck::spec::Tropical)

/// Calls X(S) once per dual-number domain: forward mode, used by the spec only
/// (eval and jvpCtx), never by the runtime.
#define TAPECHECK_FOR_EACH_DUAL_DOMAIN(X)                        \
  X(::tapecheck::spec::Dual<::tapecheck::spec::ModP>)             \
  X(::tapecheck::spec::Dual<double>)                              \
  X(::tapecheck::spec::Dual<::tapecheck::spec::Bounded<double>>)

namespace tapecheck::spec {

/// Calls X(S) once per bounded float domain: the spec's float evaluation with
/// an order-independent rounding bound (spec/bounds.hpp), never the runtime's.
#define TAPECHECK_FOR_EACH_BOUNDED_DOMAIN(X)         \
  X(::tapecheck::spec::Bounded<double>)              \
  X(::tapecheck::spec::Bounded<float>)

/// F<ModP, double, float, ...>: a template applied to every scalar domain.
template <template <class...> class F>
using ApplyDomains =
    F<ModP, double, float, Tropical, Dual<ModP>, Dual<double>, Bounded<double>, Bounded<float>, Dual<Bounded<double>>>;

}  // namespace tapecheck::spec
