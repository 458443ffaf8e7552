// `--jobs`: tasks run in worker processes come back in task order with the
// same bytes as a serial run; a worker that crashes costs only the task it was
// running, which is reported as an error, not lost or blamed on another.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <vector>

#include "cli/check_report.hpp"
#include "cli/worker_pool.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

std::string slowSquare(std::size_t i) {
  // Uneven task lengths, so that workers finish out of order.
  volatile std::size_t spin = 0;
  for (std::size_t k = 0; k < (i % 3) * 200000; ++k) spin = spin + k;
  return std::to_string(i * i) + std::string(i * 1000, 'x');  // some results larger than one pipe read
}

std::vector<std::pair<std::size_t, Result<std::string>>> collect(std::size_t count, int jobs, const TaskFunction& task) {
  std::vector<std::pair<std::size_t, Result<std::string>>> seen;
  runInWorkers(count, jobs, task, [&](std::size_t i, Result<std::string> r) { seen.emplace_back(i, std::move(r)); });
  return seen;
}

TEST(WorkerPool, ResultsArriveInTaskOrderAndEqualASerialRun) {
  const auto serial = collect(40, 1, slowSquare);
  for (int jobs : {2, 3, 8, 100}) {
    const auto parallel = collect(40, jobs, slowSquare);
    ASSERT_EQ(parallel.size(), 40u) << jobs;
    for (std::size_t i = 0; i < 40; ++i) {
      EXPECT_EQ(parallel[i].first, i) << jobs;
      ASSERT_TRUE(parallel[i].second) << parallel[i].second.error();
      EXPECT_EQ(*parallel[i].second, *serial[i].second) << "task " << i << " with " << jobs << " jobs";
    }
  }
}

TEST(WorkerPool, TasksRunInOtherProcesses) {
  const std::string parent = std::to_string(getpid());
  const auto seen = collect(6, 3, [](std::size_t) { return std::to_string(getpid()); });
  ASSERT_EQ(seen.size(), 6u);
  for (const auto& [i, pid] : seen) {
    ASSERT_TRUE(pid);
    EXPECT_NE(*pid, parent) << "task " << i << " ran in the parent";
  }
}

TEST(WorkerPool, ACrashingTaskIsAnErrorAndTheOthersStillRun) {
  const auto seen = collect(12, 3, [](std::size_t i) {
    if (i == 5) std::raise(SIGKILL);  // uncatchable, even by a sanitizer's handler
    if (i == 9) std::_Exit(3);
    return std::to_string(i);
  });
  ASSERT_EQ(seen.size(), 12u);
  for (const auto& [i, result] : seen) {
    if (i == 5) {
      ASSERT_FALSE(result);
      EXPECT_NE(result.error().find("signal"), std::string::npos) << result.error();
    } else if (i == 9) {
      ASSERT_FALSE(result);
      EXPECT_NE(result.error().find("exited with status 3"), std::string::npos) << result.error();
    } else {
      ASSERT_TRUE(result) << "task " << i << ": " << result.error();
      EXPECT_EQ(*result, std::to_string(i));
    }
  }
}

TEST(WorkerPool, NoTasksAndOneJobRunNothingInWorkers) {
  EXPECT_TRUE(collect(0, 4, slowSquare).empty());
  const std::string parent = std::to_string(getpid());
  const auto seen = collect(3, 1, [](std::size_t) { return std::to_string(getpid()); });
  for (const auto& [i, pid] : seen) EXPECT_EQ(*pid, parent);
}

TEST(ReportedRun, SurvivesSerialization) {
  const ReportedRun run{RunOutcome::Fails, "FAIL T3 in modp\n  \"quoted\" \x01\n", {"T3", "modp", "4", "0", "2", "1/16", "FAILS"}};
  const Result<ReportedRun> back = deserializeReportedRun(serialize(run));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->outcome, run.outcome);
  EXPECT_EQ(back->section, run.section);
  EXPECT_EQ(back->row, run.row);
  EXPECT_FALSE(deserializeReportedRun("{\"outcome\": 1}"));
  EXPECT_FALSE(deserializeReportedRun("not json"));
}

TEST(CommandLine, JobsDoNotChangeTheOutput) {
  const auto dir = freshTempDir("jobs");
  const std::string common = "check --seed 7 --cases 40 --no-timings --out " + shellQuoted((dir / "f").string());
  const CliRun serial = runCli(common, "serial");
  ASSERT_EQ(serial.exitCode, 0) << serial.err;
  for (const char* jobs : {" --jobs 2", " --jobs 5", " -j 0"}) {
    const CliRun parallel = runCli(common + jobs, "parallel");
    EXPECT_EQ(parallel.exitCode, 0) << jobs << parallel.err;
    EXPECT_EQ(parallel.out, serial.out) << jobs;
  }
}

}  // namespace
}  // namespace tapecheck::cli::test
