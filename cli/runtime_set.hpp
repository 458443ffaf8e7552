#pragma once
// What `check` and `replay` test, per scalar domain: a per-node runtime
// (a RuntimeAdapter: the whole catalog applies) or a whole engine (an Engine:
// the engine properties apply, as for a protocol engine). `tapecheck` itself
// is RuntimeSet{}: the reference runtime in every domain. A set that names
// some domains is checked in those only.
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "generators/config.hpp"
#include "properties/adapter.hpp"
#include "properties/whole_engine.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::cli {

class RuntimeSet {
 public:
  template <class S>
  using RuntimeFactory = std::function<props::RuntimeAdapter<S>()>;
  template <class S>
  using EngineFactory = std::function<props::Engine<S>()>;

  /// Tests the per-node runtime `make()` (a fresh adapter per run) in domain S.
  template <class S>
  RuntimeSet& with(RuntimeFactory<S> make) {
    std::get<Slot<S>>(slots_) = Slot<S>{std::move(make), {}};
    return *this;
  }

  /// Tests the whole engine `make()` in domain S.
  template <class S>
  RuntimeSet& withEngine(EngineFactory<S> make) {
    std::get<Slot<S>>(slots_) = Slot<S>{{}, std::move(make)};
    return *this;
  }

  /// The bounds of generated cases (ops, ranks, sizes) when the command line
  /// gives no --ops: for a runtime that runs only some ops or shapes.
  RuntimeSet& withCases(gen::GenConfig config) {
    cases_ = std::move(config);
    return *this;
  }

  /// The per-node runtime under test in domain S (the reference one when the
  /// domain names none); meaningless when engineIn<S>() is set.
  template <class S>
  props::RuntimeAdapter<S> make() const {
    const Slot<S>& slot = std::get<Slot<S>>(slots_);
    return slot.runtime ? slot.runtime() : props::referenceAdapter<S>();
  }

  /// The whole engine under test in domain S, if one was given.
  template <class S>
  const EngineFactory<S>* engineIn() const {
    const Slot<S>& slot = std::get<Slot<S>>(slots_);
    return slot.engine ? &slot.engine : nullptr;
  }

  /// The domains given a runtime or an engine, by name; empty for RuntimeSet{}.
  std::vector<std::string> domains() const {
    std::vector<std::string> names;
    std::apply([&](const auto&... slot) { (addIfSet(slot, names), ...); }, slots_);
    return names;
  }

  const std::optional<gen::GenConfig>& cases() const { return cases_; }

 private:
  template <class S>
  struct Slot {
    RuntimeFactory<S> runtime;
    EngineFactory<S> engine;
  };
  template <class S>
  static void addIfSet(const Slot<S>& slot, std::vector<std::string>& names) {
    if (slot.runtime || slot.engine) names.emplace_back(spec::Domain<S>::name);
  }
  static void addIfSet(const std::monostate&, std::vector<std::string>&) {}

#define TAPECHECK_RUNTIME_SLOT(S) Slot<S>,
  // The trailing monostate only absorbs the macro's last comma.
  std::tuple<TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_RUNTIME_SLOT) std::monostate> slots_;
#undef TAPECHECK_RUNTIME_SLOT
  std::optional<gen::GenConfig> cases_;
};

}  // namespace tapecheck::cli
