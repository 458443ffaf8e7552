#include "cli/json_text.hpp"

#include <algorithm>

namespace tapecheck::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kOneLineWidth = 100;
constexpr std::size_t kMaxMessage = 160;

bool isScalar(const Json& v) { return !v.is_array() && !v.is_object(); }

bool isFlatArray(const Json& v) {
  return v.is_array() && std::all_of(v.begin(), v.end(), [](const Json& e) { return isScalar(e); });
}

std::string oneLine(const Json& v) {
  // nlohmann separates with "," and ":"; a space after each reads better.
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + oneLine(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, member] : v.items()) {
      out += (first ? "" : ", ") + Json(key).dump() + ": " + oneLine(member);
      first = false;
    }
    return out + "}";
  }
  // Why replace: a stray invalid UTF-8 byte in a message must not stop the write.
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool fitsOnOneLine(const Json& v) {
  if (isScalar(v) || isFlatArray(v)) return true;
  // One level of nesting at most: [[2, 3], []] or {"op": "mul", "args": [0, 0]}.
  for (const auto& member : v) {
    if (!isScalar(member) && !isFlatArray(member)) return false;
  }
  return oneLine(v).size() <= kOneLineWidth;
}

void write(const Json& v, std::size_t indent, std::string& out) {
  if (fitsOnOneLine(v) || v.empty()) {
    out += oneLine(v);
    return;
  }
  const std::string pad(indent + 2, ' ');
  out += v.is_object() ? "{\n" : "[\n";
  std::size_t i = 0;
  if (v.is_object()) {
    for (const auto& [key, member] : v.items()) {
      out += pad + Json(key).dump() + ": ";
      write(member, indent + 2, out);
      out += (++i < v.size() ? ",\n" : "\n");
    }
  } else {
    for (const auto& element : v) {
      out += pad;
      write(element, indent + 2, out);
      out += (++i < v.size() ? ",\n" : "\n");
    }
  }
  out += std::string(indent, ' ') + (v.is_object() ? "}" : "]");
}

}  // namespace

Result<nlohmann::json> parseJson(std::string_view text, const nlohmann::json::parser_callback_t& keep) {
  try {
    return nlohmann::json::parse(text.begin(), text.end(), keep);
  } catch (const nlohmann::json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." → keep the part after the tag.
    std::string what = e.what();
    if (const auto tagEnd = what.find("] "); tagEnd != std::string::npos) what = what.substr(tagEnd + 2);
    std::replace(what.begin(), what.end(), '\n', ' ');
    // The message quotes the last token read, which can be a whole long line.
    if (what.size() > kMaxMessage) what = what.substr(0, kMaxMessage) + "...";
    return fail("malformed JSON: " + what);
  }
}

std::string formatJson(const nlohmann::ordered_json& value) {
  std::string out;
  write(value, 0, out);
  return out + "\n";
}

}  // namespace tapecheck::cli
