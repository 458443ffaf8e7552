// `tapecheck mutants`: the kill matrix from the binary. It must report a kill
// with its size, list the zoo, reject unknown names, and print the same
// matrix whatever the number of worker processes.
#include <gtest/gtest.h>

#include <regex>

#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

TEST(MutantsCommand, KillsASelectedMutantWithinTheBounds) {
  const CliRun run = runCli("mutants --mutant 'overwrite instead of accumulate' --domain modp,f64", "kill");
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("2 mutant rows"), std::string::npos) << run.out;
  // The first kill with its case count (T3 or T5, whichever is sooner), and
  // the smallest shrunk case with the property that found it.
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(T[35]_\w+ \(\d+\))"))) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(\d+ nodes?, \d+ elements? \(T3_backward_eq_spec\))")))
      << run.out;
  EXPECT_NE(run.out.find("2 of 2 mutant rows killed, every shrunk case within"), std::string::npos) << run.out;
  EXPECT_EQ(run.err.find("Using configuration"), std::string::npos) << run.err;
}

TEST(MutantsCommand, CellsShowEveryPairWithItsVerdict) {
  const CliRun run = runCli("mutants --cells --domain modp --mutant 'requires_grad false on leaves' "
                            "--property T1_requires_grad,T3_backward_eq_spec", "cells");
  ASSERT_EQ(run.exitCode, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("T1_requires_grad     killed"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("cases to failure"), std::string::npos) << run.out;
}

TEST(MutantsCommand, AMutantNoSelectedPropertyKillsIsReportedAndExitsOne) {
  // T2 only looks at edge ids; overwriting a gradient slot leaves them intact.
  const CliRun run = runCli("mutants --domain modp --mutant 'overwrite instead of accumulate' "
                            "--property T2_pids_lt_id", "survivor");
  EXPECT_EQ(run.exitCode, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("NOT KILLED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("0 of 1 mutant rows killed"), std::string::npos) << run.out;
}

TEST(MutantsCommand, WorkersPrintTheSameMatrix) {
  const std::string args = "mutants --domain f64,tropical --cases 50";
  const CliRun serial = runCli(args, "serial");
  const CliRun parallel = runCli(args + " --jobs 3", "parallel");
  ASSERT_EQ(serial.exitCode, 0) << serial.out << serial.err;
  EXPECT_EQ(parallel.exitCode, 0);
  EXPECT_EQ(parallel.out, serial.out);
}

TEST(MutantsCommand, ListsTheZooAndMarkdown) {
  const CliRun list = runCli("mutants --list", "list");
  ASSERT_EQ(list.exitCode, 0);
  for (const char* word : {"seed added twice", "broadcast VJP not reduced", "must die in", "op VJP"}) {
    EXPECT_NE(list.out.find(word), std::string::npos) << word << "\n" << list.out;
  }
  const CliRun markdown = runCli("mutants --markdown --domain modp --mutant 'seed added twice'", "markdown");
  ASSERT_EQ(markdown.exitCode, 0) << markdown.out;
  EXPECT_NE(markdown.out.find("| modp | seed added twice |"), std::string::npos) << markdown.out;
}

TEST(MutantsCommand, BadNamesExitTwo) {
  for (const char* args : {"mutants --mutant nope", "mutants --domain quaternion", "mutants --property nope",
                           "mutants --cases 0", "mutants --cells --markdown"}) {
    const CliRun run = runCli(args, "bad");
    EXPECT_EQ(run.exitCode, 2) << args << "\n" << run.out;
    EXPECT_FALSE(run.err.empty()) << args;
  }
}

}  // namespace
}  // namespace tapecheck::cli::test
