// reshape(a; dims...) reads a's row-major elements as a tensor of the target
// dims, which must hold exactly as many elements.  VJP: δ's elements, read back
// in a's shape.
// Order bound: copies only.
#include <numeric>

#include "spec/ops/common.hpp"

namespace tapecheck::spec {
namespace {

struct Reshape {
  static constexpr const char* name = "reshape";
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
    // Why checkedNumel: the target's product may overflow; a's was checked.
    const std::size_t have = a.numel();
    Result<std::size_t> want = target.checkedNumel();
    if (!want || *want != have) {
      return fail("cannot reshape " + a.str() + " (" + std::to_string(have) + " elements) to " +
                  target.str() + " (" + (want ? std::to_string(*want) : "too many") +
                  " elements)");
    }
    return target;
  }

  // Keeps the target's rank. Of the same rank as the argument, the target
  // becomes the argument's shape (an argument shrunk from [3,3] to [2,2] keeps
  // a square target); otherwise, axis by axis, it keeps as much of each old
  // length as still divides what is left: [1,4,2] for 4 elements is [1,4,1].
  static Result<Attrs> refit(std::span<const Shape* const> args, const Attrs& old) {
    const Shape& a = *args[0];
    const std::size_t have = a.numel();
    if (old.ints.empty()) return have == 1 ? Result<Attrs>(old) : fail("a rank-0 target holds one element");
    Attrs out = old;
    if (a.rank() == old.ints.size()) {
      for (std::size_t axis = 0; axis < a.rank(); ++axis) out.ints[axis] = static_cast<std::int64_t>(a[axis]);
      return out;
    }
    std::size_t left = have;
    for (std::size_t axis = 0; axis < out.ints.size(); ++axis) {
      if (out.ints[axis] < 0) return fail("target dim " + std::to_string(out.ints[axis]) + " is negative");
      const bool last = axis + 1 == out.ints.size();
      const std::size_t d =
          have == 0 ? (last ? 0 : static_cast<std::size_t>(out.ints[axis]))
                    : (last ? left : std::gcd(static_cast<std::size_t>(out.ints[axis]), left));
      out.ints[axis] = static_cast<std::int64_t>(d);
      if (have != 0) left /= d;
    }
    return out;
  }

  static Signature sample(ShapePicker& p) {
    const Shape a = p.anyShape();
    Shape target;
    switch (p.rng().below(4)) {
      case 0:  // flatten
        target = Shape{a.numel()};
        break;
      case 1:  // the dims reversed
        target.dims.assign(a.dims.rbegin(), a.dims.rend());
        break;
      case 2:  // merge two adjacent axes, or add a unit axis to a scalar
        target = a;
        if (a.rank() >= 2) {
          const std::size_t axis = p.rng().below(a.rank() - 1);
          target.dims[axis] *= target.dims[axis + 1];
          target.dims.erase(target.dims.begin() + static_cast<std::ptrdiff_t>(axis) + 1);
        } else {
          target.dims.push_back(1);
        }
        break;
      default:  // split one axis into two, or a scalar into [1,1]
        target = a;
        if (a.rank() == 0) {
          target = Shape{1, 1};
        } else {
          const std::size_t axis = p.rng().below(a.rank());
          const std::size_t length = a[axis];
          // An empty axis splits as [0, anything]; otherwise pick a divisor.
          std::size_t first = 0, second = p.dim();
          if (length != 0) {
            first = 1 + p.rng().below(length);
            while (length % first != 0) --first;
            second = length / first;
          }
          target.dims[axis] = first;
          target.dims.insert(target.dims.begin() + static_cast<std::ptrdiff_t>(axis) + 1, second);
        }
        break;
    }
    Attrs attrs;
    for (std::size_t d : target.dims) attrs.ints.push_back(static_cast<std::int64_t>(d));
    return Signature{{a}, attrs};
  }

  template <class S>
  static void forward(const OpCall<S>& c, Tensor<S>& out) {
    out.data = c.args[0]->data;
  }

  template <class S>
  static void vjp(const OpCall<S>&, const Tensor<S>& delta, std::span<Tensor<S>> d) {
    d[0].data = delta.data;
  }
};

}  // namespace

const OpDef& op_reshape() {
  static const OpDef def = defineOp<Reshape>();
  return def;
}

}  // namespace tapecheck::spec
