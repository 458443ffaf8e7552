#pragma once
// Typed access to a parsed JSON document that remembers where it is, so that
// every error names its JSON Pointer (`/graph/nodes/3/args/1`).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "spec/result.hpp"

namespace tapecheck::cli {

class JsonAt {
 public:
  JsonAt(const nlohmann::json& value, std::string pointer) : value_(&value), pointer_(std::move(pointer)) {}

  const nlohmann::json& value() const { return *value_; }
  /// RFC 6901 pointer; "" is the whole document.
  const std::string& pointer() const { return pointer_; }

  /// The member `key` of an object; an error when this is no object or lacks it.
  Result<JsonAt> field(std::string_view key) const;
  /// The array's length; an error when this is no array.
  Result<std::size_t> arraySize() const;
  /// Element i of an array already checked with arraySize().
  JsonAt element(std::size_t i) const;

  Result<std::uint64_t> asUnsigned() const;
  Result<std::int64_t> asInteger() const;
  Result<std::string> asString() const;

  /// "at /graph/nodes/3: <what>".
  std::unexpected<std::string> error(const std::string& what) const;

 private:
  const nlohmann::json* value_;
  std::string pointer_;
};

/// "an object", "a string", ...: for "expected X, found Y" messages.
std::string describeJsonType(const nlohmann::json& value);

/// `text` in single quotes, cut to `limit` characters with "...", with control
/// bytes and backslashes escaped (\n, \x00, \\): the one place that echoes
/// user strings, so that an error stays one printable line.
std::string quoteShort(std::string_view text, std::size_t limit = 40);

}  // namespace tapecheck::cli
