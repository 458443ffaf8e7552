#pragma once
// Opening a case file: read (size-capped), parse, check the header, then read
// the case in the domain the header names. Errors start with the file name.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "cli/case_file.hpp"
#include "cli/domains.hpp"

namespace tapecheck::cli {

struct CaseFileDocument {
  std::string path;
  std::string text;  // the file; no DOM is kept (see caseFromText)
  CaseHeader header;
  CaseSizes sizes;
};

Result<CaseFileDocument> openCaseFile(const std::filesystem::path& path);

/// The default of --max-work: replay and show refuse a case whose estimated
/// element operations (spec::estimateWork) exceed it, before running anything.
/// Measured: an estimate of 10^9 (250 dot nodes on 10^6 elements) replays T3
/// in ~5 s, so this is about a minute. Generated cases stay below ~10^5 (64
/// nodes of at most 64 elements), regressions/ below 20; the 200,000-dot case
/// that ran 1.5 h estimates to 8*10^11.
inline constexpr std::uint64_t kDefaultMaxWork = 10'000'000'000;

/// An error naming the estimate, the limit and --max-work when the case's
/// work estimate is above `limit`.
Status checkWorkBudget(const spec::Graph& graph, std::span<const spec::Shape> shapes, std::uint64_t limit);

namespace detail {
template <class Fn>
Status visitCase(const CaseFileDocument& file, std::string* release, Fn&& fn) {
  Status status = fail(file.path + ": at /domain: unknown domain " + quoteShort(file.header.domain));
  withDomain(file.header.domain, [&](auto tag) {
    using S = typename decltype(tag)::type;
    Result<CaseRecord<S>> record = caseFromText<S>(file.text, file.sizes, release);
    status = record ? fn(*record) : fail(file.path + ": " + record.error());
  });
  return status;
}
}  // namespace detail

/// Reads the case in its domain and calls fn(const CaseRecord<S>&), which
/// returns a Status; a read error becomes "<file>: at /pointer: ...".
template <class Fn>
Status visitCase(const CaseFileDocument& file, Fn&& fn) {
  return detail::visitCase(file, nullptr, fn);
}

/// The same, freeing the file's text before fn runs (replay and show: the
/// text of a large case is as big as its graph).
template <class Fn>
Status visitCase(CaseFileDocument&& file, Fn&& fn) {
  return detail::visitCase(file, &file.text, fn);
}

}  // namespace tapecheck::cli
