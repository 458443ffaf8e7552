// The shrink moves that change the graph: cones, dropped nodes and inputs,
// smaller input shapes, simpler attributes (value moves: value_shrinks.cpp).
#include "generators/shrink_moves.hpp"

#include <algorithm>
#include <functional>

#include "spec/scalar/domains.hpp"

namespace tapecheck::gen {
namespace {

// Whether every axis of `inner` fits inside the same axis of `outer`.
bool fitsInside(const spec::Shape& inner, const spec::Shape& outer) {
  if (inner.rank() != outer.rank()) return false;
  for (std::size_t a = 0; a < inner.rank(); ++a) {
    if (inner[a] > outer[a]) return false;
  }
  return true;
}

// A tensor carried to a new shape: cropped when the new shape fits inside the
// old one (each element keeps its multi-index, so elementwise relations
// between positions survive), the same elements when only the rank changed,
// otherwise its first elements padded with zeros.
template <class S>
spec::Tensor<S> fitTo(const spec::Tensor<S>& t, const spec::Shape& shape) {
  if (t.shape == shape) return t;
  spec::Tensor<S> out = spec::Tensor<S>::zeros(shape);
  if (fitsInside(shape, t.shape)) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      std::size_t rest = i, from = 0, stride = 1;
      for (std::size_t a = shape.rank(); a-- > 0;) {
        from += (rest % shape[a]) * stride;
        rest /= shape[a];
        stride *= t.shape[a];
      }
      out[i] = t[from];
    }
    return out;
  }
  std::copy_n(t.data.begin(), std::min(t.size(), out.size()), out.data.begin());
  return out;
}

// Row-major copy of t restricted to `index` along `axis`.
template <class S>
spec::Tensor<S> sliceAlong(const spec::Tensor<S>& t, std::size_t axis, std::size_t index) {
  spec::Shape shape = t.shape;
  shape.dims[axis] = 1;
  spec::Tensor<S> out = spec::Tensor<S>::zeros(shape);
  if (out.size() == 0) return out;  // another axis is empty: nothing to copy (and no division by 0)
  std::size_t inner = 1;
  for (std::size_t a = axis + 1; a < t.shape.rank(); ++a) inner *= t.shape[a];
  const std::size_t outer = t.size() / (inner * t.shape[axis]);
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t i = 0; i < inner; ++i) {
      out[o * inner + i] = t[(o * t.shape[axis] + index) * inner + i];
    }
  }
  return out;
}

// How values move when the graph changes: by default a tensor keeps its first
// elements; `reshape` may do better for tensors of a given old shape.
template <class S>
using Reshaper = std::function<std::optional<spec::Tensor<S>>(const spec::Tensor<S>&, const spec::Shape&)>;

// The case for graph `g`, whose position p came from position oldPositionOf[p]
// of `old`; values and seeds are carried over and fitted to the new shapes.
// Why one-hot seeds move: a one-hot seed says "the output is the last node",
// and that should stay true when the last node is cut away.
// The graph with the attributes of nodes that no longer fit their (smaller)
// arguments refitted by their op, or nothing when some node cannot be.
std::optional<spec::Graph> refitAttributes(spec::Graph g) {
  std::vector<spec::Shape> shapes(g.inputs.begin(), g.inputs.end());
  std::vector<const spec::Shape*> args;
  for (spec::GraphNode& node : g.nodes) {
    if (!node.op || node.args.size() != node.op->arity) return std::nullopt;
    args.clear();
    for (std::size_t a : node.args) {
      if (a >= shapes.size()) return std::nullopt;
      args.push_back(&shapes[a]);
    }
    Result<spec::Shape> shape = node.op->shapeRule(args, node.attrs);
    if (!shape && node.op->refit) {
      if (Result<spec::Attrs> refitted = node.op->refit(args, node.attrs)) {
        shape = node.op->shapeRule(args, *refitted);
        if (shape) node.attrs = std::move(*refitted);
      }
    }
    if (!shape) return std::nullopt;
    shapes.push_back(std::move(*shape));
  }
  return g;
}

template <class S>
std::optional<GraphCase<S>> rebuild(const GraphCase<S>& old, spec::Graph g,
                                    const std::vector<std::size_t>& oldPositionOf,
                                    const Reshaper<S>& reshape = nullptr) {
  Result<spec::GraphData<S>> data = spec::makeGraphData<S>(std::move(g));
  if (!data) return std::nullopt;
  const auto carry = [&](const spec::Tensor<S>& t, const spec::Shape& shape) {
    if (reshape) {
      if (auto r = reshape(t, shape)) return std::move(*r);
    }
    return fitTo(t, shape);
  };
  GraphCase<S> c;
  c.data = std::move(*data);
  c.env = old.env;
  for (std::size_t j = 0; j < c.data.graph.inputs.size(); ++j) {
    c.inputs.push_back(carry(old.inputs[oldPositionOf[j]], c.data.shapes[j]));
  }
  const bool oneHot = seedKindOf(old.seed) == SeedKind::OneHotLast;
  for (std::size_t p = 0; p < c.data.positionCount(); ++p) {
    const bool last = p + 1 == c.data.positionCount();
    if (oneHot) {
      c.seed.push_back(last ? carry(old.seed.back(), c.data.shapes[p])
                            : spec::Tensor<S>::zeros(c.data.shapes[p]));
    } else {
      c.seed.push_back(carry(old.seed[oldPositionOf[p]], c.data.shapes[p]));
    }
  }
  return c;
}

