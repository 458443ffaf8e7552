// The zoo's registry is consistent: names are unique and are the adapters'
// own names (regressions/ and the CLI look mutants up by them), every mutant
// applies somewhere, and every bug family is represented.
#include <gtest/gtest.h>

#include <set>

#include "mutants/registry.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::mutants {
namespace {

template <class S>
void expectConsistentRegistry() {
  std::set<std::string_view> names;
  for (const Mutant<S>& m : mutantsFor<S>()) {
    EXPECT_TRUE(names.insert(m.name).second) << "duplicate mutant name: " << m.name;
    EXPECT_TRUE(m.domains.contains(spec::Domain<S>::name)) << m.name;
    EXPECT_FALSE(m.bugClass.empty()) << m.name;
    if (breaksTheHarness(m.family)) {
      const HarnessPart<S>& part = m.harness;
      const int broken = !!part.comparison + !!part.property + !!part.generator + !!part.op;
      EXPECT_EQ(broken, 1) << m.name << ": a harness mutant breaks exactly one part";
    } else {
      EXPECT_EQ(m.make().name, m.name) << "the adapter names itself differently";
    }
    EXPECT_EQ(findMutant<S>(m.name), &m);
  }
  EXPECT_EQ(findMutant<S>("no such mutant"), nullptr);
}

TEST(MutantRegistry, IsConsistentInEveryDomain) {
  expectConsistentRegistry<spec::ModP>();
  expectConsistentRegistry<double>();
  expectConsistentRegistry<float>();
  expectConsistentRegistry<spec::Tropical>();
}

TEST(MutantRegistry, HoldsAtLeastFifteenMutantsFromEveryFamily) {
  const auto zoo = zooSummary();
  EXPECT_GE(zoo.size(), 15u);
  std::set<BugFamily> families;
  for (const auto& m : zoo) {
    families.insert(m.family);
    EXPECT_FALSE(m.domains.empty()) << m.name << " applies in no domain";
    EXPECT_NE(familyName(m.family), "?");
  }
  EXPECT_EQ(families.size(), 9u);  // five runtime families, four of the harness itself
}

TEST(MutantRegistry, DomainSetsNameTheirMembers) {
  const DomainSet floats = DomainSet::kFloats;
  EXPECT_TRUE(floats.contains("f64"));
  EXPECT_TRUE(floats.contains("f32"));
  EXPECT_FALSE(floats.contains("modp"));
  EXPECT_FALSE(floats.contains("no such domain"));
  EXPECT_EQ(floats.str(), "f64, f32");
  EXPECT_EQ(DomainSet(DomainSet::kAll).str(), "modp, f64, f32, tropical");
}

TEST(MutantRegistry, EquivalentMutantsAreLeftOutOfTheDomainsWhereTheyCannotShow) {
  // A reordered float fold is exact in ModP; a literal 0.0 is ModP's zero.
  EXPECT_EQ(findMutant<spec::ModP>("contributions added newest first"), nullptr);
  EXPECT_EQ(findMutant<spec::ModP>("accumulator starts at literal 0.0"), nullptr);
  EXPECT_NE(findMutant<spec::Tropical>("accumulator starts at literal 0.0"), nullptr);
  EXPECT_NE(findMutant<float>("contributions added newest first"), nullptr);
}

}  // namespace
}  // namespace tapecheck::mutants
