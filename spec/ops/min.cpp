// min(a, b) elementwise: the smaller of the two, a on a tie.
// VJP: the smaller argument gets δ, the other zero; on a tie each gets δ·½.
// Order bound: as max: choose() covers both branches near a tie.
#include "spec/ops/extremum.hpp"

namespace tapecheck::spec {
namespace {

struct Min : ops::Extremum<false> {
  static constexpr const char* name = "min";
};

}  // namespace

const OpDef& op_min() {
  static const OpDef def = defineOp<Min>();
  return def;
}

}  // namespace tapecheck::spec
