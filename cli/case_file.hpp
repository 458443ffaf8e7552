#pragma once
// The versioned JSON case file: a graph case (graph, input values, Δ, seed
// context) with the property it is checked against, and how it was found.
// Values are exact strings in the domain's own text form, so a case replays
// bit for bit. docs/counterexamples.md shows one.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/json_at.hpp"
#include "generators/graph_case.hpp"

namespace tapecheck::cli {

inline constexpr std::string_view kCaseFormatName = "tapecheck-case";
/// Bump when a reader of the old version would misread a new file.
inline constexpr std::uint64_t kCaseFormatVersion = 1;

/// How and where a counterexample was found. Informational: replay ignores it.
struct Provenance {
  std::string runtime = "reference";
  std::string message;                  // the verdict on that runtime
  std::optional<std::size_t> position;  // the offending position, when known
  std::optional<std::size_t> element;   // and the element of its tensor, when known
  /// Found on a whole engine (`--engine`, or one a program registered), not a
  /// per-node runtime: replay without it runs the reference runtime instead.
  bool onEngine = false;
  std::string command;                  // the `tapecheck check` run that found it
  std::uint64_t rapidcheckSeed = 0;     // TestParams::seed of that property's run
  int size = 0;                         // RapidCheck size of the failing case
  int passedBefore = 0;                 // cases that held before it
  int shrinks = 0;                      // accepted shrink steps
  std::string reproduce;                // RC_PARAMS value for the same failure
};

template <class S>
struct CaseRecord {
  using Scalar = S;
  std::string property;
  gen::GraphCase<S> graphCase;
  std::optional<Provenance> found;
};

/// What selects the reader: the file's format, version, property and domain.
struct CaseHeader {
  std::string property;
  std::string domain;
};

template <class S>
nlohmann::ordered_json caseToJson(const CaseRecord<S>& record);

/// Checks the format name and version, reads property and domain.
Result<CaseHeader> readCaseHeader(const JsonAt& root);

/// How many nodes and positions a case file lists, counted by the header
/// pass so that the reader reserves once instead of doubling (a doubling
/// vector of 480k nodes briefly holds 1.5x its size). Only a hint: the
/// reader checks everything itself.
struct CaseSizes {
  std::size_t nodes = 0;
  std::size_t positions = 0;
};

/// The header of a case file's text, keeping nothing else of the document;
/// counts `sizes` on the way when given.
Result<CaseHeader> readCaseHeaderFromText(std::string_view text, CaseSizes* sizes = nullptr);

/// Reads and validates a whole case in domain S from its text: every error
/// names its JSON Pointer. The graph must be well typed and its ops available
/// in S; a position the provenance blames must exist. Keeps no DOM of the
/// large arrays, so memory stays a few times the file's size. `owner`, when
/// given, is the string `text` views: it is freed as soon as it is parsed.
template <class S>
Result<CaseRecord<S>> caseFromText(std::string_view text, CaseSizes sizes = {}, std::string* owner = nullptr);

/// caseFromText on a document already parsed (for tests and round trips).
template <class S>
Result<CaseRecord<S>> caseFromJson(const JsonAt& root);

/// The provenance block if present and well formed; never an error here (it
/// is informational; caseFromText checks the position it blames).
std::optional<Provenance> readProvenance(const nlohmann::json& root);

}  // namespace tapecheck::cli