template <class S>
std::vector<std::size_t> identityRedirect(const GraphCase<S>& c) {
  std::vector<std::size_t> r(c.data.positionCount());
  for (std::size_t p = 0; p < r.size(); ++p) r[p] = p;
  return r;
}

// rebuild for a graph whose inputs shrank. Why refit: a smaller input may
// leave a reshape or broadcastTo target behind; refitting it keeps the move
// instead of losing it. Only here: refitting after an attribute shrink would
// undo it, and the shrinker would go round in a circle.
template <class S>
std::optional<GraphCase<S>> rebuildSmallerInputs(const GraphCase<S>& old, spec::Graph g,
                                                 const Reshaper<S>& reshape = nullptr) {
  if (!spec::validateFor<S>(g)) {
    std::optional<spec::Graph> refitted = refitAttributes(std::move(g));
    if (!refitted) return std::nullopt;
    g = std::move(*refitted);
  }
  return rebuild(old, std::move(g), identityRedirect(old), reshape);
}

// The graph restricted to the positions marked in `keep` (inputs and nodes),
// renumbered; `redirect[p]` says where reads of a dropped position p go.
template <class S>
std::optional<GraphCase<S>> keepPositions(const GraphCase<S>& c, const std::vector<bool>& keep,
                                          const std::vector<std::size_t>& redirect) {
  const spec::Graph& g = c.graph();
  std::vector<std::size_t> newPosition(g.positionCount(), 0);
  std::vector<std::size_t> oldPositionOf;
  spec::Graph out;
  for (std::size_t j = 0; j < g.inputs.size(); ++j) {
    if (!keep[j]) continue;
    newPosition[j] = oldPositionOf.size();
    oldPositionOf.push_back(j);
    out.inputs.push_back(g.inputs[j]);
  }
  for (std::size_t k = 0; k < g.nodes.size(); ++k) {
    const std::size_t p = g.positionOfNode(k);
    if (!keep[p]) continue;
    spec::GraphNode node = g.nodes[k];
    for (std::size_t& a : node.args) {
      const std::size_t target = keep[a] ? a : redirect[a];
      if (!keep[target]) return std::nullopt;
      a = newPosition[target];
    }
    newPosition[p] = oldPositionOf.size();
    oldPositionOf.push_back(p);
    out.nodes.push_back(std::move(node));
  }
  return rebuild(c, std::move(out), oldPositionOf);
}

}  // namespace

template <class S>
std::optional<GraphCase<S>> keepConeOf(const GraphCase<S>& c, std::size_t k) {
  const spec::Graph& g = c.graph();
  std::vector<bool> keep(g.positionCount(), false);
  keep[g.positionOfNode(k)] = true;
  for (std::size_t q = g.positionOfNode(k) + 1; q-- > g.inputs.size();) {
    if (!keep[q]) continue;
    for (std::size_t a : g.nodes[q - g.inputs.size()].args) keep[a] = true;
  }
  if (std::all_of(keep.begin(), keep.end(), [](bool b) { return b; })) return std::nullopt;
  return keepPositions(c, keep, identityRedirect(c));
}

template <class S>
std::optional<GraphCase<S>> dropNode(const GraphCase<S>& c, std::size_t k) {
  const spec::Graph& g = c.graph();
  const std::size_t p = g.positionOfNode(k);
  std::vector<std::size_t> redirect = identityRedirect(c);
  std::vector<bool> keep(g.positionCount(), true);
  keep[p] = false;
  const spec::Shape& shape = c.data.shapes[p];
  auto sameShapeArg = std::find_if(g.nodes[k].args.begin(), g.nodes[k].args.end(),
                                   [&](std::size_t a) { return c.data.shapes[a] == shape; });
  if (sameShapeArg != g.nodes[k].args.end()) {
    redirect[p] = *sameShapeArg;
  } else {
    for (std::size_t q = p; q-- > 0;) {
      if (c.data.shapes[q] == shape) {
        redirect[p] = q;
        break;
      }
    }
  }
  return keepPositions(c, keep, redirect);  // fails when p is read and has no stand-in
}

template <class S>
std::optional<GraphCase<S>> dropUnusedInputs(const GraphCase<S>& c) {
  const spec::Graph& g = c.graph();
  std::vector<bool> keep(g.positionCount(), true);
  for (std::size_t j = 0; j < g.inputs.size(); ++j) keep[j] = false;
  for (const spec::GraphNode& node : g.nodes) {
    for (std::size_t a : node.args) keep[a] = true;
  }
  if (std::all_of(keep.begin(), keep.end(), [](bool b) { return b; })) return std::nullopt;
  return keepPositions(c, keep, identityRedirect(c));
}

