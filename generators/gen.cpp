#include "generators/gen.hpp"

#include <algorithm>
#include <functional>
#include <memory>

#include "generators/graph_builder.hpp"
#include "generators/shrink_moves.hpp"
#include "spec/registry.hpp"

namespace tapecheck::gen {
namespace {

// Up to this many simpler values are tried per scalar (see simplerValues).
constexpr std::size_t kValueChoices = 4;
// Slicing tries the first few indices of an axis; later ones stay reachable
// through other moves, and the candidate list stays short.
constexpr std::size_t kMaxSliceIndex = 4;

template <class S>
std::size_t elementCount(const spec::Context<S>& tensors) {
  std::size_t n = 0;
  for (const auto& t : tensors) n += t.size();
  return n;
}

// A family of shrink moves: `count` candidates, the i-th computed on demand.
template <class S>
struct MoveFamily {
  std::size_t count;
  std::function<std::optional<GraphCase<S>>(const GraphCase<S>&, std::size_t)> move;
};

template <class S>
std::vector<MoveFamily<S>> moveFamilies(const GraphCase<S>& c) {
  const std::size_t nodes = c.nodeCount();
  std::size_t axes = 0, attrs = 0;
  std::size_t longestAxis = 0;
  for (const auto& s : c.graph().inputs) {
    axes = std::max(axes, s.rank());
    for (std::size_t d : s.dims) longestAxis = std::max(longestAxis, d);
  }
  for (const auto& n : c.graph().nodes) attrs = std::max(attrs, n.attrs.ints.size());
  const std::size_t inputCount = c.graph().inputs.size();
  return {
      {nodes, [](const GraphCase<S>& x, std::size_t k) { return keepConeOf(x, k); }},
      {nodes, [nodes](const GraphCase<S>& x, std::size_t i) { return dropNode(x, nodes - 1 - i); }},
      {1, [](const GraphCase<S>& x, std::size_t) { return dropUnusedInputs(x); }},
      {nodes * attrs,
       [attrs](const GraphCase<S>& x, std::size_t i) { return shrinkAttribute(x, i / attrs, i % attrs); }},
      {longestAxis + 1, [](const GraphCase<S>& x, std::size_t d) { return shortenAxesOfLength(x, d); }},
      {inputCount, [](const GraphCase<S>& x, std::size_t j) { return shortenLongestAxes(x, j); }},
      {inputCount * axes * kMaxSliceIndex,
       [axes](const GraphCase<S>& x, std::size_t i) {
         return sliceInputAxis(x, i / (axes * kMaxSliceIndex), (i / kMaxSliceIndex) % axes, i % kMaxSliceIndex);
       }},
      {inputCount * axes,
       [axes](const GraphCase<S>& x, std::size_t i) { return dropInputAxis(x, i / axes, i % axes); }},
      {c.env.indices.size(), [](const GraphCase<S>& x, std::size_t) { return dropLastEnvIndex(x); }},
      {c.env.indices.size(), [](const GraphCase<S>& x, std::size_t e) { return zeroEnvIndex(x, e); }},
      {elementCount(c.seed),
       [](const GraphCase<S>& x, std::size_t e) { return moveSeedValueTowardStart(x, e); }},
      {elementCount(c.inputs),
       [](const GraphCase<S>& x, std::size_t e) { return moveInputValueTowardStart(x, e); }},
      {elementCount(c.inputs) * kValueChoices,
       [](const GraphCase<S>& x, std::size_t i) {
         return simplifyInputValue(x, i / kValueChoices, i % kValueChoices);
       }},
      {elementCount(c.seed) * kValueChoices,
       [](const GraphCase<S>& x, std::size_t i) {
         return simplifySeedValue(x, i / kValueChoices, i % kValueChoices);
       }},
  };
}

}  // namespace

template <class S>
rc::Seq<GraphCase<S>> shrinksOf(const GraphCase<S>& c) {
  auto original = std::make_shared<const GraphCase<S>>(c);
  auto families = std::make_shared<const std::vector<MoveFamily<S>>>(moveFamilies(c));
  std::size_t total = 0;
  for (const auto& f : *families) total += f.count;
  return rc::seq::mapMaybe(rc::seq::range<std::size_t>(0, total),
                           [original, families](std::size_t i) -> rc::Maybe<GraphCase<S>> {
                             for (const auto& f : *families) {
                               if (i < f.count) {
                                 std::optional<GraphCase<S>> candidate = f.move(*original, i);
                                 if (!candidate) return rc::Nothing;
                                 return std::move(*candidate);
                               }
                               i -= f.count;
                             }
                             return rc::Nothing;
                           });
}

template <class S>
std::vector<const spec::OpDef*> opsInScope(const GenConfig& config) {
  std::vector<const spec::OpDef*> ops = spec::opsFor<S>();
  if (!config.ops.empty()) {
    std::erase_if(ops, [&](const spec::OpDef* op) {
      return std::find(config.ops.begin(), config.ops.end(), op->name) == config.ops.end();
    });
  }
  return ops;
}

template <class S>
rc::Gen<GraphCase<S>> genGraphCase(const GenConfig& config) {
  return genGraphCaseWithOps<S>(config, opsInScope<S>(config));
}

template <class S>
rc::Gen<GraphCase<S>> genGraphCaseWithOps(const GenConfig& config, std::vector<const spec::OpDef*> opList) {
  auto ops = std::make_shared<const std::vector<const spec::OpDef*>>(std::move(opList));
  return rc::Gen<GraphCase<S>>([config, ops](const rc::Random& random, int size) {
    rc::Random stream = random;
    GraphCase<S> c = drawGraphCase<S>(stream.next(), size, config, *ops);
    return rc::shrinkable::shrinkRecur(std::move(c), &shrinksOf<S>);
  });
}

rc::Gen<spec::Shape> genShape(const GenConfig& config) {
  const std::size_t minDim = config.minDim, maxDim = config.maxDim;
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, config.maxRank + 1), [=](std::size_t rank) {
    return rc::gen::map(
        rc::gen::container<std::vector<std::size_t>>(rank, rc::gen::inRange(minDim, maxDim + 1)),
        [](const std::vector<std::size_t>& dims) { return spec::Shape(dims.begin(), dims.end()); });
  });
}

#define TAPECHECK_INSTANTIATE(S)                                                  \
  template rc::Seq<GraphCase<S>> shrinksOf<S>(const GraphCase<S>&);               \
  template std::vector<const spec::OpDef*> opsInScope<S>(const GenConfig&);       \
  template rc::Gen<GraphCase<S>> genGraphCase<S>(const GenConfig&);               \
  template rc::Gen<GraphCase<S>> genGraphCaseWithOps<S>(const GenConfig&,         \
                                                        std::vector<const spec::OpDef*>);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
