// Bad case files end in a one-line error that names the file, the JSON Pointer
// and the problem: through the library (openCaseFile + visitCase) and through
// the real binary (exit code 2, one line on stderr, nothing on stdout).
#include <gtest/gtest.h>

#include "bad_case_files.hpp"
#include "cli/case_loader.hpp"
#include "cli/file_io.hpp"
#include "run_cli.hpp"

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
  return visitCase(*file, [](const auto&) -> Status { return {}; });
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
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_P(BadCaseFileTest, ReplayExitsTwoWithOneLine) {
  const auto path = writeIt();
  const CliRun run = runCli("replay " + shellQuoted(path.string()), GetParam().name);
  EXPECT_EQ(run.exitCode, 2) << run.err;
  EXPECT_EQ(run.out, "");
  ASSERT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << run.err;
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
  const CliRun run = runCli("replay " + shellQuoted(path.string()));
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("at /property: no property 'no_such_property' in domain modp"), std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace tapecheck::cli::test
