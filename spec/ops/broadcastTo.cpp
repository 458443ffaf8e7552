// broadcastTo(a) = a repeated to the target dims attrs.ints, numpy style: axes
// are right-aligned, and each axis of a equals its target axis or is 1.
// VJP: δ summed over the repeated positions, in ascending flat index of δ.
// Order bound: forward copies values exactly; the VJP's sums follow the sum rule in any order.
#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

/// The flat index of a that output element `flat` reads.
std::size_t sourceIndex(std::size_t flat, const Shape& target, const Shape& source) {
  const std::size_t leading = target.rank() - source.rank();
  std::size_t index = 0, stride = 1;
  for (std::size_t axis = target.rank(); axis-- > leading;) {
    const std::size_t coordinate = flat % target[axis];
    flat /= target[axis];
    const std::size_t sourceDim = source[axis - leading];
    if (sourceDim != 1) index += coordinate * stride;
    stride *= sourceDim;
  }
  return index;
}

struct BroadcastTo {
  static constexpr const char* name = "broadcastTo";
  static constexpr std::size_t arity = 1;
  static constexpr Algebra algebra = Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "target dims";
  static constexpr std::uint8_t lengthAttributes = 0xFF;  // see OpDef::lengthAttributes

  static Result<Shape> shape(std::span<const Shape* const> args, const Attrs& attrs) {
    const Shape& a = *args[0];
    Shape target;
    for (std::int64_t d : attrs.ints) {
      if (d < 0) return fail("target dim " + std::to_string(d) + " is negative");
      target.dims.push_back(static_cast<std::size_t>(d));
    }
    if (a.rank() > target.rank()) {
      return fail("cannot broadcast " + a.str() + " to the lower-rank " + target.str());
    }
    const std::size_t leading = target.rank() - a.rank();
    for (std::size_t axis = 0; axis < a.rank(); ++axis) {
      if (a[axis] != 1 && a[axis] != target[leading + axis]) {
        return fail("cannot broadcast " + a.str() + " to " + target.str() + ": axis " +
                    std::to_string(axis) + " is neither 1 nor " +
                    std::to_string(target[leading + axis]));
      }
    }
    return target;
  }

  // The old target, with every axis the argument does not broadcast (length
  // other than 1) set to the argument's length.
  static Result<Attrs> refit(std::span<const Shape* const> args, const Attrs& old) {
    const Shape& a = *args[0];
    if (a.rank() > old.ints.size()) return fail("cannot broadcast " + a.str() + " to a lower rank");
    Attrs out = old;
    const std::size_t leading = old.ints.size() - a.rank();
    for (std::size_t axis = 0; axis < a.rank(); ++axis) {
      if (a[axis] != 1) out.ints[leading + axis] = static_cast<std::int64_t>(a[axis]);
    }
    return out;
  }

  static Signature sample(ShapePicker& p) {
    const Shape target = p.anyShape();
    const std::size_t dropped = p.rng().below(target.rank() + 1);
    Shape source;
    for (std::size_t axis = dropped; axis < target.rank(); ++axis) {
      source.dims.push_back(p.rng().chance(1, 2) ? 1 : target[axis]);
    }
    Attrs attrs;
    for (std::size_t d : target.dims) attrs.ints.push_back(static_cast<std::int64_t>(d));
    return Signature{{source}, attrs};
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    const Tensor<S>& a = *c.args[0];
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = a[sourceIndex(i, out.shape, a.shape)];
  }

  template <class S>
  static void vjp(const OpCall<S>& c, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    const Shape& source = c.args[0]->shape;
    for (std::size_t i = 0; i < delta.size(); ++i) {
      S& slot = d[0][sourceIndex(i, delta.shape, source)];
      slot = slot + delta[i];
    }
  }
};

}  // namespace

const OpDef& op_broadcastTo() {
  static const OpDef def = defineOp<BroadcastTo>();
  return def;
}

}  // namespace tapecheck::spec
