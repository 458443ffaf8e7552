#include "cli/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <system_error>

namespace tapecheck::cli {
namespace {

std::string describeFileType(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "is a character device";
  if (S_ISBLK(mode)) return "is a block device";
  if (S_ISSOCK(mode)) return "is a socket";
  return "is not a regular file";
}

std::unexpected<std::string> tooLarge(const std::string& name, std::size_t limit) {
  return fail(name + ": file is larger than " + std::to_string(limit >> 20) + " MiB; not a case file");
}

}  // namespace

Result<std::string> readTextFile(const std::filesystem::path& path, std::size_t limit) {
  const std::string name = path.string();
  // Why O_NONBLOCK and fstat on the descriptor: opening a FIFO for reading
  // blocks until a writer appears, and checking the path before opening it
  // would race with a rename. Regular files ignore O_NONBLOCK.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return fail(name + ": cannot open the file: " + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(name + ": cannot open the file: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail(name + ": " + describeFileType(st.st_mode) + ", not a case file");
  if (static_cast<std::uint64_t>(st.st_size) > limit) return tooLarge(name, limit);
  // Read at most limit + 1 bytes even so: the file may grow while we read.
  std::string text(static_cast<std::size_t>(st.st_size) + 1, '\0');
  std::size_t got = 0;
  for (;;) {
    if (got == text.size()) {
      if (text.size() > limit) return tooLarge(name, limit);
      text.resize(std::min(limit + 1, text.size() * 2));
    }
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(name + ": read error: " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  if (got > limit) return tooLarge(name, limit);
  text.resize(got);
  return text;
}

Status writeTextFile(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return fail(path.parent_path().string() + ": cannot create the directory: " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(path.string() + ": cannot open for writing");
  out << text;
  out.flush();
  if (!out) return fail(path.string() + ": write error");
  return {};
}

}  // namespace tapecheck::cli
