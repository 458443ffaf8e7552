// Bad case files end in a one-line error that names the file, the JSON Pointer
// and the problem: through the library (openCaseFile + visitCase) and through
// the real binary (exit code 2, one line on stderr, nothing on stdout).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "bad_case_files.hpp"
#include "cli/case_loader.hpp"
#include "cli/file_io.hpp"
#include "run_cli.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli::test {
namespace {

class BadCaseFileTest : public ::testing::TestWithParam<BadCaseFile> {
 protected:
  std::filesystem::path writeIt() {
    const auto dir = freshTempDir("bad-" + GetParam().name);
    const auto path = dir / (GetParam().name + ".json");
    EXPECT_TRUE(writeTextFile(path, GetParam().text()));
    return path;
  }
};

// The whole read path of replay and show, short of running a property.
Status readWholeCase(const std::filesystem::path& path) {
  Result<CaseFileDocument> file = openCaseFile(path);
  if (!file) return fail(file.error());
  return visitCase(*file, [&](const auto& record) -> Status {
    const Status budget = checkWorkBudget(record.graphCase.graph(), record.graphCase.data.shapes, kDefaultMaxWork);
    return budget ? budget : fail(path.string() + ": " + budget.error());
  });
}

bool hasControlBytes(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c < 0x20 || c == 0x7f;
  });
}

TEST_P(BadCaseFileTest, LibraryNamesFilePointerAndProblem) {
  const auto path = writeIt();
  const Status read = readWholeCase(path);
  ASSERT_FALSE(read) << "accepted a bad file";
  const std::string& message = read.error();
  EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
  if (!GetParam().pointer.empty()) {
    EXPECT_NE(message.find("at " + GetParam().pointer + ":"), std::string::npos) << message;
  }
  EXPECT_NE(message.find(GetParam().words), std::string::npos) << message;
  EXPECT_FALSE(hasControlBytes(message)) << message;
}

TEST_P(BadCaseFileTest, ReplayExitsTwoWithOneLine) {
  const auto path = writeIt();
  const CliRun run = runCli("replay " + shellQuoted(path.string()), GetParam().name);
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_EQ(run.out, "");
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;
  EXPECT_FALSE(hasControlBytes(run.err.substr(0, run.err.size() - 1))) << run.err;
  EXPECT_NE(run.err.find(GetParam().words), std::string::npos) << run.err;
}

TEST_P(BadCaseFileTest, ShowExitsTwo) {
  const auto path = writeIt();
  EXPECT_EQ(runCli("show " + shellQuoted(path.string()), GetParam().name).exitCode, 2);
}

INSTANTIATE_TEST_SUITE_P(CaseFiles, BadCaseFileTest, ::testing::ValuesIn(badCaseFiles()),
                         [](const auto& info) { return info.param.name; });

TEST(BadCaseFile, TheUndamagedCaseReadsAndHolds) {
  // Guards the table above: each bad file differs from this one in one place.
  const auto dir = freshTempDir("valid");
  const auto path = dir / "valid.json";
  ASSERT_TRUE(writeTextFile(path, validCaseJson().dump(2)));
  EXPECT_TRUE(readWholeCase(path));
  const CliRun run = runCli("replay " + shellQuoted(path.string()), "valid");
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
}

TEST(BadCaseFile, MissingFileAndDirectory) {
  const auto dir = freshTempDir("missing");
  EXPECT_NE(readWholeCase(dir / "nope.json").error().find("cannot open"), std::string::npos);
  EXPECT_NE(readWholeCase(dir).error().find("is a directory"), std::string::npos);
  EXPECT_EQ(runCli("replay " + shellQuoted((dir / "nope.json").string())).exitCode, 2);
}

