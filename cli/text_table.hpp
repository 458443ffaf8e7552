#pragma once
#include <string>
#include <vector>

namespace tapecheck::cli {

/// A plain-text table with left-aligned columns padded to the widest cell,
/// separated by two spaces, header underlined with dashes.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  std::string str() const;
  /// No row beyond the header.
  bool empty() const { return rows_.size() <= 1; }

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace tapecheck::cli
