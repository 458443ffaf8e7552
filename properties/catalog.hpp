#pragma once
// Every property by name, with the TorchLean theorem it checks: the one list
// the test suites, the CLI and the mutant matrix iterate over.
#include <span>
#include <string_view>

#include "generators/config.hpp"
#include "properties/invariants.hpp"
#include "properties/supporting.hpp"

namespace tapecheck::props {

template <class S>
struct PropertySpec {
  std::string_view name;
  std::string_view theorem;  // the Lean theorem, or "supporting"
  Verdict (*check)(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);
  /// Float values this property's cases should be drawn with.
  gen::FloatValues values = gen::FloatValues::Finite;
  /// Ops its cases favor (GenConfig::favoredOps); none for most properties.
  std::span<const std::string_view> favoredOps = {};
};

/// `base` with the value mode and favored ops of `property`: how the suite
/// draws its cases.
template <class S>
gen::GenConfig casesFor(const PropertySpec<S>& property, gen::GenConfig base = {}) {
  base.floatValues = property.values;
  base.favoredOps.assign(property.favoredOps.begin(), property.favoredOps.end());
  return base;
}

/// The properties that apply in domain S, T1..T4 first.
template <class S>
std::span<const PropertySpec<S>> catalog();

/// The property with this name in domain S, or null.
template <class S>
const PropertySpec<S>* findProperty(std::string_view name);

}  // namespace tapecheck::props
