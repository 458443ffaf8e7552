#pragma once
// `--known DIR`: findings already logged (adapters/<engine>/findings/, say).
// A failure whose finding key matches a logged case file is reported as
// KNOWN and does not fail the run, so that CI can test a real engine with
// open bugs and still go red on a new one.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "spec/result.hpp"

namespace tapecheck::cli {

/// Finding hash (findingHash) -> the case file that logs it.
using KnownFindings = std::map<std::string, std::string>;

/// Reads every *.json case file in each directory. A path that is not a
/// directory, or a case file that does not load, is an error naming it.
Result<KnownFindings> loadKnownFindings(const std::vector<std::filesystem::path>& dirs);

}  // namespace tapecheck::cli
