#pragma once
// Runs independent tasks in forked worker processes and hands their results
// back in task order, so that output assembled from them is the same bytes
// whatever the number of workers. Why processes: the code under test may
// crash or hang, and that must cost only the task that ran it, never the
// report; and RapidCheck keeps its implicit parameters (the current generator
// handler, the property context) in process-wide statics, so two properties
// cannot run in one process at once.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "spec/result.hpp"

namespace tapecheck::cli {

/// Called by a running task (in its worker) after each case it finishes or
/// shrink step it tries: the heartbeat that the stall limit watches.
using ProgressFunction = std::function<void(int casesDone)>;
/// Task i's serialized result; any bytes.
using TaskFunction = std::function<std::string(std::size_t index, const ProgressFunction& progress)>;
/// Called in the parent, in index order. An error means the task did not
/// finish: its worker crashed, exited, or stalled and was stopped.
using ResultFunction = std::function<void(std::size_t index, Result<std::string> result)>;
/// Called in the parent when a task reports progress.
using ProgressReport = std::function<void(std::size_t index, int casesDone)>;

struct WorkerPoolOptions {
  /// Worker processes (at least one is always used: isolation is not optional).
  int jobs = 1;
  /// A task that reports no progress for this long is stopped (SIGKILL) and
  /// reported as an error; zero means no limit.
  std::chrono::milliseconds stallLimit{0};
  ProgressReport onProgress;
};

/// Runs task(0) … task(count - 1) in worker processes, each worker taking the
/// next task when it is free. A worker that dies is replaced, so one crashing
/// task never takes the others with it.
void runInWorkers(std::size_t count, const WorkerPoolOptions& options, const TaskFunction& task,
                  const ResultFunction& onResult);

/// The number of hardware threads, at least 1: what `--jobs 0` means.
int hardwareJobs();

}  // namespace tapecheck::cli
