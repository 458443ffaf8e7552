#include "cli/worker_pool.hpp"

#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <thread>
#include <vector>

namespace tapecheck::cli {
namespace {

// A worker writes two kinds of frames to its pipe: "started task i" (so that
// the parent can blame a crash on the right task) and "task i's result".
constexpr char kStarted = 'S';
constexpr char kFinished = 'R';

struct FrameHeader {
  char kind;
  std::uint64_t index;
  std::uint64_t length;  // bytes of result that follow (kFinished only)
};

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

// The tasks' shared queue: the next unstarted index, in memory shared with
// every worker (a lock-free atomic works across processes).
class SharedCounter {
 public:
  SharedCounter() {
    void* memory = ::mmap(nullptr, sizeof(std::atomic<std::size_t>), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory != MAP_FAILED) counter_ = new (memory) std::atomic<std::size_t>(0);
  }
  ~SharedCounter() {
    if (counter_) ::munmap(counter_, sizeof(std::atomic<std::size_t>));
  }
  SharedCounter(const SharedCounter&) = delete;
  SharedCounter& operator=(const SharedCounter&) = delete;
  bool ok() const { return counter_ != nullptr; }
  std::size_t take() { return counter_->fetch_add(1); }
  std::size_t peek() const { return counter_->load(); }

 private:
  static_assert(std::atomic<std::size_t>::is_always_lock_free);
  std::atomic<std::size_t>* counter_ = nullptr;
};

[[noreturn]] void workerMain(int fd, std::size_t count, SharedCounter& next, const TaskFunction& task) {
  for (std::size_t i = next.take(); i < count; i = next.take()) {
    const FrameHeader started{kStarted, i, 0};
    if (!writeAll(fd, &started, sizeof started)) break;
    const std::string result = task(i);
    const FrameHeader finished{kFinished, i, result.size()};
    if (!writeAll(fd, &finished, sizeof finished) || !writeAll(fd, result.data(), result.size())) break;
  }
  std::cout.flush();
  std::cerr.flush();
  // Why _exit: the parent's atexit handlers and static destructors are not the worker's to run.
  ::_exit(0);
}

struct Worker {
  pid_t pid = -1;
  int fd = -1;
  std::string buffer;
  std::optional<std::size_t> running;  // started, result not yet read
};

// Frames complete in the worker's buffer, consumed from its front.
void takeFrames(Worker& worker, std::map<std::size_t, Result<std::string>>& done) {
  std::size_t at = 0;
  while (worker.buffer.size() - at >= sizeof(FrameHeader)) {
    FrameHeader header;
    std::memcpy(&header, worker.buffer.data() + at, sizeof header);
    if (header.kind == kStarted) {
      worker.running = header.index;
      at += sizeof header;
      continue;
    }
    if (worker.buffer.size() - at - sizeof header < header.length) break;
    done.emplace(header.index, worker.buffer.substr(at + sizeof header, header.length));
    worker.running.reset();
    at += sizeof header + header.length;
  }
  worker.buffer.erase(0, at);
}

std::string howItEnded(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended";
}

void runSerially(std::size_t count, const TaskFunction& task, const ResultFunction& onResult) {
  for (std::size_t i = 0; i < count; ++i) onResult(i, task(i));
}

}  // namespace

int hardwareJobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void runInWorkers(std::size_t count, int jobs, const TaskFunction& task, const ResultFunction& onResult) {
  const std::size_t workerCount = std::min<std::size_t>(jobs < 1 ? 1 : static_cast<std::size_t>(jobs), count);
  SharedCounter next;
  if (workerCount <= 1 || !next.ok()) return runSerially(count, task, onResult);

  std::cout.flush();  // or the workers would print the parent's buffered text again
  std::cerr.flush();
  std::vector<Worker> workers;
  for (std::size_t w = 0; w < workerCount; ++w) {
    int fds[2];
    if (::pipe(fds) != 0) break;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      for (const Worker& other : workers) ::close(other.fd);
      workerMain(fds[1], count, next, task);
    }
    ::close(fds[1]);
    if (pid < 0) {
      ::close(fds[0]);
      break;
    }
    workers.push_back({pid, fds[0], {}, {}});
  }

  std::map<std::size_t, Result<std::string>> done;
  std::size_t nextToReport = 0;
  const auto reportReady = [&] {
    for (auto it = done.find(nextToReport); it != done.end(); it = done.find(nextToReport)) {
      onResult(nextToReport++, std::move(it->second));
      done.erase(it);
    }
  };
  std::size_t open = workers.size();
  while (open > 0) {
    std::vector<pollfd> polled;
    for (const Worker& w : workers) polled.push_back({w.fd, POLLIN, 0});
    if (::poll(polled.data(), polled.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (std::size_t w = 0; w < workers.size(); ++w) {
      Worker& worker = workers[w];
      if (worker.fd < 0 || polled[w].revents == 0) continue;
      char chunk[1 << 16];
      const ssize_t n = ::read(worker.fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) {
        worker.buffer.append(chunk, static_cast<std::size_t>(n));
        takeFrames(worker, done);
        continue;
      }
      ::close(worker.fd);
      worker.fd = -1;
      --open;
      int status = 0;
      ::waitpid(worker.pid, &status, 0);
      if (worker.running) {
        done.emplace(*worker.running, fail("the worker process running it " + howItEnded(status)));
      }
    }
    // Polled fds of closed workers are skipped above; rebuild without them.
    std::erase_if(workers, [](const Worker& w) { return w.fd < 0; });
    reportReady();
  }
  // Tasks no worker took (every worker died, or fork failed) run here.
  for (std::size_t i = std::min(next.peek(), count); i < count; ++i) done.emplace(i, task(i));
  for (std::size_t i = nextToReport; i < count; ++i) {
    if (!done.contains(i)) done.emplace(i, fail("no worker process ran it"));
  }
  reportReady();
}

}  // namespace tapecheck::cli
