// `--jobs`: tasks run in worker processes come back in task order with the
// same bytes whatever the number of workers; a worker that crashes or stalls
// costs only the task it was running, which is reported as an error, not lost
// or blamed on another, and the worker is replaced.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <thread>
#include <vector>

#include "cli/check_report.hpp"
#include "cli/worker_pool.hpp"
#include "run_cli.hpp"

namespace tapecheck::cli::test {
namespace {

using namespace std::chrono_literals;

std::string slowSquare(std::size_t i, const ProgressFunction&) {
  // Uneven task lengths, so that workers finish out of order.
  volatile std::size_t spin = 0;
  for (std::size_t k = 0; k < (i % 3) * 200000; ++k) spin = spin + k;
  return std::to_string(i * i) + std::string(i * 1000, 'x');  // some results larger than one pipe read
}

using Seen = std::vector<std::pair<std::size_t, Result<std::string>>>;

Seen collect(std::size_t count, const WorkerPoolOptions& options, const TaskFunction& task) {
  Seen seen;
  runInWorkers(count, options, task, [&](std::size_t i, Result<std::string> r) { seen.emplace_back(i, std::move(r)); });
  return seen;
}

Seen collect(std::size_t count, int jobs, const TaskFunction& task) {
  WorkerPoolOptions options;
  options.jobs = jobs;
  return collect(count, options, task);
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
  const auto seen = collect(6, 3, [](std::size_t, const ProgressFunction&) { return std::to_string(getpid()); });
  ASSERT_EQ(seen.size(), 6u);
  for (const auto& [i, pid] : seen) {
    ASSERT_TRUE(pid);
    EXPECT_NE(*pid, parent) << "task " << i << " ran in the parent";
  }
}

TEST(WorkerPool, ACrashingTaskIsAnErrorAndTheOthersStillRun) {
  for (int jobs : {1, 3}) {
  const auto seen = collect(12, jobs, [](std::size_t i, const ProgressFunction&) {
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
      ASSERT_TRUE(result) << "task " << i << " with " << jobs << " jobs: " << result.error();
      EXPECT_EQ(*result, std::to_string(i));
    }
  }
  }
}

TEST(WorkerPool, OneJobStillRunsEachTaskOutsideTheParent) {
  EXPECT_TRUE(collect(0, 4, slowSquare).empty());
  const std::string parent = std::to_string(getpid());
  const auto seen = collect(3, 1, [](std::size_t, const ProgressFunction&) { return std::to_string(getpid()); });
  ASSERT_EQ(seen.size(), 3u);
  for (const auto& [i, pid] : seen) EXPECT_NE(*pid, parent);
}

TEST(WorkerPool, ATaskWithoutProgressIsStoppedAndNamesTheCasesDone) {
  WorkerPoolOptions options;
  options.jobs = 1;
  options.stallLimit = 300ms;
  const auto seen = collect(4, options, [](std::size_t i, const ProgressFunction& progress) {
    if (i == 1) {
      progress(1);
      progress(2);
      for (;;) std::this_thread::sleep_for(1s);
    }
    return std::to_string(i);
  });
  ASSERT_EQ(seen.size(), 4u);
  ASSERT_FALSE(seen[1].second);
  EXPECT_NE(seen[1].second.error().find("no progress"), std::string::npos) << seen[1].second.error();
  EXPECT_NE(seen[1].second.error().find("after 2 cases"), std::string::npos) << seen[1].second.error();
  for (std::size_t i : {0, 2, 3}) {
    ASSERT_TRUE(seen[i].second) << seen[i].second.error();
    EXPECT_EQ(*seen[i].second, std::to_string(i));
  }
}

TEST(WorkerPool, ATaskThatKeepsReportingProgressIsNotStopped) {
  WorkerPoolOptions options;
  options.stallLimit = 300ms;
  std::vector<int> progressSeen;
  options.onProgress = [&](std::size_t, int casesDone) { progressSeen.push_back(casesDone); };
  // Longer in all than the limit, but never silent for that long.
  const auto seen = collect(1, options, [](std::size_t, const ProgressFunction& progress) {
    for (int k = 1; k <= 8; ++k) {
      std::this_thread::sleep_for(100ms);
      progress(k);
    }
    return std::string("done");
  });
  ASSERT_EQ(seen.size(), 1u);
  ASSERT_TRUE(seen[0].second) << seen[0].second.error();
  EXPECT_FALSE(progressSeen.empty());
}

TEST(ReportedRun, SurvivesSerialization) {
  const ReportedRun run{"T3", "modp", RunOutcome::Fails, "FAIL T3 in modp\n  \"quoted\" \x01\n", {"T3", "modp", "4", "0", "2", "1/16", "FAILS"},
                        true, "key", "known.json", "non-finite values 3"};
  const Result<ReportedRun> back = deserializeReportedRun(serialize(run));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->outcome, run.outcome);
  EXPECT_EQ(back->property, run.property);
  EXPECT_EQ(back->domain, run.domain);
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
