#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "spec/result.hpp"

namespace tapecheck::cli {

/// Parses JSON text; a syntax error becomes one line with its line and column.
Result<nlohmann::json> parseJson(std::string_view text);

/// Indented JSON that keeps short things on one line: arrays of scalars, and
/// short arrays or objects whose members are scalars or arrays of scalars.
/// Ends with a newline.
std::string formatJson(const nlohmann::ordered_json& value);

}  // namespace tapecheck::cli
