// Case files round-trip exactly: writing a generated case and reading it back
// gives the same graph, the same values bit for bit (as exact text), the same
// Δ and seed context, in every domain, with non-finite floats included.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "cli/case_file.hpp"
#include "cli/domains.hpp"
#include "cli/json_text.hpp"
#include "generators/gen.hpp"

namespace tapecheck::cli {
namespace {

// Exact text of every value: catches -0 turning into 0 and lost digits,
// which the domain's `same` would forgive.
template <class S>
std::vector<std::string> exactText(const spec::Context<S>& context) {
  std::vector<std::string> out;
  for (const auto& t : context) {
    out.push_back(t.shape.str());
    for (const S& v : t.data) out.push_back(spec::Domain<S>::format(v));
  }
  return out;
}

template <class S>
void expectSameCase(const gen::GraphCase<S>& a, const gen::GraphCase<S>& b) {
  RC_ASSERT(a.graph().inputs == b.graph().inputs);
  RC_ASSERT(a.nodeCount() == b.nodeCount());
  for (std::size_t k = 0; k < a.nodeCount(); ++k) {
    const auto& x = a.graph().nodes[k];
    const auto& y = b.graph().nodes[k];
    RC_ASSERT(x.op == y.op);
    RC_ASSERT(std::vector<std::size_t>(x.args.begin(), x.args.end()) ==
              std::vector<std::size_t>(y.args.begin(), y.args.end()));
    RC_ASSERT(x.attrs == y.attrs);
  }
  RC_ASSERT(a.data.shapes == b.data.shapes);
  RC_ASSERT(exactText(a.inputs) == exactText(b.inputs));
  RC_ASSERT(exactText(a.seed) == exactText(b.seed));
  RC_ASSERT(a.env == b.env);
}

template <class S>
bool roundTripsIn() {
  gen::GenConfig config;
  config.floatValues = gen::FloatValues::Special;
  return rc::check(std::string("case file round trip in ") + std::string(spec::Domain<S>::name), [config] {
    const gen::GraphCase<S> c = *gen::genGraphCase<S>(config);
    CaseRecord<S> record{"T3_backward_eq_spec", c, Provenance{}};
    const std::string text = formatJson(caseToJson(record));
    const Result<nlohmann::json> parsed = parseJson(text);
    RC_ASSERT(parsed.has_value());
    const Result<CaseRecord<S>> back = caseFromJson<S>(JsonAt(*parsed, ""));
    if (!back) RC_FAIL(back.error());
    RC_ASSERT(back->property == record.property);
    expectSameCase(c, back->graphCase);
  });
}

TEST(CaseFile, RoundTripsInEveryDomain) {
  forEachDomain([](auto tag) {
    using S = typename decltype(tag)::type;
    EXPECT_TRUE(roundTripsIn<S>()) << spec::Domain<S>::name;
  });
}

TEST(CaseFile, ProvenanceRoundTrips) {
  Provenance p;
  p.runtime = "overwrite instead of accumulate";
  p.message = "differs at position 2";
  p.position = 2;
  p.element = 1;
  p.onEngine = true;
  p.command = "tapecheck check --seed 7";
  p.rapidcheckSeed = 18446744073709551615ull;
  p.size = 31;
  p.passedBefore = 30;
  p.shrinks = 12;
  p.reproduce = "reproduce=abc";
  CaseRecord<spec::ModP> record{"T3_backward_eq_spec", {}, p};
  const auto parsed = parseJson(formatJson(caseToJson(record)));
  ASSERT_TRUE(parsed);
  const auto back = readProvenance(*parsed);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->runtime, p.runtime);
  EXPECT_EQ(back->message, p.message);
  EXPECT_EQ(back->position, p.position);
  EXPECT_EQ(back->element, p.element);
  EXPECT_TRUE(back->onEngine);
  EXPECT_EQ(back->command, p.command);
  EXPECT_EQ(back->rapidcheckSeed, p.rapidcheckSeed);
  EXPECT_EQ(back->size, p.size);
  EXPECT_EQ(back->passedBefore, p.passedBefore);
  EXPECT_EQ(back->shrinks, p.shrinks);
  EXPECT_EQ(back->reproduce, p.reproduce);
}

TEST(CaseFile, FormatKeepsShortArraysOnOneLine) {
  using Json = nlohmann::ordered_json;
  Json node = {{"op", "mul"}, {"args", {0, 0}}};
  Json j = {{"inputs", {{2, 3}, Json::array()}}, {"nodes", {node}}, {"env", {1, 2}}};
  EXPECT_EQ(formatJson(j),
            "{\n"
            "  \"inputs\": [[2, 3], []],\n"
            "  \"nodes\": [\n"
            "    {\"op\": \"mul\", \"args\": [0, 0]}\n"
            "  ],\n"
            "  \"env\": [1, 2]\n"
            "}\n");
}

TEST(CaseFile, MalformedJsonNamesLineAndColumn) {
  const auto parsed = parseJson("{\n  \"a\": 1,\n  \"b\": ]\n}");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().find("line 3, column"), std::string::npos) << parsed.error();
  EXPECT_EQ(parsed.error().find("[json.exception"), std::string::npos) << parsed.error();
}

}  // namespace
}  // namespace tapecheck::cli
