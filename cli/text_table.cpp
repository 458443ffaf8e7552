#include "cli/text_table.hpp"

#include <algorithm>

namespace tapecheck::cli {
namespace {

// Display width in code points, so that "Δ" counts as one column.
std::size_t displayWidth(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string TextTable::str() const {
  std::vector<std::size_t> widths;
  for (const auto& row : rows_) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], displayWidth(row[c]));
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t c = 0; c < row.size(); ++c) {
      text += row[c];
      if (c + 1 < row.size()) text += std::string(widths[c] - displayWidth(row[c]) + 2, ' ');
    }
    out += text + "\n";
  };
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    line(rows_[r]);
    if (r == 0) {
      std::vector<std::string> rule;
      for (std::size_t w : widths) rule.emplace_back(w, '-');
      line(rule);
    }
  }
  return out;
}

}  // namespace tapecheck::cli
