#pragma once
#include <optional>
#include <string_view>

namespace tapecheck::cli {

/// The position a verdict message blames, read from its text: "position N"
/// first (the comparisons say "at position 3, element 1"), else "node N" or
/// "gradient N" (tape ids, which are positions). Nothing when it names none.
/// Why text: props::Verdict carries only a message today.
std::optional<std::size_t> offendingPosition(std::string_view message);

}  // namespace tapecheck::cli
