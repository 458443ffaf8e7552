#pragma once
// An independent check of each op's semantics: a table of exact cases per op,
// whose expected values come from the C library or from a plain loop written
// from the op's documented rule — never from the op's own kernels. The
// runtime compiles the same kernel pointers the spec calls, so a wrong kernel
// (neg losing the sign of zero, a transpose with the wrong stride in forward
// and VJP alike) agrees with the spec and passes every other property; here
// it contradicts a row.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "spec/op.hpp"

namespace tapecheck::props {

/// The first row of an op's semantics table that its kernels contradict.
struct SemanticsMismatch {
  std::string op;
  std::string row;              // e.g. "neg forward at [+0]: kernel gave +0, the rule says -0"
  std::size_t rowsChecked = 0;  // rows checked up to and including the failing one (1-based)
};

struct SemanticsReport {
  bool hasTable = false;  // false: no table for this op name in this domain (a user's op)
  std::size_t rows = 0;   // rows checked
  std::optional<SemanticsMismatch> mismatch;
};

/// Checks `op`'s forward and VJP kernels in domain S (op.kernelsFor<S>()) against the
/// independent table for op.name. Never aborts; a kernel missing in S gives hasTable=false.
template <class S>
SemanticsReport checkOpSemantics(const spec::OpDef& op);

/// The op names with a table (for listings and tests).
std::vector<std::string> opsWithSemanticsTables();

}  // namespace tapecheck::props
