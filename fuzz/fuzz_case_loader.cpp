// libFuzzer target: the JSON case loader of cli/ (readCaseHeaderFromText,
// caseFromText in the header's domain), as `tapecheck replay` and `show` use
// it on files a user hands them. Every input must end in a record or an error
// value: no crash, no sanitizer report, no escaping exception. A record that
// loads must survive a write/read round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cli/case_loader.hpp"
#include "cli/json_text.hpp"

namespace {

using namespace tapecheck;

void require(bool ok) {
  if (!ok) __builtin_trap();
}

// Written, read back and written again, a loaded record gives the same text.
template <class S>
Status roundTrips(const cli::CaseRecord<S>& record) {
  const std::string once = cli::formatJson(cli::caseToJson(record));
  auto reparsed = cli::parseJson(once);
  require(reparsed.has_value());
  auto again = cli::caseFromJson<S>(cli::JsonAt(*reparsed, ""));
  require(again.has_value());
  require(cli::formatJson(cli::caseToJson(*again)) == once);
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto header = cli::readCaseHeaderFromText(text);
  if (!header) return 0;
  cli::CaseFileDocument file;
  file.path = "fuzz-input.json";
  file.text = std::string(text);
  file.header = std::move(*header);
  (void)cli::visitCase(file, [](const auto& record) { return roundTrips(record); });
  return 0;
}
