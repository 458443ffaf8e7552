#pragma once
// The scalar domains the CLI checks in: exactly those of
// TAPECHECK_FOR_EACH_DOMAIN, so a new domain shows up in `--domain` by itself.
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spec/scalar/domains.hpp"

namespace tapecheck::cli {

/// Calls fn(std::type_identity<S>{}) once per checked domain, in list order.
template <class Fn>
void forEachDomain(Fn&& fn) {
#define TAPECHECK_CLI_VISIT(S) fn(std::type_identity<S>{});
  TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_CLI_VISIT)
#undef TAPECHECK_CLI_VISIT
}

/// "modp", "f64", ...: the names `--domain` accepts (besides "all").
inline std::vector<std::string> domainNames() {
  std::vector<std::string> names;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    names.emplace_back(spec::Domain<S>::name);
  });
  return names;
}

/// Calls fn(std::type_identity<S>{}) for the domain called `name`; false when
/// no domain has that name.
template <class Fn>
bool withDomain(std::string_view name, Fn&& fn) {
  bool found = false;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    if (!found && spec::Domain<S>::name == name) {
      found = true;
      fn(tag);
    }
  });
  return found;
}

}  // namespace tapecheck::cli
