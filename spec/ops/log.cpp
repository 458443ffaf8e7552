// log(x) elementwise (natural).  VJP: δ⊙reciprocal(x).
// Non-positive x gives NaN or -inf in floats; the spec does not reject it
// (Lean's GraphM.log panics instead).
// Order bound: the libm rule; no finite bound where x's bound reaches 0. The VJP's reciprocal likewise.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Log {
  static constexpr const char* name = "log";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Real;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = ops::sameShapes;
  static Signature sample(ShapePicker& p) { return ops::sampleSameShapes<1>(p); }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = realLog(x[i]);
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = delta[i] * reciprocal(x[i]);
  }
};

}  // namespace

const OpDef& op_log() {
  static const OpDef def = defineOp<Log>();
  return def;
}

}  // namespace tapecheck::spec
