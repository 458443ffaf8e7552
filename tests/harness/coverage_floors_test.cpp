// The generator must exercise what the properties are about: every op, repeated
// arguments and fan-out, often enough. Counted over a fixed sample of cases
// drawn across RapidCheck's size range, so the test is deterministic.
#include <gtest/gtest.h>

#include <map>

#include "generators/gen.hpp"
#include "properties/coverage.hpp"

namespace tapecheck {
namespace {

constexpr int kCases = 2000;

struct Tally {
  std::map<std::string, int> graphsWithOp;
  int repeated = 0, fanOut = 0, deep = 0, total = 0;
};

template <class S>
Tally tallyGeneratedGraphs() {
  Tally t;
  const auto gen = gen::genGraphCase<S>();
  for (int i = 0; i < kCases; ++i) {
    const auto c = gen(rc::Random(static_cast<std::uint64_t>(i) * 7919u + 1u), i % 101).value();
    const auto f = props::featuresOf(c.graph());
    for (const auto& op : f.ops) ++t.graphsWithOp[op];
    t.repeated += f.repeatedArgument;
    t.fanOut += f.fanOut;
    t.deep += f.depth >= 3;
    ++t.total;
  }
  return t;
}

template <class S>
void expectFloors() {
  Tally t = tallyGeneratedGraphs<S>();
  for (const spec::OpDef* op : gen::opsInScope<S>({})) {
    const double share = 100.0 * t.graphsWithOp[op->name] / t.total;
    EXPECT_GE(share, 5.0) << op->name << " appears in only " << share << "% of graphs";
    std::printf("  %-12s %5.1f%% of graphs\n", op->name.c_str(), share);
  }
  const double repeated = 100.0 * t.repeated / t.total, fanOut = 100.0 * t.fanOut / t.total;
  std::printf("  repeated argument %5.1f%%, fan-out %5.1f%%, depth >= 3 %5.1f%%\n", repeated, fanOut,
              100.0 * t.deep / t.total);
  EXPECT_GE(repeated, 20.0);
  EXPECT_GE(fanOut, 20.0);
}

TEST(CoverageFloors, HoldInModP) { expectFloors<spec::ModP>(); }
TEST(CoverageFloors, HoldInDouble) { expectFloors<double>(); }
TEST(CoverageFloors, HoldInFloat) { expectFloors<float>(); }
TEST(CoverageFloors, HoldInTropical) { expectFloors<spec::Tropical>(); }

template <class S>
void expectEveryCaseValid() {
  const auto gen = gen::genGraphCase<S>();
  for (int i = 0; i < 500; ++i) {
    const auto c = gen(rc::Random(static_cast<std::uint64_t>(i) + 99u), i % 101).value();
    auto shapes = spec::validate(c.graph());
    ASSERT_TRUE(shapes) << shapes.error() << "\n" << gen::listing(c);
    EXPECT_EQ(*shapes, c.data.shapes);
    EXPECT_TRUE(spec::checkContext(c.inputs, {shapes->data(), c.graph().inputs.size()}, "inputs"));
    EXPECT_TRUE(spec::checkContext(c.seed, *shapes, "seed"));
  }
}

TEST(GeneratedCases, AreWellTypedInEveryDomain) {
  expectEveryCaseValid<spec::ModP>();
  expectEveryCaseValid<double>();
  expectEveryCaseValid<float>();
  expectEveryCaseValid<spec::Tropical>();
}

TEST(GeneratedCases, NodeCountScalesWithSizeUpToTheConfiguredMaximum) {
  gen::GenConfig config;
  config.maxNodes = 40;
  const auto gen = gen::genGraphCase<double>(config);
  std::size_t largest = 0;
  for (int i = 0; i < 200; ++i) {
    const auto small = gen(rc::Random(static_cast<std::uint64_t>(i)), 0).value();
    EXPECT_EQ(small.nodeCount(), 0u);
    const auto big = gen(rc::Random(static_cast<std::uint64_t>(i)), 100).value();
    EXPECT_LE(big.nodeCount(), 40u);
    largest = std::max(largest, big.nodeCount());
  }
  EXPECT_GE(largest, 35u);
}

}  // namespace
}  // namespace tapecheck
