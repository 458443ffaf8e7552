#include "cli/case_loader.hpp"

#include "cli/file_io.hpp"
#include "cli/json_text.hpp"

namespace tapecheck::cli {

Result<CaseFileDocument> openCaseFile(const std::filesystem::path& path) {
  CaseFileDocument file;
  file.path = path.string();
  Result<std::string> text = readTextFile(path);
  if (!text) return fail(text.error());
  file.text = std::move(*text);
  Result<CaseHeader> header = readCaseHeaderFromText(file.text, &file.sizes);
  if (!header) return fail(file.path + ": " + header.error());
  file.header = std::move(*header);
  return file;
}

Status checkWorkBudget(const spec::Graph& graph, std::span<const spec::Shape> shapes, std::uint64_t limit) {
  const std::uint64_t work = spec::estimateWork(graph, shapes);
  if (work <= limit) return {};
  return fail("work estimate " + std::to_string(work) + " element operations is above the limit " +
              std::to_string(limit) + "; raise it with --max-work " + std::to_string(work));
}

}  // namespace tapecheck::cli
