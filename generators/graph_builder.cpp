#include "generators/graph_builder.hpp"

#include <boost/container/small_vector.hpp>
#include <algorithm>
#include <cstdint>
#include <iterator>

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

// A position and the id of its shape among the draft's distinct shapes.
struct Position {
  Ref ref;
  std::uint32_t shapeId;
};

// The draft's bookkeeping, kept from one case to the next (per thread) so that
// drawing a case does not allocate it again: it is most of the draft's
// allocations.
struct DraftScratch {
  std::vector<Position> positions;          // every position so far, in creation order
  std::vector<spec::Shape> distinct;        // the distinct shapes of positions
  std::vector<std::vector<Ref>> byShape;    // positions of each distinct shape (first `shapes` used)
  std::vector<std::vector<Ref>> byRank;     // positions of each rank
  std::size_t shapes = 0;

  void clear() {
    positions.clear();
    distinct.clear();
    for (std::size_t i = 0; i < shapes; ++i) byShape[i].clear();
    for (auto& r : byRank) r.clear();
    shapes = 0;
  }
};

DraftScratch& draftScratch() {
  thread_local DraftScratch scratch;
  scratch.clear();
  return scratch;
}

class GraphDraft final : public spec::ShapePicker {
 public:
  GraphDraft(spec::Rng& rng, const GenConfig& config, std::size_t nodeCount)
      : rng_(rng), config_(config), s_(draftScratch()) {
    nodes_.reserve(nodeCount);
    nodeShapes_.reserve(nodeCount);
    inputShapes_.reserve(nodeCount + 1);
  }

  spec::Rng& rng() override { return rng_; }

  spec::Shape anyShape() override {
    if (!s_.positions.empty() && rng_.chance(3, 4)) {
      return s_.distinct[s_.positions[rng_.below(s_.positions.size())].shapeId];
    }
    return freshShape(rng_.below(config_.maxRank + 1));
  }

  spec::Shape shapeOfRank(std::size_t rank) override {
    if (rng_.chance(3, 4) && rank < s_.byRank.size() && !s_.byRank[rank].empty()) {
      const std::vector<Ref>& candidates = s_.byRank[rank];
      return shapeOf(candidates[rng_.below(candidates.size())]);
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
    DraftNode& node = nodes_.emplace_back(DraftNode{&op, {}, std::move(sig.attrs)});
    for (std::size_t i = 0; i < sig.args.size(); ++i) node.args.push_back(pickArgument(sig.args, i, node));
    nodeShapes_.push_back(std::move(*out));
    addPosition(Ref{false, nodes_.size() - 1}, nodeShapes_.back());
    return true;
  }

  /// The finished graph, with positions numbered inputs first; the draft is
  /// consumed.
  spec::Graph graph(std::vector<spec::Shape>& shapes) && {
    spec::Graph g;
    g.inputs = inputShapes_;
    shapes = std::move(inputShapes_);
    shapes.insert(shapes.end(), std::make_move_iterator(nodeShapes_.begin()),
                  std::make_move_iterator(nodeShapes_.end()));
    const std::size_t inputCount = g.inputs.size();
    g.nodes.reserve(nodes_.size());
    for (DraftNode& d : nodes_) {
      spec::GraphNode& node = g.nodes.emplace_back();
      node.op = d.op;
      node.attrs = std::move(d.attrs);
      for (Ref r : d.args) node.args.push_back(r.input ? r.index : inputCount + r.index);
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

  // The id of `shape` among the distinct shapes so far, or their count.
  std::uint32_t findShape(const spec::Shape& shape) const {
    std::uint32_t id = 0;
    for (; id < s_.distinct.size(); ++id) {
      if (s_.distinct[id] == shape) break;
    }
    return id;
  }

  // Why the lists: picking arguments used to scan every position and compare
  // shapes; positions grouped by shape (and by rank), each group in creation
  // order, give the same candidate lists, so the same draws pick the same
  // positions.
  void addPosition(Ref r, const spec::Shape& shape) {
    const std::uint32_t id = findShape(shape);
    if (id == s_.distinct.size()) {
      s_.distinct.push_back(shape);
      if (s_.shapes == s_.byShape.size()) s_.byShape.emplace_back();
      ++s_.shapes;
    }
    s_.byShape[id].push_back(r);
    if (shape.rank() >= s_.byRank.size()) s_.byRank.resize(shape.rank() + 1);
    s_.byRank[shape.rank()].push_back(r);
    s_.positions.push_back(Position{r, id});
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
    const std::uint32_t id = findShape(want);
    if (id < s_.distinct.size() && !rng_.chance(1, 8)) {
      const std::vector<Ref>& candidates = s_.byShape[id];
      if (rng_.chance(1, 2)) {  // recent positions make deep chains
        const std::size_t recent = std::min<std::size_t>(3, candidates.size());
        return candidates[candidates.size() - 1 - rng_.below(recent)];
      }
      return candidates[rng_.below(candidates.size())];
    }
    inputShapes_.push_back(want);
    Ref r{true, inputShapes_.size() - 1};
    addPosition(r, want);
    return r;
  }

  spec::Rng& rng_;
  const GenConfig& config_;
  std::vector<spec::Shape> inputShapes_;
  std::vector<spec::Shape> nodeShapes_;
  std::vector<DraftNode> nodes_;
  DraftScratch& s_;
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
    spec::Tensor<S>& t = seed.emplace_back(shapes[p], spec::zero<S>());  // in place: no tensor moves
    if (drawn) drawValuesInto(rng, config, t);
  }
  return seed;
}

template <class S>
GraphCase<S> drawGraphCase(std::uint64_t seed, int size, const GenConfig& config,
                           std::span<const spec::OpDef* const> ops) {
  spec::Rng rng(seed);
  const std::size_t clamped = static_cast<std::size_t>(std::clamp(size, 0, 100));
  const std::size_t nodeCount = ops.empty() ? 0 : rng.below(config.maxNodes * clamped / 100 + 1);
  GraphDraft draft(rng, config, nodeCount);
  std::vector<const spec::OpDef*> favored;
  if (!config.favoredOps.empty()) {  // most properties favor none: no search per case
    for (const spec::OpDef* op : ops) {
      if (std::find(config.favoredOps.begin(), config.favoredOps.end(), op->name) != config.favoredOps.end()) {
        favored.push_back(op);
      }
    }
  }
  for (std::size_t k = 0, attempts = 0; k < nodeCount && attempts < 4 * nodeCount; ++attempts) {
    // Why only then a draw: without favored ops the random stream is as before.
    const bool fromFavored = !favored.empty() && rng.chance(1, 3);
    const spec::OpDef& op = fromFavored ? *favored[rng.below(favored.size())] : *ops[rng.below(ops.size())];
    if (draft.addNode(op)) ++k;
  }
  GraphCase<S> c;
  c.data.graph = std::move(draft).graph(c.data.shapes);
  c.inputs.reserve(c.data.graph.inputs.size());
  for (const spec::Shape& s : c.data.graph.inputs) drawValuesInto(rng, config, c.inputs.emplace_back(s, spec::zero<S>()));
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
