#pragma once
// Runs independent tasks in forked worker processes and hands their results
// back in task order, so that output assembled from them is the same bytes as
// a serial run. Why processes and not threads: RapidCheck keeps its implicit
// parameters (the current generator handler, the property context) in
// process-wide statics, so two properties cannot run in one process at once.
#include <cstddef>
#include <functional>
#include <string>

#include "spec/result.hpp"

namespace tapecheck::cli {

/// Task i's serialized result; any bytes.
using TaskFunction = std::function<std::string(std::size_t index)>;
/// Called in the parent, in index order. An error means the worker running the
/// task died before finishing it (a crash in the runtime under test, say).
using ResultFunction = std::function<void(std::size_t index, Result<std::string> result)>;

/// Runs task(0) … task(count - 1) in `jobs` worker processes that take the
/// next unstarted task as they become free. With jobs <= 1 (or a single task)
/// everything runs in this process, with no fork.
void runInWorkers(std::size_t count, int jobs, const TaskFunction& task, const ResultFunction& onResult);

/// The number of hardware threads, at least 1: what `--jobs 0` means.
int hardwareJobs();

}  // namespace tapecheck::cli
