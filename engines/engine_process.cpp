#include "engines/engine_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace tapecheck::engines {
namespace {

// A reply larger than this is not an engine's answer but a runaway.
constexpr std::size_t kLongestLine = std::size_t{256} << 20;

std::string describeStatus(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    std::string text = "exited with status " + std::to_string(code);
    // The shell of `sh -c` reports its command's death by signal N as 128 + N.
    if (code > 128 && code < 128 + NSIG) {
      text += " (its command was killed by signal " + std::to_string(code - 128) + ", " + strsignal(code - 128) + ")";
    }
    return text;
  }
  return "ended";
}

}  // namespace

Result<std::unique_ptr<EngineProcess>> EngineProcess::start(const std::string& command) {
  int toEngine[2], fromEngine[2];
  if (::pipe2(toEngine, O_CLOEXEC) != 0) return fail(std::string("pipe: ") + std::strerror(errno));
  if (::pipe2(fromEngine, O_CLOEXEC) != 0) {
    for (int fd : toEngine) ::close(fd);
    return fail(std::string("pipe: ") + std::strerror(errno));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {toEngine[0], toEngine[1], fromEngine[0], fromEngine[1]}) ::close(fd);
    return fail(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // A group of its own, so that stopping the engine stops what its shell started.
    ::setpgid(0, 0);
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(toEngine[0], STDIN_FILENO);
    ::dup2(fromEngine[1], STDOUT_FILENO);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: whichever of the two runs first
  ::close(toEngine[0]);
  ::close(fromEngine[1]);
  return std::unique_ptr<EngineProcess>(new EngineProcess(pid, toEngine[1], fromEngine[0]));
}

EngineProcess::~EngineProcess() {
  ::close(toEngine_);
  ::close(fromEngine_);
  if (reaped_) return;
  // A well-behaved engine exits when its stdin closes; give it 200 ms.
  for (int i = 0; i < 20; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(-pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::string EngineProcess::howItEnded() {
  int status = 0;
  if (!reaped_) {
    // It closed its output; it is ending or has ended. Wait briefly for it.
    for (int i = 0; i < 100 && !reaped_; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return describeStatus(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return "closed its output";
  }
  return "has ended";
}

Status EngineProcess::send(const std::string& line) {
  std::string bytes = line + "\n";
  const char* data = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(toEngine_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("the engine process " + howItEnded() + " (its input is closed)");
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

Result<std::string> EngineProcess::receive(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (const std::size_t end = buffer_.find('\n'); end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return line;
    }
    if (buffer_.size() > kLongestLine) return fail("the engine wrote a line longer than 256 MiB");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      char seconds[32];
      std::snprintf(seconds, sizeof seconds, "%g", static_cast<double>(limit.count()) / 1000.0);
      return fail(std::string("no answer within ") + seconds + " s (--engine-timeout)");
    }
    pollfd polled{fromEngine_, POLLIN, 0};
    const int ready = ::poll(&polled, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) return fail(std::string("poll: ") + std::strerror(errno));
    if (ready <= 0) continue;
    char chunk[1 << 16];
    const ssize_t n = ::read(fromEngine_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("the engine process " + howItEnded());
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace tapecheck::engines
