// max(a, b) elementwise: the larger of the two, a on a tie.
// VJP: the larger argument gets δ, the other zero; on a tie each gets δ·½.
// Order bound: the comparison goes through choose(); where a and b are within their bounds of a tie, the result covers both branches and the ½-split.
#include "spec/ops/extremum.hpp"

namespace tapecheck::spec {
namespace {

struct Max : ops::Extremum<true> {
  static constexpr const char* name = "max";
};

}  // namespace

const OpDef& op_max() {
  static const OpDef def = defineOp<Max>();
  return def;
}

}  // namespace tapecheck::spec
