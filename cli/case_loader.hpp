#pragma once
// Opening a case file: read (size-capped), parse, check the header, then read
// the case in the domain the header names. Errors start with the file name.
#include <filesystem>
#include <string>

#include "cli/case_file.hpp"
#include "cli/domains.hpp"

namespace tapecheck::cli {

struct CaseFileDocument {
  std::string path;
  nlohmann::json document;
  CaseHeader header;
};

Result<CaseFileDocument> openCaseFile(const std::filesystem::path& path);

/// Reads the case in its domain and calls fn(const CaseRecord<S>&), which
/// returns a Status; a read error becomes "<file>: at /pointer: ...".
template <class Fn>
Status visitCase(const CaseFileDocument& file, Fn&& fn) {
  Status status = fail(file.path + ": at /domain: unknown domain " + quoteShort(file.header.domain));
  withDomain(file.header.domain, [&](auto tag) {
    using S = typename decltype(tag)::type;
    Result<CaseRecord<S>> record = caseFromJson<S>(JsonAt(file.document, ""));
    status = record ? fn(*record) : fail(file.path + ": " + record.error());
  });
  return status;
}

}  // namespace tapecheck::cli
