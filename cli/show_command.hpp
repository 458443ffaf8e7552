#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>

#include "cli/case_loader.hpp"

namespace tapecheck::cli {

/// `tapecheck show FILE [--dot]`: the case as a listing with how it was found,
/// or as Graphviz DOT. Exit code 0, or 2 when the file is unreadable or invalid,
/// names a property its domain lacks, or (for the listing, which evaluates the
/// graph) is heavier than `maxWork`.
int runShow(const std::string& file, bool dot, std::ostream& out, std::ostream& err,
            std::uint64_t maxWork = kDefaultMaxWork);

}  // namespace tapecheck::cli
