#include "cli/file_io.hpp"

#include <fstream>
#include <system_error>

namespace tapecheck::cli {

Result<std::string> readTextFile(const std::filesystem::path& path, std::size_t limit) {
  const std::string name = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail(name + ": is a directory, not a case file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(name + ": cannot open the file");
  // Why read at most limit + 1 bytes instead of asking for the size: pipes and
  // special files have none, and the file may grow while we read.
  std::string text(limit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return fail(name + ": read error");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > limit) {
    return fail(name + ": file is larger than " + std::to_string(limit >> 20) + " MiB; not a case file");
  }
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