template <class S>
std::optional<GraphCase<S>> sliceInputAxis(const GraphCase<S>& c, std::size_t j, std::size_t axis,
                                           std::size_t index) {
  if (j >= c.graph().inputs.size() || axis >= c.graph().inputs[j].rank()) return std::nullopt;
  const spec::Shape oldShape = c.graph().inputs[j];
  if (oldShape[axis] <= 1 || index >= oldShape[axis]) return std::nullopt;
  spec::Graph g = c.graph();
  g.inputs[j].dims[axis] = 1;
  const spec::Shape newShape = g.inputs[j];
  Reshaper<S> slice = [&](const spec::Tensor<S>& t, const spec::Shape& shape) -> std::optional<spec::Tensor<S>> {
    if (t.shape != oldShape || shape != newShape) return std::nullopt;
    return sliceAlong(t, axis, index);
  };
  return rebuildSmallerInputs(c, std::move(g), slice);
}

template <class S>
std::optional<GraphCase<S>> shortenLongestAxes(const GraphCase<S>& c, std::size_t j) {
  if (j >= c.graph().inputs.size() || c.graph().inputs[j].rank() == 0) return std::nullopt;
  spec::Graph g = c.graph();
  auto& dims = g.inputs[j].dims;
  const std::size_t longest = *std::max_element(dims.begin(), dims.end());
  if (longest <= 1) return std::nullopt;
  for (std::size_t& d : dims) d = d == longest ? d - 1 : d;
  return rebuildSmallerInputs(c, std::move(g));
}

template <class S>
std::optional<GraphCase<S>> shortenAxesOfLength(const GraphCase<S>& c, std::size_t length) {
  if (length <= 1) return std::nullopt;
  spec::Graph g = c.graph();
  bool changed = false;
  for (spec::Shape& s : g.inputs) {
    for (std::size_t& d : s.dims) {
      if (d == length) {
        d = length - 1;
        changed = true;
      }
    }
  }
  if (!changed) return std::nullopt;
  // Attributes that are axis lengths follow (gather's count, reshape's dims):
  // otherwise a node pinned at this length would block the move downstream.
  for (spec::GraphNode& node : g.nodes) {
    for (std::size_t a = 0; a < node.attrs.ints.size() && a < 8; ++a) {
      if ((node.op->lengthAttributes >> a & 1u) && node.attrs.ints[a] == static_cast<std::int64_t>(length)) {
        node.attrs.ints[a] = static_cast<std::int64_t>(length - 1);
      }
    }
  }
  return rebuildSmallerInputs(c, std::move(g));
}

template <class S>
std::optional<GraphCase<S>> dropInputAxis(const GraphCase<S>& c, std::size_t j, std::size_t axis) {
  if (j >= c.graph().inputs.size() || axis >= c.graph().inputs[j].rank()) return std::nullopt;
  if (c.graph().inputs[j][axis] != 1) return std::nullopt;
  spec::Graph g = c.graph();
  g.inputs[j].dims.erase(g.inputs[j].dims.begin() + static_cast<std::ptrdiff_t>(axis));
  return rebuildSmallerInputs(c, std::move(g));
}

template <class S>
std::optional<GraphCase<S>> shrinkAttribute(const GraphCase<S>& c, std::size_t k, std::size_t a) {
  if (k >= c.nodeCount() || a >= c.graph().nodes[k].attrs.ints.size()) return std::nullopt;
  const std::int64_t current = c.graph().nodes[k].attrs.ints[a];
  const std::int64_t simpler = current > 1 ? 1 : 0;
  if (current == simpler) return std::nullopt;
  spec::Graph g = c.graph();
  g.nodes[k].attrs.ints[a] = simpler;
  return rebuild(c, std::move(g), identityRedirect(c));
}

#define TAPECHECK_INSTANTIATE(S)                                                                    \
  template std::optional<GraphCase<S>> keepConeOf<S>(const GraphCase<S>&, std::size_t);             \
  template std::optional<GraphCase<S>> dropNode<S>(const GraphCase<S>&, std::size_t);               \
  template std::optional<GraphCase<S>> dropUnusedInputs<S>(const GraphCase<S>&);                    \
  template std::optional<GraphCase<S>> sliceInputAxis<S>(const GraphCase<S>&, std::size_t,          \
                                                         std::size_t, std::size_t);                 \
  template std::optional<GraphCase<S>> dropInputAxis<S>(const GraphCase<S>&, std::size_t,           \
                                                        std::size_t);                               \
  template std::optional<GraphCase<S>> shortenLongestAxes<S>(const GraphCase<S>&, std::size_t);     \
  template std::optional<GraphCase<S>> shortenAxesOfLength<S>(const GraphCase<S>&, std::size_t);    \
  template std::optional<GraphCase<S>> shrinkAttribute<S>(const GraphCase<S>&, std::size_t,         \
                                                          std::size_t);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
