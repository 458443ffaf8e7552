#include "generators/graph_builder.hpp"

#include <algorithm>

#include "generators/values.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::gen {
namespace {

// While drawing, inputs may still be added, which would renumber nodes; so a
// position is held as (is it an input, its index) until the graph is finished.
struct Ref {
  bool input;
  std::size_t index;
  friend bool operator==(Ref, Ref) = default;
};

struct DraftNode {
  const spec::OpDef* op;
  boost::container::small_vector<Ref, 3> args;
  spec::Attrs attrs;
};

class GraphDraft final : public spec::ShapePicker {
 public:
  GraphDraft(spec::Rng& rng, const GenConfig& config) : rng_(rng), config_(config) {}

  spec::Rng& rng() override { return rng_; }

  spec::Shape anyShape() override {
    if (!positions_.empty() && rng_.chance(3, 4)) {
      return shapeOf(positions_[rng_.below(positions_.size())]);
    }
    return freshShape(rng_.below(config_.maxRank + 1));
  }

  spec::Shape shapeOfRank(std::size_t rank) override {
    if (rng_.chance(3, 4)) {
      candidates_.clear();
      for (Ref r : positions_) {
        if (shapeOf(r).rank() == rank) candidates_.push_back(r);
      }
      if (!candidates_.empty()) return shapeOf(candidates_[rng_.below(candidates_.size())]);
    }
    return freshShape(rank);
  }

  std::size_t dim() override {
    return static_cast<std::size_t>(rng_.between(static_cast<std::int64_t>(config_.minDim),
                                                 static_cast<std::int64_t>(config_.maxDim)));
  }

  /// Applies `op` to fitting earlier positions; false when its signature is unusable.
  bool addNode(const spec::OpDef& op) {
    spec::Signature sig = op.sample(*this);
    if (sig.args.size() != op.arity) return false;
    boost::container::small_vector<const spec::Shape*, 3> argShapes;
    for (const spec::Shape& s : sig.args) argShapes.push_back(&s);
    Result<spec::Shape> out = op.shapeRule({argShapes.data(), argShapes.size()}, sig.attrs);
    if (!out || !out->checkedNumel(kMaxElementsPerTensor)) return false;
    DraftNode node{&op, {}, std::move(sig.attrs)};
    for (std::size_t i = 0; i < sig.args.size(); ++i) node.args.push_back(pickArgument(sig.args, i, node));
    nodeShapes_.push_back(std::move(*out));
    nodes_.push_back(std::move(node));
    positions_.push_back(Ref{false, nodes_.size() - 1});
    return true;
  }

  /// The finished graph, with positions numbered inputs first.
  spec::Graph graph(std::vector<spec::Shape>& shapes) const {
    spec::Graph g;
    g.inputs = inputShapes_;
    shapes = inputShapes_;
    shapes.insert(shapes.end(), nodeShapes_.begin(), nodeShapes_.end());
    for (const DraftNode& d : nodes_) {
      spec::GraphNode node{d.op, {}, d.attrs};
      for (Ref r : d.args) node.args.push_back(r.input ? r.index : inputShapes_.size() + r.index);
      g.nodes.push_back(std::move(node));
    }
    return g;
  }

 private:
  static constexpr std::size_t kMaxElementsPerTensor = 256;

  const spec::Shape& shapeOf(Ref r) const {
    return r.input ? inputShapes_[r.index] : nodeShapes_[r.index];
  }

  spec::Shape freshShape(std::size_t rank) {
    spec::Shape s;
    for (std::size_t a = 0; a < rank; ++a) s.dims.push_back(dim());
    return s;
  }

  // Why the biases: repeated arguments (mul(x, x)) and fan-out are where
  // accumulation bugs live, so they must be common, not accidents.
  Ref pickArgument(const std::vector<spec::Shape>& argShapes, std::size_t i, const DraftNode& node) {
    const spec::Shape& want = argShapes[i];
    if (i > 0 && rng_.chance(1, 4)) {
      for (std::size_t j = 0; j < i; ++j) {
        if (argShapes[j] == want) return node.args[j];
      }
    }
    candidates_.clear();
    for (Ref r : positions_) {
      if (shapeOf(r) == want) candidates_.push_back(r);
    }
    if (!candidates_.empty() && !rng_.chance(1, 8)) {
      if (rng_.chance(1, 2)) {  // recent positions make deep chains
        const std::size_t recent = std::min<std::size_t>(3, candidates_.size());
        return candidates_[candidates_.size() - 1 - rng_.below(recent)];
      }
      return candidates_[rng_.below(candidates_.size())];
    }
    inputShapes_.push_back(want);
    Ref r{true, inputShapes_.size() - 1};
    positions_.push_back(r);
    return r;
  }

  spec::Rng& rng_;
  const GenConfig& config_;
  std::vector<spec::Shape> inputShapes_;
  std::vector<spec::Shape> nodeShapes_;
  std::vector<DraftNode> nodes_;
  std::vector<Ref> positions_;   // every position so far, in creation order
  std::vector<Ref> candidates_;  // scratch
};

SeedKind drawSeedKind(spec::Rng& rng) {
  const std::size_t roll = rng.below(4);
  return roll < 2 ? SeedKind::Full : roll == 2 ? SeedKind::OneHotLast : SeedKind::Zero;
}

}  // namespace

template <class S>
spec::Context<S> drawSeed(spec::Rng& rng, std::span<const spec::Shape> shapes, SeedKind kind,
                          const GenConfig& config) {
  spec::Context<S> seed;
  seed.reserve(shapes.size());
  for (std::size_t p = 0; p < shapes.size(); ++p) {
    const bool drawn = kind == SeedKind::Full || (kind == SeedKind::OneHotLast && p + 1 == shapes.size());
    seed.push_back(drawn ? drawTensor<S>(rng, shapes[p], config) : spec::Tensor<S>::zeros(shapes[p]));
  }
  return seed;
}

template <class S>
GraphCase<S> drawGraphCase(std::uint64_t seed, int size, const GenConfig& config,
                           std::span<const spec::OpDef* const> ops) {
  spec::Rng rng(seed);
  GraphDraft draft(rng, config);
  const std::size_t clamped = static_cast<std::size_t>(std::clamp(size, 0, 100));
  const std::size_t nodeCount = ops.empty() ? 0 : rng.below(config.maxNodes * clamped / 100 + 1);
  for (std::size_t k = 0, attempts = 0; k < nodeCount && attempts < 4 * nodeCount; ++attempts) {
    if (draft.addNode(*ops[rng.below(ops.size())])) ++k;
  }
  GraphCase<S> c;
  c.data.graph = draft.graph(c.data.shapes);
  for (const spec::Shape& s : c.data.graph.inputs) c.inputs.push_back(drawTensor<S>(rng, s, config));
  c.env = drawEnv(rng, config);
  c.seed = drawSeed<S>(rng, c.data.shapes, drawSeedKind(rng), config);
  return c;
}

#define TAPECHECK_INSTANTIATE(S)                                                               \
  template spec::Context<S> drawSeed<S>(spec::Rng&, std::span<const spec::Shape>, SeedKind,    \
                                        const GenConfig&);                                     \
  template GraphCase<S> drawGraphCase<S>(std::uint64_t, int, const GenConfig&,                 \
                                         std::span<const spec::OpDef* const>);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
