#pragma once
// The runtime's error messages, verbatim from TorchLean's reverse loop, plus
// the checks tapecheck adds: a contribution to a later or the same id, and a
// backward closure that throws.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tapecheck::runtime::errors {

inline constexpr const char* kWrongLength = "autograd: initial dense gradient array has wrong length";
inline constexpr const char* kNodeMissing = "autograd: internal error (node missing)";
inline constexpr const char* kOutOfBounds = "autograd: internal error (gradient array out of bounds)";
inline constexpr const char* kSlotShape = "autograd: gradient array has wrong shape for node";
inline constexpr const char* kInvalidParent = "autograd: invalid parent id during backward";
inline constexpr const char* kContributionShape =
    "autograd: gradient contribution has wrong shape for parent";
inline constexpr const char* kAccumulationShape = "autograd: gradient shape mismatch during accumulation";
inline constexpr const char* kInvalidOutput = "autograd: invalid output id";
inline constexpr const char* kSeedShape = "autograd: seed gradient shape mismatch for output";
inline constexpr const char* kUpstreamShape = "autograd: upstream gradient shape mismatch";
inline constexpr const char* kForwardEdge = "autograd: contribution to a parent id that is not earlier than the node (pid >= id)";

/// tapecheck extension (Lean closures cannot throw; C++ ones can): an exception
/// escaping a user's backward closure becomes this error instead of unwinding
/// through the harness. `what` is the exception's what(), or "unknown
/// exception"; the node id is named when the caller knows it.
inline std::string closureThrew(std::string_view what, std::optional<std::size_t> id = std::nullopt) {
  const std::string node = id ? " of node " + std::to_string(*id) : std::string();
  return "autograd: backward closure" + node + " threw: " + std::string(what);
}

}  // namespace tapecheck::runtime::errors
