#pragma once
// Runs the real `tapecheck` binary and captures what it prints and returns.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/check_report.hpp"  // shellQuoted

namespace tapecheck::cli::test {

struct CliRun {
  int exitCode = -1;  // -1: did not exit normally (a crash)
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline std::filesystem::path tempRoot() { return std::filesystem::temp_directory_path() / "tapecheck-cli-tests"; }

// Removes this process's temporary directories when the tests are done.
class TempDirCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    const std::string mine = std::to_string(getpid()) + "-";
    for (const auto& entry : std::filesystem::directory_iterator(tempRoot(), ec)) {
      if (entry.path().filename().string().rfind(mine, 0) == 0) std::filesystem::remove_all(entry.path(), ec);
    }
  }
};
inline ::testing::Environment* const kTempDirCleanup = ::testing::AddGlobalTestEnvironment(new TempDirCleanup);

/// A fresh empty directory under the system temp directory, unique to this
/// process and test: ctest runs tests in parallel, and other people may too.
inline std::filesystem::path freshTempDir(const std::string& name) {
  std::string test = "no-test";
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    test = std::string(info->test_suite_name()) + "." + info->name();
    for (char& ch : test) {
      if (ch == '/') ch = '_';
    }
  }
  const auto dir = tempRoot() / (std::to_string(getpid()) + "-" + test + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

/// `<program> <args>` run in a fresh directory (where failure files would
/// go), with stdout and stderr captured; args are shell words, and so is
/// `wrapper` (a command that runs the program, such as `timeout 60`).
inline CliRun runProgram(const std::string& program, const std::string& args, const std::string& tag = "run",
                         const std::string& wrapper = "") {
  const auto dir = freshTempDir("io-" + tag);
  const std::string command = "cd " + shellQuoted(dir.string()) + " && " + wrapper + " " + shellQuoted(program) +
                              " " + args + " >out 2>err";
  const int status = std::system(command.c_str());
  CliRun run;
  if (status != -1 && WIFEXITED(status)) run.exitCode = WEXITSTATUS(status);
  run.out = slurp(dir / "out");
  run.err = slurp(dir / "err");
  return run;
}

/// `--engine '<the repository's Python engine [--bug NAME]>'`
/// (examples/python-engine/engine.py; Debian's /usr/bin/python3, as in
/// engine_protocol_test.cpp).
inline std::string pythonEngineFlag(const std::string& bug = "") {
  std::string command = "/usr/bin/python3 " + std::string(TAPECHECK_EXAMPLES_DIR) + "/python-engine/engine.py";
  if (!bug.empty()) command += " --bug " + bug;
  return "--engine " + shellQuoted(command);
}

/// `tapecheck <args>`, as runProgram.
inline CliRun runCli(const std::string& args, const std::string& tag = "run", const std::string& wrapper = "") {
  return runProgram(TAPECHECK_CLI_PATH, args, tag, wrapper);
}

}  // namespace tapecheck::cli::test
