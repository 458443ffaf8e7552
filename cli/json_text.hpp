#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "spec/result.hpp"

namespace tapecheck::cli {

/// Parses JSON text; a syntax error becomes one line with its line and column.
/// `keep`, when given, is nlohmann's parser callback: it sees each value as
/// it is parsed and may drop it from the document.
Result<nlohmann::json> parseJson(std::string_view text, const nlohmann::json::parser_callback_t& keep = nullptr);

/// Indented JSON that keeps short things on one line: arrays of scalars, and
/// short arrays or objects whose members are scalars or arrays of scalars.
/// Ends with a newline.
std::string formatJson(const nlohmann::ordered_json& value);

}  // namespace tapecheck::cli
