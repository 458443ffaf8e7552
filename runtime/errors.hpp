#pragma once
// The runtime's error messages, verbatim from TorchLean's reverse loop, plus
// the one check tapecheck adds (a contribution to a later or the same id).
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

}  // namespace tapecheck::runtime::errors
