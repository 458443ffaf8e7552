#pragma once
#include <iosfwd>
#include <string>

namespace tapecheck::cli {

/// `tapecheck show FILE [--dot]`: the case as a listing with how it was found,
/// or as Graphviz DOT. Exit code 0, or 2 when the file is unreadable or invalid.
int runShow(const std::string& file, bool dot, std::ostream& out, std::ostream& err);

}  // namespace tapecheck::cli
