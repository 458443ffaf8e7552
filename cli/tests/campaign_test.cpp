// Campaign mode (`check --time`, `--shard`) and `--known`: a bug found in
// many rounds and on two shards is written once; a logged finding does not
// fail the run and a new one does; bad durations, shards and directories are
// usage errors. The engine is the repository's Python engine with a bug.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli/campaign.hpp"
#include "cli/case_loader.hpp"
#include "cli/finding_key.hpp"
#include "spec/registry.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

std::vector<std::filesystem::path> caseFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  return files;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// How many runs each round line says failed, summed over the output.
int failedRuns(const std::string& out) {
  int failed = 0;
  const std::regex line("\\): [0-9]+ property runs, ([0-9]+) failed");
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it) failed += std::stoi((*it)[1]);
  return failed;
}

TEST(Campaign, OneBugFoundInManyRoundsAndOnTwoShardsIsKeptOnceAndReplaysRed) {
  const auto dir = freshTempDir("findings");
  const std::string common = "check " + pythonEngineFlag("square-by-self-overwrites") +
                             " --domain f64 --ops mul --property T3_backward_eq_spec --cases 100 --seed 5"
                             " --time 3 --no-timings --out " + shellQuoted(dir.string());
  const CliRun first = runCli(common + " --shard 0/2", "shard0");
  const CliRun second = runCli(common + " --shard 1/2", "shard1");
  for (const CliRun* run : {&first, &second}) {
    ASSERT_EQ(run->exitCode, 1) << run->out << run->err;
    EXPECT_NE(run->out.find("campaign: rounds for 3s"), std::string::npos) << run->out;
    EXPECT_GE(failedRuns(run->out), 1) << run->out;
  }
  EXPECT_NE(second.out.find("shard 1 of 2"), std::string::npos) << second.out;
  const std::vector<std::filesystem::path> files = caseFiles(dir);
  const std::string both = first.out + second.out;
  // Each file was announced once, and fewer files than failures: the rest were the same finding.
  EXPECT_EQ(static_cast<std::size_t>(count(both, "NEW FINDING ")), files.size()) << both;
  EXPECT_LT(files.size(), static_cast<std::size_t>(failedRuns(both))) << both;
  std::set<std::string> keys;
  for (const auto& file : files) {
    Result<CaseFileDocument> document = openCaseFile(file);
    ASSERT_TRUE(document) << document.error();
    const std::string domain = document->header.domain;
    ASSERT_TRUE(visitCase(*document, [&](const auto& record) -> Status {
      keys.insert(findingKey(record.property, domain, record.graphCase.graph()));
      return {};
    }));
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(file).replace_extension(".dot"))) << file;
    const CliRun replay = runCli("replay " + pythonEngineFlag("square-by-self-overwrites") + " " + shellQuoted(file.string()));
    EXPECT_EQ(replay.exitCode, 1) << replay.out << replay.err;
  }
  EXPECT_EQ(keys.size(), files.size()) << "two files hold the same finding";
  // No round's scratch directory is left behind.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) EXPECT_FALSE(entry.is_directory()) << entry.path();
}

TEST(Campaign, ACorrectEngineHoldsInEveryRoundAndLeavesNothing) {
  const auto dir = freshTempDir("findings");
  const CliRun run = runCli("check " + pythonEngineFlag() + " --domain f64 --cases 20 --seed 3 --time 1 --no-timings --out " +
                            shellQuoted(dir.string()));
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("round 0 (seed 3): "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("all hold\n"), std::string::npos) << run.out;
  EXPECT_TRUE(std::filesystem::is_empty(dir)) << run.out;
}

TEST(KnownFindings, ALoggedFindingDoesNotFailTheRunAndANewOneDoes) {
  const auto found = freshTempDir("found");
  const std::string bug = pythonEngineFlag("square-by-self-overwrites");
  const std::string args = " --domain f64 --ops mul,add --property T3_backward_eq_spec --cases 100 --seed 1 --no-timings";
  const CliRun first = runCli("check " + bug + args + " --out " + shellQuoted(found.string()), "first");
  ASSERT_EQ(first.exitCode, 1) << first.out << first.err;
  // A campaign draws new cases: it refuses RC_PARAMS' recorded one.
  std::smatch reproduce;
  ASSERT_TRUE(std::regex_search(first.out, reproduce, std::regex("RC_PARAMS=\"(reproduce=[^\"]+)\""))) << first.out;
  const CliRun replaying =
      runCli("check " + bug + args + " --time 1", "rc", "RC_PARAMS=" + shellQuoted(reproduce[1].str()));
  EXPECT_EQ(replaying.exitCode, 2) << replaying.out << replaying.err;
  EXPECT_NE(replaying.err.find("a campaign (--time, --shard) draws new cases"), std::string::npos) << replaying.err;

  const auto logged = freshTempDir("logged");
  std::filesystem::copy_file(found / "T3_backward_eq_spec-f64.json", logged / "001-mul-by-self.json");

  const CliRun again = runCli("check " + bug + args + " --known " + shellQuoted(logged.string()), "again");
  EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("KNOWN T3_backward_eq_spec in f64: the finding logged as"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("1 failed on a known finding (--known)"), std::string::npos) << again.out;
  EXPECT_TRUE(std::regex_search(again.out, std::regex("\nT3_backward_eq_spec +f64 .* known\n"))) << again.out;

  // Another bug is another finding: the run fails.
  const CliRun other = runCli("check " + pythonEngineFlag("relu-grad-at-zero-is-one") +
                                  " --domain f64 --ops relu,mul --property T3_backward_eq_spec --cases 100 --seed 1"
                                  " --no-timings --known " + shellQuoted(logged.string()),
                              "other");
  EXPECT_EQ(other.exitCode, 1) << other.out << other.err;
  EXPECT_NE(other.out.find("FAIL T3_backward_eq_spec in f64"), std::string::npos) << other.out;
}

