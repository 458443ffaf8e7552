#include "cli/case_loader.hpp"

#include "cli/file_io.hpp"
#include "cli/json_text.hpp"

namespace tapecheck::cli {

Result<CaseFileDocument> openCaseFile(const std::filesystem::path& path) {
  CaseFileDocument file;
  file.path = path.string();
  Result<std::string> text = readTextFile(path);
  if (!text) return fail(text.error());
  Result<nlohmann::json> document = parseJson(*text);
  if (!document) return fail(file.path + ": " + document.error());
  file.document = std::move(*document);
  Result<CaseHeader> header = readCaseHeader(JsonAt(file.document, ""));
  if (!header) return fail(file.path + ": " + header.error());
  file.header = std::move(*header);
  return file;
}

}  // namespace tapecheck::cli
