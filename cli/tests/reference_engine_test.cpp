// The reference runtime served over the engine protocol
// (tapecheck_reference_engine) must agree bit for bit with the same runtime
// in process: any difference is a bug of the protocol's client (value
// parsing, reply checking) or its server (value writing, case reading).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli/case_file.hpp"
#include "cli/domains.hpp"
#include "cli/file_io.hpp"
#include "engines/protocol_engine.hpp"
#include "regression_check.hpp"
#include "run_cli.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli::test {
namespace {

const std::string kEngine = TAPECHECK_REFERENCE_ENGINE_PATH;

TEST(ReferenceEngine, EveryAvailableEnginePropertyHoldsInEveryDomain) {
  const CliRun run = runCli("check --engine " + shellQuoted(kEngine) + " --seed 1 --cases 200 --no-timings");
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  // Five properties are available with every capability (T1 needs a tape), in four domains.
  int rows = 0;
  for (const std::string& domain : domainNames()) {
    for (const char* property :
         {"T2_pids_lt_id", "T3_backward_eq_spec", "T4_values_eq_eval", "zero_seed_gives_zero", "backward_twice_same"}) {
      const std::regex row(std::string(property) + " +" + domain + " +200 .* holds\n");
      EXPECT_TRUE(std::regex_search(run.out, row)) << property << " in " << domain << ":\n" << run.out;
      ++rows;
    }
  }
  EXPECT_EQ(rows, 20);
  // T5 on the engine's own gradients: exact in modp, within the order bound
  // in f64, n/a with its reason in the other domains.
  EXPECT_TRUE(std::regex_search(run.out, std::regex("T5_vjp_adjoint_of_jvp +modp +200 .* holds\n"))) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex("T5_vjp_adjoint_of_jvp +f64 +200 .* holds\n"))) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex("T5_vjp_adjoint_of_jvp +f32 .* n/a: runs in f64"))) << run.out;
  EXPECT_EQ(run.out.find("FAILS"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("ERROR"), std::string::npos) << run.out;
}

// Engine properties that the reference engine's capabilities make available.
bool replayableOnEngine(const std::string& property) {
  const props::Capabilities all{true, true, true, true};
  const auto* p = props::findEngineProperty<double>(property);
  return p && p->available(all);
}

TEST(ReferenceEngine, RegressionCorpusHoldsForEveryEngineProperty) {
  int replayed = 0;
  for (const auto& path : corpusFiles(TAPECHECK_REGRESSIONS_DIR)) {
    Result<std::string> text = readTextFile(path.string());
    ASSERT_TRUE(text) << text.error();
    Result<CaseHeader> header = readCaseHeaderFromText(*text);
    ASSERT_TRUE(header) << path << ": " << header.error();
    if (!replayableOnEngine(header->property)) continue;
    const CliRun run = runCli("replay --engine " + shellQuoted(kEngine) + " " + shellQuoted(path.string()));
    EXPECT_EQ(run.exitCode, 0) << path << "\n" << run.out << run.err;
    EXPECT_NE(run.out.find(header->property + " in " + header->domain + " holds"), std::string::npos) << run.out;
    ++replayed;
  }
  // The corpus holds T2, T3, T4 and zero_seed_gives_zero cases: a rename must not empty this test.
  EXPECT_GE(replayed, 8);
}

// Values the protocol must carry exactly: signed zero, NaN, infinities,
// subnormals, extremes, and modp's large residues.
template <class S>
std::vector<std::string> specialTexts() {
  if constexpr (std::is_same_v<S, double>) {
    return {"-0", "nan", "inf", "-inf", "4.9406564584124654e-324", "2.2250738585072009e-308", "1.7976931348623157e308", "0.1"};
  } else if constexpr (std::is_same_v<S, float>) {
    return {"-0", "nan", "inf", "-inf", "1e-45", "1.1754942e-38", "3.4028235e38", "0.1"};
  } else if constexpr (std::is_same_v<S, spec::ModP>) {
    return {"0", "1", "2305843009213693950", "2305843009213693949", "1152921504606846976", "12345678901234567"};
  } else {
    return {"-inf", "-0", "4.9406564584124654e-324", "1.7976931348623157e308", "-2.5", "3"};
  }
}

// Bit for bit (NaN == NaN whatever its payload: the protocol's "nan" has none).
template <class S>
bool sameBits(const S& a, const S& b) {
  if constexpr (std::is_floating_point_v<S>) {
    return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::conditional_t<sizeof(S) == 8, std::uint64_t, std::uint32_t>>(a) ==
                                                   std::bit_cast<std::conditional_t<sizeof(S) == 8, std::uint64_t, std::uint32_t>>(b);
  } else if constexpr (std::is_same_v<S, spec::Tropical>) {
    return std::bit_cast<std::uint64_t>(a.v) == std::bit_cast<std::uint64_t>(b.v);
  } else {
    return a.v == b.v;
  }
}

template <class S>
void expectSameContext(const spec::Context<S>& overProtocol, const spec::Context<S>& inProcess, const char* what) {
  ASSERT_EQ(overProtocol.size(), inProcess.size()) << what;
  for (std::size_t p = 0; p < inProcess.size(); ++p) {
    ASSERT_EQ(overProtocol[p].data.size(), inProcess[p].data.size()) << what << " at position " << p;
    for (std::size_t i = 0; i < inProcess[p].data.size(); ++i) {
      EXPECT_TRUE(sameBits(overProtocol[p].data[i], inProcess[p].data[i]))
          << what << " at position " << p << " element " << i << ": " << spec::Domain<S>::format(overProtocol[p].data[i])
          << " over the protocol, " << spec::Domain<S>::format(inProcess[p].data[i]) << " in process";
    }
  }
}

