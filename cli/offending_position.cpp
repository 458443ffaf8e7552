#include "cli/offending_position.hpp"

#include <cctype>
#include <charconv>
#include <cstddef>

namespace tapecheck::cli {
namespace {

// The number right after the first "<word> " in `text` that is followed by a digit.
std::optional<std::size_t> numberAfter(std::string_view text, std::string_view word) {
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    // A whole word only: "subposition 3" must not count.
    if (at > 0 && std::isalpha(static_cast<unsigned char>(text[at - 1]))) continue;
    const std::size_t digits = at + word.size();
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data() + digits, text.data() + text.size(), value);
    if (ec == std::errc{} && end != text.data() + digits) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> offendingPosition(std::string_view message) {
  // "position" wins: describeNode writes "node 3 (position 5, ...)", where 3 is
  // a node index, not a position.
  if (auto p = numberAfter(message, "position ")) return p;
  if (auto p = numberAfter(message, "node ")) return p;
  return numberAfter(message, "gradient ");
}

}  // namespace tapecheck::cli
