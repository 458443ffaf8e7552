#include "cli/worker_pool.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <thread>
#include <vector>

namespace tapecheck::cli {
namespace {

using Clock = std::chrono::steady_clock;

// How often the parent looks at the workers' heartbeats while tasks run.
constexpr std::chrono::milliseconds kTick{100};

// A worker's result: this header, then `length` bytes.
struct ResultHeader {
  std::uint64_t index;
  std::uint64_t length;
};

// Progress lives in memory shared with the worker, not in pipe frames: a
// worker bumps two counters per case (no system call on the hot path), and
// the parent reads them when it wakes. Why exact and not throttled: the case
// count names the case that crashed.
struct Heartbeat {
  std::atomic<std::uint64_t> beats{0};
  std::atomic<int> casesDone{0};
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free && std::atomic<int>::is_always_lock_free);

bool writeAll(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool readAll(int fd, void* data, std::size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The worker's whole life: read a task index, run it, write its result; end
// when the parent closes the command pipe.
[[noreturn]] void workerMain(int commands, int results, Heartbeat& heartbeat, const TaskFunction& task) {
  const ProgressFunction progress = [&heartbeat](int casesDone) {
    heartbeat.casesDone.store(casesDone, std::memory_order_relaxed);
    heartbeat.beats.fetch_add(1, std::memory_order_relaxed);
  };
  std::uint64_t index = 0;
  while (readAll(commands, &index, sizeof index)) {
    heartbeat.casesDone.store(0, std::memory_order_relaxed);
    const std::string result = task(static_cast<std::size_t>(index), progress);
    const ResultHeader header{index, result.size()};
    if (!writeAll(results, &header, sizeof header) || !writeAll(results, result.data(), result.size())) break;
  }
  std::cout.flush();
  std::cerr.flush();
  // Why _exit: the parent's atexit handlers and static destructors are not the worker's to run.
  ::_exit(0);
}

std::string howItEnded(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended";
}

struct Worker {
  pid_t pid = -1;
  int commands = -1;  // parent -> worker: task indices
  int results = -1;   // worker -> parent: result frames
  Heartbeat* heartbeat = nullptr;
  std::string buffer;
  std::optional<std::size_t> running;
  std::uint64_t lastBeats = 0;
  Clock::time_point lastBeatAt{};
};

class Pool {
 public:
  Pool(std::size_t count, const WorkerPoolOptions& options, const TaskFunction& task, const ResultFunction& onResult)
      : count_(count), options_(options), task_(task), onResult_(onResult) {}

  void run() {
    const std::size_t wanted = std::min<std::size_t>(options_.jobs < 1 ? 1 : options_.jobs, count_);
    std::string why;
    while (workers_.size() < wanted && nextTask_ < count_ && spawn(why)) {
    }
    while (!workers_.empty()) {
      waitForEvents();
      for (Worker& w : workers_) serve(w);
      stopStalled();
      std::erase_if(workers_, [](const Worker& w) { return w.pid < 0; });
      while (workers_.size() < wanted && nextTask_ < count_ && spawn(why)) {
      }
      reportReady();
    }
    // Only when no worker can be started at all (fork or pipe failing).
    for (; nextTask_ < count_; ++nextTask_) done_.emplace(nextTask_, fail("no worker process could run it: " + why));
    reportReady();
  }

 private:
  bool spawn(std::string& why) {
    void* shared = ::mmap(nullptr, sizeof(Heartbeat), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return (why = std::string("mmap: ") + std::strerror(errno)), false;
    int toWorker[2], fromWorker[2];
    if (::pipe2(toWorker, O_CLOEXEC) != 0) {
      why = std::string("pipe: ") + std::strerror(errno);
      ::munmap(shared, sizeof(Heartbeat));
      return false;
    }
    if (::pipe2(fromWorker, O_CLOEXEC) != 0) {
      why = std::string("pipe: ") + std::strerror(errno);
      for (int fd : toWorker) ::close(fd);
      ::munmap(shared, sizeof(Heartbeat));
      return false;
    }
    Heartbeat* heartbeat = new (shared) Heartbeat;
    std::cout.flush();  // or the worker would print the parent's buffered text again
    std::cerr.flush();
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::signal(SIGPIPE, SIG_DFL);
      ::close(toWorker[1]);
      ::close(fromWorker[0]);
      // A sibling's pipe held open here would hide that sibling's death from the parent.
      for (const Worker& other : workers_) {
        ::close(other.commands);
        ::close(other.results);
      }
      workerMain(toWorker[0], fromWorker[1], *heartbeat, task_);
    }
    ::close(toWorker[0]);
    ::close(fromWorker[1]);
    if (pid < 0) {
      why = std::string("fork: ") + std::strerror(errno);
      ::close(toWorker[1]);
      ::close(fromWorker[0]);
      ::munmap(shared, sizeof(Heartbeat));
      return false;
    }
    workers_.push_back({pid, toWorker[1], fromWorker[0], heartbeat, {}, {}, 0, Clock::now()});
    assignNext(workers_.back());
    return true;
  }

  // Gives the worker the next task, or tells it to exit when none is left.
  void assignNext(Worker& w) {
    if (nextTask_ >= count_) {
      ::close(w.commands);
      w.commands = -1;
      return;
    }
    const std::uint64_t index = nextTask_++;
    w.running = index;
    w.lastBeats = w.heartbeat->beats.load(std::memory_order_relaxed);
    w.lastBeatAt = Clock::now();
    // A failed write means the worker is gone; its closed pipe reports that next.
    writeAll(w.commands, &index, sizeof index);
  }

  void waitForEvents() {
    std::vector<pollfd> polled;
    for (const Worker& w : workers_) polled.push_back({w.results, POLLIN, 0});
    const bool watching = options_.stallLimit.count() > 0 || options_.onProgress;
    const int timeout = watching ? static_cast<int>(kTick.count()) : -1;
    if (::poll(polled.data(), polled.size(), timeout) < 0 && errno != EINTR) {
      // Nothing sensible is left to wait on; treat every worker as gone.
      for (Worker& w : workers_) reap(w, "could not be watched (poll failed)");
      return;
    }
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      if (polled[i].revents != 0) readFrom(workers_[i]);
    }
  }

  void readFrom(Worker& w) {
    char chunk[1 << 16];
    const ssize_t n = ::read(w.results, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) return;
    if (n <= 0) {
      int status = 0;
      ::waitpid(w.pid, &status, 0);
      w.pid = -w.pid;  // reaped; reap() below only releases what is left
      reap(w, howItEnded(status));
      return;
    }
    w.buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t at = 0;
    ResultHeader header;
    while (w.buffer.size() - at >= sizeof header) {
      std::memcpy(&header, w.buffer.data() + at, sizeof header);
      if (w.buffer.size() - at - sizeof header < header.length) break;
      done_.emplace(header.index, w.buffer.substr(at + sizeof header, header.length));
      at += sizeof header + header.length;
      w.running.reset();
      assignNext(w);
    }
    w.buffer.erase(0, at);
  }

  // Heartbeats: progress for the caller, and the stall limit.
  void serve(Worker& w) {
    if (w.pid < 0 || !w.running) return;
    const std::uint64_t beats = w.heartbeat->beats.load(std::memory_order_relaxed);
    if (beats == w.lastBeats) return;
    w.lastBeats = beats;
    w.lastBeatAt = Clock::now();
    if (options_.onProgress) options_.onProgress(*w.running, w.heartbeat->casesDone.load(std::memory_order_relaxed));
  }

  void stopStalled() {
    if (options_.stallLimit.count() <= 0) return;
    const auto now = Clock::now();
    for (Worker& w : workers_) {
      if (w.pid < 0 || !w.running || now - w.lastBeatAt < options_.stallLimit) continue;
      ::kill(w.pid, SIGKILL);
      int status = 0;
      ::waitpid(w.pid, &status, 0);
      w.pid = -w.pid;
      const auto seconds = std::chrono::duration<double>(options_.stallLimit).count();
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", seconds);
      reap(w, std::string("made no progress for ") + limit + " s (a hang?) and was stopped");
    }
  }

  // Releases a worker; a task it was running ends as an error saying how.
  void reap(Worker& w, const std::string& how) {
    if (w.pid > 0) {
      ::kill(w.pid, SIGKILL);
      ::waitpid(w.pid, nullptr, 0);
    }
    w.pid = -1;
    if (w.running) {
      const int casesDone = w.heartbeat->casesDone.load(std::memory_order_relaxed);
      const std::string cases = std::to_string(casesDone) + (casesDone == 1 ? " case had" : " cases had");
      done_.emplace(*w.running, fail("the worker process running it " + how + ", after " + cases + " finished"));
      w.running.reset();
    }
    if (w.commands >= 0) ::close(w.commands);
    if (w.results >= 0) ::close(w.results);
    w.commands = w.results = -1;
    ::munmap(w.heartbeat, sizeof(Heartbeat));
    w.heartbeat = nullptr;
  }

  void reportReady() {
    for (auto it = done_.find(nextToReport_); it != done_.end(); it = done_.find(nextToReport_)) {
      onResult_(nextToReport_++, std::move(it->second));
      done_.erase(it);
    }
  }

  std::size_t count_;
  const WorkerPoolOptions& options_;
  const TaskFunction& task_;
  const ResultFunction& onResult_;
  std::vector<Worker> workers_;
  std::map<std::size_t, Result<std::string>> done_;
  std::size_t nextTask_ = 0;
  std::size_t nextToReport_ = 0;
};

// Why: writing a task index to a worker that just died raises SIGPIPE, whose
// default action would end the parent and the whole report with it.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &saved_);
  }
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &saved_, nullptr); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  struct sigaction saved_ {};
};

}  // namespace

int hardwareJobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void runInWorkers(std::size_t count, const WorkerPoolOptions& options, const TaskFunction& task,
                  const ResultFunction& onResult) {
  if (count == 0) return;
  IgnoreSigpipe ignore;
  Pool(count, options, task, onResult).run();
}

}  // namespace tapecheck::cli
