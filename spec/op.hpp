#pragma once
// What an op is: its metadata, its shape rule, how to sample valid arguments,
// and its forward and VJP kernels for every scalar domain that provides the
// algebra it needs. One op per file in spec/ops/, listed in spec/ops/op_list.hpp.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "spec/inline_vec.hpp"
#include "spec/result.hpp"
#include "spec/rng.hpp"
#include "spec/scalar/domains.hpp"
#include "spec/shape.hpp"
#include "spec/tensor.hpp"

namespace tapecheck::spec {

/// Integer attributes of one node (a constant, an axis, target dims, ...).
struct Attrs {
  InlineVec<std::int64_t, 4> ints;
  friend bool operator==(const Attrs&, const Attrs&) = default;
};

/// The environment Δ: non-differentiable data passed unchanged to every op
/// (gather indices, labels). It never receives a gradient.
struct Env {
  std::vector<std::int64_t> indices;
  friend bool operator==(const Env&, const Env&) = default;
};

/// The arguments of one op application in domain S.
template <class S>
struct OpCall {
  std::span<const Tensor<S>* const> args;
  const Tensor<S>* out;  // the forward value; null while it is being computed
  const Attrs& attrs;
  const Env& env;
};

/// Writes the op's value into `out`, which arrives as zeros of the output shape.
template <class S>
using ForwardFn = void (*)(const OpCall<S>&, Tensor<S>& out);

/// Writes the cotangent of argument i into argCotangents[i], each arriving as
/// zeros of that argument's shape; `cotangent` has the output's shape.
template <class S>
using VjpFn = void (*)(const OpCall<S>&, const Tensor<S>& cotangent,
                       std::span<Tensor<S>> argCotangents);

template <class S>
struct Kernels {
  using Scalar = S;
  ForwardFn<S> forward = nullptr;
  VjpFn<S> vjp = nullptr;
  explicit operator bool() const { return forward && vjp; }
};

template <class... S>
struct KernelTableOf {
  std::tuple<Kernels<S>...> table;
  template <class T>
  Kernels<T>& get() { return std::get<Kernels<T>>(table); }
  template <class T>
  const Kernels<T>& get() const { return std::get<Kernels<T>>(table); }
};
using KernelTable = ApplyDomains<KernelTableOf>;

/// Argument shapes and attributes for one application of an op.
struct Signature {
  std::vector<Shape> args;
  Attrs attrs;
};

/// What an op's sampler may ask of the graph generator: shapes that already
/// occur in the graph are preferred, so that arguments can be reused.
class ShapePicker {
 public:
  virtual ~ShapePicker() = default;
  virtual Rng& rng() = 0;
  /// A shape, usually one that some earlier position has.
  virtual Shape anyShape() = 0;
  /// A shape of the given rank, usually one that some earlier position has.
  virtual Shape shapeOfRank(std::size_t rank) = 0;
  /// A fresh axis length within the configured bounds.
  virtual std::size_t dim() = 0;
};

using ShapeRuleFn = Result<Shape> (*)(std::span<const Shape* const> args, const Attrs&);
using SampleFn = Signature (*)(ShapePicker&);
/// Attributes valid for new argument shapes, as close to `old` as the op can
/// make them, or an error when there are none (see OpDef::refit).
using RefitFn = Result<Attrs> (*)(std::span<const Shape* const> args, const Attrs& old);
/// Element operations of one forward plus VJP, for ops whose cost the generic
/// estimate (see estimateWork in spec/graph.hpp) does not bound.
using CostFn = std::uint64_t (*)(std::span<const Shape* const> args, const Shape& out);

/// One registered op. Build it with defineOp<Impl>().
struct OpDef {
  std::string name;
  std::size_t arity = 0;
  Algebra algebra = Algebra::Semiring;  // the weakest structure its kernels need
  bool zeroPreserving = true;           // zero cotangent in => zero contributions out
  bool readsEnv = false;                // reads indices from Δ
  std::string attrDoc;                  // what attrs.ints mean, for listings
  ShapeRuleFn shapeRule = nullptr;      // validates attrs too
  SampleFn sample = nullptr;
  /// Optional, for ops whose attributes pin shapes (reshape's target dims):
  /// lets the shrinker make an argument smaller and carry the node along,
  /// instead of being stuck at the sampled sizes.
  RefitFn refit = nullptr;
  /// Which attributes are axis lengths of the output (bit i: attrs.ints[i]):
  /// reshape's and broadcastTo's target dims, gather's row count, slice's
  /// length. When the shrinker shortens every axis of some length, these
  /// follow, so a node whose attributes pin a shape shrinks with the rest.
  std::uint8_t lengthAttributes = 0;
  /// Optional: only ops that do more than a few passes over their arguments
  /// and output (matmul) need one.
  CostFn cost = nullptr;
  KernelTable kernels;

  template <class S>
  const Kernels<S>& kernelsFor() const { return kernels.get<S>(); }
};

/// Builds an OpDef from a struct with static members `name`, `arity`,
/// `algebra`, `zeroPreserving`, `readsEnv`, `attrDoc`, `shape`, `sample`,
/// and templates `forward<S>` / `vjp<S>`, and optionally `refit`, `cost` and
/// `lengthAttributes`; kernels are
/// instantiated only for the domains that provide `algebra`.
template <class Impl>
OpDef defineOp() {
  OpDef def;
  def.name = Impl::name;
  def.arity = Impl::arity;
  def.algebra = Impl::algebra;
  def.zeroPreserving = Impl::zeroPreserving;
  def.readsEnv = Impl::readsEnv;
  def.attrDoc = Impl::attrDoc;
  def.shapeRule = Impl::shape;
  def.sample = Impl::sample;
  if constexpr (requires { &Impl::refit; }) def.refit = &Impl::refit;
  if constexpr (requires { &Impl::cost; }) def.cost = &Impl::cost;
  if constexpr (requires { Impl::lengthAttributes; }) def.lengthAttributes = Impl::lengthAttributes;
  std::apply(
      [](auto&... kernels) {
        (
            [&kernels] {
              using S = typename std::remove_reference_t<decltype(kernels)>::Scalar;
              if constexpr (supports<S>(Impl::algebra)) {
                kernels.forward = &Impl::template forward<S>;
                kernels.vjp = &Impl::template vjp<S>;
              }
            }(),
            ...);
      },
      def.kernels.table);
  return def;
}

}  // namespace tapecheck::spec
