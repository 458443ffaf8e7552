#pragma once
// The mutant zoo as data: one row per broken runtime, with the bug class it
// stands for and the domains where the default suite must kill it. The kill
// test, the kill matrix and `tapecheck mutants` iterate over this list.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mutants/adapter.hpp"
#include "properties/catalog.hpp"
#include "properties/comparison_check.hpp"
#include "properties/value_census.hpp"

namespace tapecheck::mutants {

/// The first five break a runtime; the rest break the harness itself (its
/// comparison, a guard, its generator, an op kernel spec and runtime share).
enum class BugFamily : std::uint8_t {
  ReverseLoop,
  ReachableLoop,
  CompiledClosure,
  OpVjp,
  Seed,
  Comparison,
  Applicability,
  Generator,
  SharedKernel,  // a forward or VJP kernel that spec and runtime share
};

constexpr bool breaksTheHarness(BugFamily family) { return family >= BugFamily::Comparison; }

std::string_view familyName(BugFamily family);

/// Scalar domains as a bit set, by Domain<S>::name.
class DomainSet {
 public:
  static constexpr std::uint8_t kModP = 1, kF64 = 2, kF32 = 4, kTropical = 8;
  static constexpr std::uint8_t kFloats = kF64 | kF32, kExact = kModP | kTropical;
  static constexpr std::uint8_t kAll = kFloats | kExact;

  constexpr DomainSet(std::uint8_t bits) : bits_(bits) {}  // NOLINT: implicit from the constants
  bool contains(std::string_view domainName) const;
  /// "modp, f64": the members in the order of TAPECHECK_FOR_EACH_DOMAIN.
  std::string str() const;

 private:
  std::uint8_t bits_;
};

/// The broken part of a harness mutant: exactly one is set, and its
/// self-check (kill_matrix.cpp) must see it. All null for a runtime mutant.
template <class S>
struct HarnessPart {
  props::DifferenceFinder<S> (*comparison)() = nullptr;  // the comparison every property uses
  props::PropertySpec<S> (*property)() = nullptr;         // a property with a broken guard
  props::CaseSampler<S> (*generator)() = nullptr;         // the case generator
  const spec::OpDef* (*op)() = nullptr;                   // an op whose kernels spec and runtime share
};

template <class S>
struct Mutant {
  std::string_view name;      // the adapter's name, stable: regressions/ refer to it
  std::string_view bugClass;  // the engine bug it stands for, in a sentence
  BugFamily family;
  /// Where the default suite must kill it: the domains where it died within
  /// 100 cases for every one of 40 measured seeds (docs/mutants.md). Elsewhere
  /// the bug is invisible by construction (an equivalent mutant: a reordered
  /// float fold in an exact domain, a literal 0.0 where 0.0 is the zero) or
  /// the suite kills it less reliably.
  DomainSet domains;
  /// A fresh adapter (some mutants keep state between runs); the reference
  /// runtime for a harness mutant.
  Adapter<S> (*make)();
  HarnessPart<S> harness;
};

/// Every mutant of the zoo typed for domain S, whether or not S is one of its
/// domains (for measuring a mutant where it is not required to die).
template <class S>
std::span<const Mutant<S>> zooFor();

/// The mutants that apply in domain S, in zoo order.
template <class S>
std::span<const Mutant<S>> mutantsFor();

/// The mutant with this name in domain S, or null.
template <class S>
const Mutant<S>* findMutant(std::string_view name);

/// Every mutant name in the zoo with its domains, whatever the domain.
struct MutantSummary {
  std::string name;
  std::string bugClass;
  BugFamily family;
  std::string domains;
};
std::vector<MutantSummary> zooSummary();

}  // namespace tapecheck::mutants