TEST(BadCaseFile, UnknownPropertyForTheDomain) {
  const auto dir = freshTempDir("property");
  auto j = validCaseJson();
  j["property"] = "no_such_property";
  const auto path = dir / "case.json";
  ASSERT_TRUE(writeTextFile(path, j.dump()));
  for (const std::string command : {"replay", "show"}) {
    const CliRun run = runCli(command + " " + shellQuoted(path.string()), command);
    EXPECT_EQ(run.exitCode, 2) << command;
    EXPECT_EQ(run.out, "") << command;
    EXPECT_EQ(run.err, "tapecheck " + command + ": " + path.string() +
                           ": at /property: no property 'no_such_property' in domain modp\n");
  }
}

// Opening a FIFO for reading blocks until a writer appears; the loader must
// refuse it at once. `timeout` only turns a hang into a failure.
TEST(BadCaseFile, FifoWithoutWriterIsRefused) {
  const auto fifo = freshTempDir("fifo") / "case.json";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const Status read = readWholeCase(fifo);
  ASSERT_FALSE(read);
  EXPECT_NE(read.error().find("is a FIFO"), std::string::npos) << read.error();
  for (const std::string command : {"replay", "show"}) {
    const CliRun run = runCli(command + " " + shellQuoted(fifo.string()), command, "timeout 60");
    EXPECT_EQ(run.exitCode, 2) << command << run.err;
    EXPECT_NE(run.err.find("is a FIFO (named pipe), not a case file"), std::string::npos) << run.err;
  }
}

TEST(BadCaseFile, DeviceIsRefused) {
  const Status read = readWholeCase("/dev/zero");
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error(), "/dev/zero: is a character device, not a case file");
  EXPECT_EQ(runCli("show /dev/zero").exitCode, 2);
}

// A case over the default budget is refused (OverTheWorkBudget above);
// --max-work at the estimate the message names lets the same case through.
TEST(WorkBudget, MaxWorkLetsAHeavierCaseThrough) {
  const auto path = freshTempDir("budget") / "case.json";
  ASSERT_TRUE(writeTextFile(path, emptyRowsCase(std::size_t{1} << 16, 4).dump()));
  for (const std::string command : {"replay", "show"}) {
    const CliRun refused = runCli(command + " --max-work 1000 " + shellQuoted(path.string()), command + "-refused");
    EXPECT_EQ(refused.exitCode, 2) << refused.err;
    const std::string marker = "raise it with --max-work ";
    const auto at = refused.err.find(marker);
    ASSERT_NE(at, std::string::npos) << refused.err;
    const std::string estimate = refused.err.substr(at + marker.size(), refused.err.size() - at - marker.size() - 1);
    EXPECT_NE(refused.err.find("work estimate " + estimate + " element operations is above the limit 1000"),
              std::string::npos)
        << refused.err;
    const CliRun allowed = runCli(command + " --max-work " + estimate + " " + shellQuoted(path.string()), command);
    EXPECT_EQ(allowed.exitCode, 0) << allowed.out << allowed.err;
  }
}

// The case the budget was made for: 200,000 dot(%0, %0) on a 10^6-element
// input ran for 1.5 h. Its shapes alone put it far over the default.
TEST(WorkBudget, TheReportedDotCaseIsOverTheDefault) {
  spec::Graph graph;
  graph.inputs = {spec::Shape{1'000'000}};
  graph.nodes.assign(200'000, spec::GraphNode{spec::findOp("dot"), {0, 0}, {}});
  const auto shapes = spec::validate(graph);
  ASSERT_TRUE(shapes) << shapes.error();
  EXPECT_GE(spec::estimateWork(graph, *shapes), 50 * kDefaultMaxWork);
  EXPECT_FALSE(checkWorkBudget(graph, *shapes, kDefaultMaxWork));
}

TEST(WorkBudget, MatmulCountsItsInnerDimension) {
  spec::Graph graph;
  graph.inputs = {spec::Shape{30, 400}, spec::Shape{400, 50}};
  graph.nodes = {spec::GraphNode{spec::findOp("matmul"), {0, 1}, {}}};
  const auto shapes = spec::validate(graph);
  ASSERT_TRUE(shapes) << shapes.error();
  EXPECT_GE(spec::estimateWork(graph, *shapes), 3u * 30 * 400 * 50);
}

}  // namespace
}  // namespace tapecheck::cli::test