// add(x, x) on special values, with the same values as the seed of the
// output: values and gradients come back through the server's writer and the
// client's parser, and must equal the in-process runtime's bits.
template <class S>
void specialValuesRoundTrip() {
  const std::vector<std::string> texts = specialTexts<S>();
  spec::Tensor<S> specials = spec::Tensor<S>::zeros(spec::Shape{texts.size()});
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Result<S> v = spec::Domain<S>::parse(texts[i]);
    ASSERT_TRUE(v) << texts[i] << ": " << v.error();
    specials.data[i] = *v;
  }
  spec::Graph graph;
  graph.inputs = {specials.shape};
  graph.nodes.push_back(spec::GraphNode{spec::findOp("add"), {0, 0}, {}});
  Result<spec::GraphData<S>> data = spec::makeGraphData<S>(graph);
  ASSERT_TRUE(data) << data.error();
  const gen::GraphCase<S> c{*data, {specials}, {}, {spec::Tensor<S>::zeros(specials.shape), specials}};

  auto connection = std::make_shared<engines::EngineConnection>(kEngine, engines::EngineTimeouts{});
  Result<engines::EngineHello> hello = connection->hello();
  ASSERT_TRUE(hello) << hello.error();
  const props::Engine<S> remote = engines::protocolEngine<S>(connection, *hello);
  const props::Engine<S> local = props::wholeEngineFromRuntime(props::referenceAdapter<S>());
  const props::EngineRequest<S> request{c, {.values = true, .gradients = true, .secondBackward = true}};
  props::EngineOutcome<S> overProtocol = remote.run(request);
  props::EngineOutcome<S> inProcess = local.run(request);
  ASSERT_TRUE(overProtocol) << overProtocol.error().why;
  ASSERT_TRUE(inProcess) << inProcess.error().why;
  ASSERT_FALSE(overProtocol->raised) << *overProtocol->raised;
  // The specials themselves must survive: the input position holds them as sent.
  expectSameContext<S>({overProtocol->values->at(0)}, {specials}, "input values");
  expectSameContext<S>(*overProtocol->values, *inProcess->values, "values");
  expectSameContext<S>(*overProtocol->gradients, *inProcess->gradients, "gradients");
  expectSameContext<S>(*overProtocol->gradientsAgain, *inProcess->gradientsAgain, "second gradients");
}

TEST(ReferenceEngine, SpecialValuesRoundTripBitForBitInF64) { specialValuesRoundTrip<double>(); }
TEST(ReferenceEngine, SpecialValuesRoundTripBitForBitInF32) { specialValuesRoundTrip<float>(); }
TEST(ReferenceEngine, LargeResiduesRoundTripInModp) { specialValuesRoundTrip<spec::ModP>(); }
TEST(ReferenceEngine, SpecialValuesRoundTripBitForBitInTropical) { specialValuesRoundTrip<spec::Tropical>(); }

// A check report without the lines that name the engine's command (the
// header, the replay commands): the failures' listings, the rows, the summary.
std::string reportBody(const std::string& out) {
  std::istringstream lines(out);
  std::string body;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("engine.py") == std::string::npos) body += line + "\n";
  }
  return body;
}

TEST(EngineBatching, SendsTheSearchCasesInBatchesOfMaxBatch) {
  // The shell tees every request into a log on its way to the engine.
  const auto log = freshTempDir("log") / "requests";
  const std::string engine = "tee " + shellQuoted(log.string()) + " | " + shellQuoted(kEngine);
  const CliRun run = runCli("check --engine " + shellQuoted(engine) +
                            " --seed 1 --cases 200 --domain f64 --property T3_backward_eq_spec --no-timings --jobs 1");
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  std::istringstream lines(slurp(log));
  int runs = 0, cases = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto request = nlohmann::json::parse(line);
    if (request["type"] != "run") continue;
    ++runs;
    cases += static_cast<int>(request["cases"].size());
    EXPECT_LE(request["cases"].size(), 64u);
  }
  EXPECT_EQ(cases, 200);
  EXPECT_EQ(runs, 4) << "200 cases in batches of 64";
}

TEST(EngineBatching, NeverChangesAVerdictOrACounterexample) {
  // The same engine with max_batch rewritten to 1 in its handshake is asked one case at a time.
  const std::string python = "/usr/bin/python3 " + shellQuoted(std::string(TAPECHECK_CLI_TESTS_DIR) +
                                                                "/../../examples/python-engine/engine.py");
  for (const std::string bug : {"relu-grad-at-zero-is-one", "grads-not-zeroed"}) {
    const std::string engine = python + " --bug " + bug;
    const std::string unbatched = engine + " | sed -u 's/\"max_batch\": 64/\"max_batch\": 1/'";
    const std::string args = " --seed 1 --cases 100 --domain f64 --no-timings --jobs 1";
    const CliRun batchedRun = runCli("check --engine " + shellQuoted(engine) + args, "batched");
    const CliRun unbatchedRun = runCli("check --engine " + shellQuoted(unbatched) + args, "unbatched");
    EXPECT_EQ(batchedRun.exitCode, 1) << bug << "\n" << batchedRun.out << batchedRun.err;
    EXPECT_NE(batchedRun.out.find("FAILS"), std::string::npos) << batchedRun.out;
    EXPECT_NE(reportBody(batchedRun.out).find("shrunk in"), std::string::npos) << batchedRun.out;
    EXPECT_EQ(reportBody(batchedRun.out), reportBody(unbatchedRun.out)) << bug;
    EXPECT_EQ(batchedRun.exitCode, unbatchedRun.exitCode) << bug;
  }
}

}  // namespace
}  // namespace tapecheck::cli::test
