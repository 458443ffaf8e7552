#include "cli/json_at.hpp"

namespace tapecheck::cli {
namespace {

// RFC 6901: '~' is written "~0" and '/' is written "~1" inside a pointer token.
std::string escapePointerToken(std::string_view key) {
  std::string out;
  for (char ch : key) {
    if (ch == '~') out += "~0";
    else if (ch == '/') out += "~1";
    else out += ch;
  }
  return out;
}

}  // namespace

std::string describeJsonType(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer: return "a negative integer";
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a non-integer number";
    case nlohmann::json::value_t::null: return "null";
    default: return "an unsupported value";
  }
}

std::string quoteShort(std::string_view text, std::size_t limit) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < limit; ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (ch == '\r') out += "\\r";
    else if (ch == '\\') out += "\\\\";
    else if (ch < 0x20 || ch == 0x7f) out += std::string("\\x") + kHex[ch >> 4] + kHex[ch & 15];
    else out += static_cast<char>(ch);
  }
  if (text.size() > limit) out += "...";
  return out + "'";
}

std::unexpected<std::string> JsonAt::error(const std::string& what) const {
  return fail("at " + (pointer_.empty() ? std::string("the top level") : pointer_) + ": " + what);
}

Result<JsonAt> JsonAt::field(std::string_view key) const {
  if (!value_->is_object()) return error("expected an object, found " + describeJsonType(*value_));
  const auto it = value_->find(key);
  if (it == value_->end()) return error("missing field \"" + std::string(key) + "\"");
  return JsonAt(*it, pointer_ + "/" + escapePointerToken(key));
}

Result<std::size_t> JsonAt::arraySize() const {
  if (!value_->is_array()) return error("expected an array, found " + describeJsonType(*value_));
  return value_->size();
}

JsonAt JsonAt::element(std::size_t i) const {
  return JsonAt((*value_)[i], pointer_ + "/" + std::to_string(i));
}

Result<std::uint64_t> JsonAt::asUnsigned() const {
  // nlohmann stores integers above 2^64-1 as floats, so they land here too.
  if (!value_->is_number_unsigned()) {
    return error("expected a non-negative integer below 2^64, found " + describeJsonType(*value_));
  }
  return value_->get<std::uint64_t>();
}

Result<std::int64_t> JsonAt::asInteger() const {
  if (value_->is_number_integer() && !value_->is_number_unsigned()) return value_->get<std::int64_t>();
  if (value_->is_number_unsigned()) {
    const std::uint64_t v = value_->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(INT64_MAX)) return error("integer does not fit in 64 signed bits");
    return static_cast<std::int64_t>(v);
  }
  return error("expected an integer, found " + describeJsonType(*value_));
}

Result<std::string> JsonAt::asString() const {
  if (!value_->is_string()) return error("expected a string, found " + describeJsonType(*value_));
  return value_->get<std::string>();
}

}  // namespace tapecheck::cli
