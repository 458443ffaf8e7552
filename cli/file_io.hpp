#pragma once
#include <cstddef>
#include <filesystem>
#include <string>

#include "spec/result.hpp"

namespace tapecheck::cli {

/// Case files are small (a shrunk counterexample is a few hundred bytes); the
/// cap keeps a wrong or hostile path from exhausting memory.
inline constexpr std::size_t kMaxCaseFileBytes = std::size_t{16} << 20;

/// The whole file, or an error naming it (missing, unreadable, larger than
/// `limit`, or not a regular file: a directory, FIFO, device or socket is
/// refused without blocking).
Result<std::string> readTextFile(const std::filesystem::path& path, std::size_t limit = kMaxCaseFileBytes);

/// Writes `text` to `path`, creating missing parent directories.
Status writeTextFile(const std::filesystem::path& path, const std::string& text);

}  // namespace tapecheck::cli
