// A run survives the runtime it tests: with softplus's backward crashing or
// hanging (cli/tests/planted_fault_main.cpp), at --jobs 1, 2 and 0 every other
// property run reports as usual, each run that met the fault is an ERROR row
// with a command that reproduces it alone, the summary prints, and the exit
// code is 1.
#include <gtest/gtest.h>

#include <regex>

#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

// The verdict column of the summary row for (property, domain), or "".
std::string verdictOf(const std::string& out, const std::string& property, const std::string& domain) {
  const std::regex row("^" + property + " +" + domain + " +.* (holds|FAILS|ERROR|skipped)$");
  std::smatch match;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, row)) return match[1];
  }
  return "";
}

// Every "run it alone: <command>" line of the report.
std::vector<std::string> aloneCommands(const std::string& out) {
  std::vector<std::string> commands;
  const std::string marker = "  run it alone: ";
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(marker, 0) == 0) commands.push_back(line.substr(marker.size()));
  }
  return commands;
}

std::size_t occurrences(const std::string& text, const std::string& word) {
  std::size_t n = 0;
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
  return n;
}

struct PlantedFault {
  std::string name;
  std::string program;
  std::string args;     // beyond --jobs
  std::string symptom;  // in every ERROR section
};

void PrintTo(const PlantedFault& fault, std::ostream* os) { *os << fault.name; }

class RunSurvivesRuntime : public ::testing::TestWithParam<PlantedFault> {};

TEST_P(RunSurvivesRuntime, EveryOtherRunReportsAndTheFaultyOnesAreErrorRows) {
  const PlantedFault& fault = GetParam();
  std::string firstOut;
  for (const char* jobs : {"1", "2", "0"}) {
    SCOPED_TRACE(std::string("--jobs ") + jobs);
    const CliRun run = runProgram(fault.program, fault.args + " --jobs " + jobs, fault.name);
    ASSERT_EQ(run.exitCode, 1) << run.out << run.err;
    EXPECT_NE(run.out.find("property runs failed"), std::string::npos) << run.out;
    // The runs that never reach softplus's backward, and the exact domains, report normally.
    EXPECT_EQ(verdictOf(run.out, "T1_requires_grad", "f64"), "holds") << run.out;
    EXPECT_EQ(verdictOf(run.out, "T4_values_eq_eval", "f64"), "holds") << run.out;
    EXPECT_EQ(verdictOf(run.out, "T3_backward_eq_spec", "f64"), "ERROR") << run.out;
    if (fault.args.find("modp") != std::string::npos) {
      EXPECT_EQ(verdictOf(run.out, "T3_backward_eq_spec", "modp"), "holds") << run.out;
    }
    const std::size_t errorRows = occurrences(run.out, " ERROR\n");
    EXPECT_GE(errorRows, 1u);
    EXPECT_EQ(occurrences(run.out, "\nERROR ") + (run.out.rfind("ERROR ", 0) == 0), errorRows) << run.out;
    EXPECT_EQ(occurrences(run.out, fault.symptom), errorRows) << run.out;
    EXPECT_EQ(aloneCommands(run.out).size(), errorRows) << run.out;
    // The report does not depend on the number of workers.
    if (firstOut.empty()) firstOut = run.out;
    EXPECT_EQ(run.out, firstOut);
  }

  // The printed command, run alone, reproduces the fault as the same ERROR.
  const std::vector<std::string> commands = aloneCommands(firstOut);
  ASSERT_FALSE(commands.empty());
  const std::string& command = commands.front();
  ASSERT_EQ(command.rfind(shellQuoted(fault.program) + " check ", 0), 0u) << command;
  const CliRun alone = runProgram(fault.program, command.substr(shellQuoted(fault.program).size()), fault.name);
  EXPECT_EQ(alone.exitCode, 1) << alone.out << alone.err;
  EXPECT_EQ(occurrences(alone.out, fault.symptom), 1u) << alone.out;
  EXPECT_NE(alone.out.find("1 of 1 property runs failed"), std::string::npos) << alone.out;
}

INSTANTIATE_TEST_SUITE_P(
    PlantedFaults, RunSurvivesRuntime,
    ::testing::Values(PlantedFault{"crash", TAPECHECK_PLANTED_CRASH_PATH,
                                   "check --seed 5 --cases 50 --domain f64,modp --ops softplus,add,mul --no-timings",
                                   // "killed by signal 11", or under a sanitizer, whose handler
                                   // reports the segfault, "exited with status 1".
                                   "the worker process running it "},
                      PlantedFault{"hang", TAPECHECK_PLANTED_HANG_PATH,
                                   "check --seed 5 --cases 50 --domain f64 --ops softplus,add,mul --no-timings "
                                   "--timeout 0.5",
                                   "made no progress for 0.5 s"}),
    [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tapecheck::cli::test
