// The engine protocol's client against engines that break it
// (misbehaving_engine.py): a bad handshake ends the run at once with exit 2
// and one line; a bad reply, a crash or a hang ends that property's run as
// ERROR with its shrunk case saved, the engine restarted, the other runs
// reported and exit 1. Nothing hangs: every wait has a time limit.
#include <gtest/gtest.h>

#include <regex>

#include "engines/protocol_engine.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

// Why /usr/bin/python3: Debian's (scripts/deps.sh installs it), which starts
// in milliseconds where a version manager's shim may take a second.
std::string engineOptions(const std::string& mode) {
  return "--engine " + shellQuoted("/usr/bin/python3 " + std::string(TAPECHECK_CLI_TESTS_DIR) + "/misbehaving_engine.py " + mode) +
         " --engine-timeout 0.5";
}

std::string engineArgs(const std::string& mode) { return engineOptions(mode) + " --seed 1 --cases 20 --no-timings"; }

struct HandshakeCase {
  std::string mode;
  std::string words;
};

void PrintTo(const HandshakeCase& c, std::ostream* os) { *os << c.mode; }

class BadHandshake : public ::testing::TestWithParam<HandshakeCase> {};

TEST_P(BadHandshake, EndsTheRunWithOneLineAndExitTwo) {
  const std::string savedCase =
      std::string(TAPECHECK_REGRESSIONS_DIR) + "/T3_backward_eq_spec-f64-overwrite-instead-of-accumulate.json";
  std::vector<std::string> commands = {"check " + engineArgs(GetParam().mode)};
  // The silent engine costs the whole start-up limit (10 s) each time: once is enough.
  if (GetParam().mode != "silent") commands.push_back("replay " + engineOptions(GetParam().mode) + " " + savedCase);
  for (const std::string& command : commands) {
    const CliRun run = runCli(command, GetParam().mode);
    EXPECT_EQ(run.exitCode, 2) << command << "\n" << run.out << run.err;
    EXPECT_EQ(run.out, "") << command;
    // tapecheck's own message is one line, the last; the engine's stderr (a
    // traceback, say) is passed through before it.
    ASSERT_TRUE(run.err.ends_with("\n")) << run.err;
    const std::size_t previous = run.err.rfind('\n', run.err.size() - 2);
    const std::string last = run.err.substr(previous == std::string::npos ? 0 : previous + 1);
    EXPECT_TRUE(last.starts_with("tapecheck check: ") || last.starts_with("tapecheck replay: ")) << run.err;
    EXPECT_NE(last.find(GetParam().words), std::string::npos) << run.err;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Engines, BadHandshake,
    ::testing::Values(HandshakeCase{"version-mismatch", "speaks protocol version 2; this tapecheck speaks version 1"},
                      HandshakeCase{"exits-at-once", "exited with status 3"},
                      HandshakeCase{"stdout-before-handshake", "'loading model weights...', which is not a JSON object"},
                      HandshakeCase{"silent", "no answer within 10 s"}),
    [](const auto& info) {
      std::string name = info.param.mode;
      std::erase(name, '-');
      return name;
    });

struct ReplyCase {
  std::string mode;
  std::string property;
  std::string words;
};

void PrintTo(const ReplyCase& c, std::ostream* os) { *os << c.mode; }

class BadReply : public ::testing::TestWithParam<ReplyCase> {};

TEST_P(BadReply, IsAnErrorWithItsCaseSavedAndTheRunGoesOn) {
  const ReplyCase& c = GetParam();
  const auto dir = freshTempDir("reply-" + c.mode);
  const CliRun run = runCli("check " + engineArgs(c.mode) + " --out " + shellQuoted(dir.string()), c.mode);
  ASSERT_EQ(run.exitCode, 1) << run.out << run.err;
  const std::string header = "ERROR " + c.property + " in f64 on the misbehaving-" + c.mode + " engine";
  EXPECT_NE(run.out.find(header), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(c.words), std::string::npos) << run.out;
  // The summary still comes, with a row for every property.
  EXPECT_NE(run.out.find("property runs failed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("T1_requires_grad"), std::string::npos) << run.out;
  // The case is saved, and `replay --engine` meets the same breakdown.
  const auto caseFile = dir / (c.property + "-f64.json");
  ASSERT_TRUE(std::filesystem::exists(caseFile)) << run.out;
  const CliRun replay = runCli("replay " + engineOptions(c.mode) + " " + shellQuoted(caseFile.string()), c.mode);
  EXPECT_EQ(replay.exitCode, 1) << replay.out << replay.err;
  EXPECT_NE(replay.out.find(c.property + " in f64 ERROR"), std::string::npos) << replay.out;
}

INSTANTIATE_TEST_SUITE_P(
    Engines, BadReply,
    ::testing::Values(ReplyCase{"not-json", "T3_backward_eq_spec", "'this is not json', which is not a JSON object"},
                      ReplyCase{"wrong-position-count", "T3_backward_eq_spec", "must hold one array per position"},
                      ReplyCase{"wrong-shape", "T3_backward_eq_spec", "values (shape []), not"},
                      ReplyCase{"number-not-text", "T3_backward_eq_spec", "not a string"},
                      ReplyCase{"not-a-number", "T3_backward_eq_spec", "'zero' is not a floating-point number"},
                      ReplyCase{"wrong-id", "T3_backward_eq_spec", "the result's id is not the request's"},
                      ReplyCase{"wrong-result-count", "T3_backward_eq_spec", "one entry per case sent"},
                      ReplyCase{"refuses", "T3_backward_eq_spec", "the engine refused the case: not today"},
                      // Zero answers hold zero_seed_gives_zero, so only exp meets the fault.
                      ReplyCase{"crashes-on-exp", "zero_seed_gives_zero", "killed by signal 11"},
                      ReplyCase{"hangs-on-exp", "zero_seed_gives_zero", "no answer within 0.5 s"}),
    [](const auto& info) {
      std::string name = info.param.mode;
      std::erase(name, '-');
      return name;
    });

TEST(EngineProtocol, AFaultIsShrunkToItsSmallestCase) {
  const auto dir = freshTempDir("shrink");
  const CliRun run = runCli("check " + engineArgs("crashes-on-exp") +
                                " --property zero_seed_gives_zero --out " + shellQuoted(dir.string()),
                            "shrink");
  ASSERT_EQ(run.exitCode, 1) << run.out;
  // The smallest graph that still crashes the engine: one exp node.
  EXPECT_NE(run.out.find("%1 = exp(%0)"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("%2 = "), std::string::npos) << run.out;
}

// A case that takes many requests (finite differences: one forward per input
// element) outlasts the stall limit while every request is answered: the
// replies are heartbeats, so the run is not stopped as a hang.
TEST(EngineProtocol, ASlowEngineThatAnswersIsNotAHang) {
  const CliRun run = runCli("check " + engineOptions("slow") +
                                " --seed 1 --cases 3 --no-timings --property T5_finite_differences --timeout 0.3",
                            "slow");
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_EQ(run.out.find("made no progress"), std::string::npos) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex("T5_finite_differences +f64 +3 .* holds\n"))) << run.out;
}

TEST(EngineProtocol, AnEngineErrorIsAFailureNotABreakdown) {
  const CliRun run = runCli("check " + engineArgs("raises") + " --property T3_backward_eq_spec", "raises");
  EXPECT_EQ(run.exitCode, 1) << run.out;
  EXPECT_NE(run.out.find("FAIL T3_backward_eq_spec in f64"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("raised an error: ValueError: the engine failed on purpose"), std::string::npos) << run.out;
}

TEST(EngineHandshake, UnknownCapabilitiesAreKeptAsideNotAnError) {
  const auto hello = engines::parseHello(
      R"({"type": "hello", "protocol": "tapecheck-engine", "version": 1, "engine": "newer", "domains": ["f64"],)"
      R"( "ops": ["add"], "capabilities": {"gradients": true, "per_node_vjp": true, "jvp": false, "hessians": {"order": 2}}})");
  ASSERT_TRUE(hello) << hello.error();
  EXPECT_TRUE(hello->capabilities.gradients);
  EXPECT_FALSE(hello->capabilities.values);
  // Declared false is not declared; a value of another kind is. (In key order: the JSON object is a map.)
  EXPECT_EQ(hello->unknownCapabilities, (std::vector<std::string>{"hessians", "per_node_vjp"}));
}

TEST(EngineHandshake, CheckListsUnknownCapabilitiesAsNotUsed) {
  const CliRun run = runCli("check " + engineArgs("unknown-capabilities") + " --property T3_backward_eq_spec",
                            "unknown-capabilities");
  // The engine's zero gradients fail T3: a run, not a refused handshake (exit 2).
  EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("capabilities: values, gradients; not used (unknown to this tapecheck): hessians, per_node_vjp\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("FAIL T3_backward_eq_spec in f64 on the misbehaving-unknown-capabilities engine ("),
            std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace tapecheck::cli::test
