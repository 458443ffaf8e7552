#pragma once
// Errors are values: every fallible function in spec/ and runtime/ returns a
// Result<T>; nothing there throws or aborts on bad input.
#include <expected>
#include <string>

namespace tapecheck {

/// A value or an error message a user can act on (Lean's `Except String T`).
template <class T>
using Result = std::expected<T, std::string>;

/// Success or an error message.
using Status = Result<void>;

/// The error branch of any Result.
inline std::unexpected<std::string> fail(std::string message) {
  return std::unexpected<std::string>(std::move(message));
}

}  // namespace tapecheck
