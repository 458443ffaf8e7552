#pragma once
#include <string>

namespace tapecheck::cli {

/// `tapecheck ops`: one row per registered op (spec::allOps()): name, arity,
/// algebra, zero-preserving, reads Δ, the domains that have kernels for it,
/// and what its attributes mean.
std::string opsTable();

}  // namespace tapecheck::cli
