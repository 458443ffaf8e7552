#pragma once
// The runtime that `check` and `replay` test: one adapter factory per scalar
// domain. A domain left unset uses this repository's reference runtime, so
// `tapecheck` itself is RuntimeSet{} and a user's binary sets what it has.
#include <functional>
#include <string>
#include <tuple>
#include <variant>

#include "properties/adapter.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::cli {

class RuntimeSet {
 public:
  template <class S>
  using Factory = std::function<props::RuntimeAdapter<S>()>;

  /// Tests `make()` (a fresh adapter per property run) in domain S.
  template <class S>
  RuntimeSet& with(Factory<S> make) {
    std::get<Factory<S>>(factories_) = std::move(make);
    return *this;
  }

  /// The adapter under test in domain S.
  template <class S>
  props::RuntimeAdapter<S> make() const {
    const Factory<S>& factory = std::get<Factory<S>>(factories_);
    return factory ? factory() : props::referenceAdapter<S>();
  }

 private:
#define TAPECHECK_RUNTIME_FACTORY(S) Factory<S>,
  // The trailing monostate only absorbs the macro's last comma.
  std::tuple<TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_RUNTIME_FACTORY) std::monostate> factories_;
#undef TAPECHECK_RUNTIME_FACTORY
};

}  // namespace tapecheck::cli