TEST(KnownFindings, ADirectoryThatIsNotOneOrHoldsABadCaseFileIsAUsageError) {
  const CliRun missing = runCli("check --cases 1 --known /nonexistent/findings");
  EXPECT_EQ(missing.exitCode, 2) << missing.out << missing.err;
  EXPECT_NE(missing.err.find("--known /nonexistent/findings: not a directory of case files"), std::string::npos)
      << missing.err;
  const auto dir = freshTempDir("bad");
  {
    std::ofstream(dir / "001-broken.json") << "{\"format\": \"tapecheck-case\"";
  }
  const CliRun bad = runCli("check --cases 1 --known " + shellQuoted(dir.string()));
  EXPECT_EQ(bad.exitCode, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("001-broken.json"), std::string::npos) << bad.err;
}

TEST(Campaign, BadDurationsShardsAndMixesAreUsageErrors) {
  for (const char* args : {"--time 0", "--time 5x", "--time m", "--time 30m1h", "--shard 2/2", "--shard 1",
                           "--shard -1/2", "--time 1 --shard 0/0"}) {
    const CliRun run = runCli(std::string("check --cases 1 ") + args);
    EXPECT_EQ(run.exitCode, 2) << args << "\n" << run.out << run.err;
    EXPECT_NE(run.err.find("tapecheck check: --"), std::string::npos) << args << "\n" << run.err;
  }
}

TEST(Campaign, DurationsAndShardsParse) {
  EXPECT_EQ(parseDuration("90").value(), std::chrono::seconds(90));
  EXPECT_EQ(parseDuration("90s").value(), std::chrono::seconds(90));
  EXPECT_EQ(parseDuration("30m").value(), std::chrono::seconds(1800));
  EXPECT_EQ(parseDuration("1h30m").value(), std::chrono::seconds(5400));
  EXPECT_EQ(parseDuration("2h5s").value(), std::chrono::seconds(7205));
  EXPECT_FALSE(parseDuration("1m1m"));
  EXPECT_FALSE(parseDuration("99999999999999"));  // past a year: the deadline would overflow
  EXPECT_FALSE(parseDuration("9000h"));
  EXPECT_FALSE(parseDuration(""));
  EXPECT_EQ(parseShard("3/4").value().index, 3);
  EXPECT_EQ(parseShard("3/4").value().total, 4);
  EXPECT_FALSE(parseShard("4/4"));
  EXPECT_FALSE(parseShard("a/4"));
}

TEST(Campaign, ShardComesFromGoogleTestOrAKubernetesIndexedJob) {
  const auto from = [](std::map<std::string, std::string> env) {
    return shardFromEnvironment([env = std::move(env)](const char* name) -> const char* {
      const auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  };
  const auto gtest = from({{"GTEST_SHARD_INDEX", "2"}, {"GTEST_TOTAL_SHARDS", "3"}, {"JOB_COMPLETION_INDEX", "7"}});
  ASSERT_TRUE(gtest && *gtest);
  EXPECT_EQ((*gtest)->index, 2);
  EXPECT_EQ((*gtest)->total, 3);
  const auto job = from({{"JOB_COMPLETION_INDEX", "7"}});
  ASSERT_TRUE(job && *job);
  EXPECT_EQ((*job)->index, 7);
  EXPECT_EQ((*job)->total, 0);
  const auto none = from({});
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  EXPECT_FALSE(from({{"JOB_COMPLETION_INDEX", "x"}}));
  EXPECT_FALSE(from({{"GTEST_SHARD_INDEX", "3"}, {"GTEST_TOTAL_SHARDS", "3"}}));
}

TEST(Campaign, EachShardAndRoundDrawsItsOwnSeed) {
  EXPECT_EQ(campaignSeed(42, 0, 0), 42u);  // a one-round campaign sees what `check --seed 42` sees
  std::set<std::uint64_t> seeds;
  for (int shard = 0; shard < 8; ++shard) {
    for (int round = 0; round < 8; ++round) seeds.insert(campaignSeed(42, shard, round));
  }
  EXPECT_EQ(seeds.size(), 64u);
}

TEST(Campaign, AFindingIsItsPropertyAndTheShapeOfItsGraphNotItsValues) {
  spec::Graph graph;
  graph.inputs = {spec::Shape{2}, spec::Shape{}};
  graph.nodes.push_back({spec::findOp("mul"), {0, 0}, {}});
  const std::string key = findingKey("T3_backward_eq_spec", "f64", graph);
  EXPECT_EQ(key, "T3_backward_eq_spec in f64 | ops mul | inputs [2] [] | %2 = mul(%0,%0)");
  spec::Graph other = graph;
  other.nodes[0].args = {0, 1};
  EXPECT_NE(findingHash(findingKey("T3_backward_eq_spec", "f64", other)), findingHash(key));
  EXPECT_NE(findingHash(findingKey("T3_backward_eq_spec", "f32", graph)), findingHash(key));
  EXPECT_EQ(findingHash(key).size(), 16u);
}

}  // namespace
}  // namespace tapecheck::cli::test
