#include "generators/shrink_moves.hpp"

#include <algorithm>

#include "generators/values.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::gen {
namespace {

// A tensor reshaped by keeping its first elements and padding with zeros.
template <class S>
spec::Tensor<S> fitTo(const spec::Tensor<S>& t, const spec::Shape& shape) {
  if (t.shape == shape) return t;
  spec::Tensor<S> out = spec::Tensor<S>::zeros(shape);
  std::copy_n(t.data.begin(), std::min(t.size(), out.size()), out.data.begin());
  return out;
}

// The case for graph `g`, whose position p came from position oldPositionOf[p]
// of `old`; values and seeds are carried over and fitted to the new shapes.
template <class S>
std::optional<GraphCase<S>> rebuild(const GraphCase<S>& old, spec::Graph g,
                                    const std::vector<std::size_t>& oldPositionOf) {
  Result<spec::GraphData<S>> data = spec::makeGraphData<S>(std::move(g));
  if (!data) return std::nullopt;
  GraphCase<S> c;
  c.data = std::move(*data);
  c.env = old.env;
  for (std::size_t j = 0; j < c.data.graph.inputs.size(); ++j) {
    c.inputs.push_back(fitTo(old.inputs[oldPositionOf[j]], c.data.shapes[j]));
  }
  for (std::size_t p = 0; p < c.data.positionCount(); ++p) {
    c.seed.push_back(fitTo(old.seed[oldPositionOf[p]], c.data.shapes[p]));
  }
  return c;
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

template <class S>
std::vector<std::size_t> identityRedirect(const GraphCase<S>& c) {
  std::vector<std::size_t> r(c.data.positionCount());
  for (std::size_t p = 0; p < r.size(); ++p) r[p] = p;
  return r;
}

// Locates flattened element `element` among `tensors`.
template <class S>
std::optional<std::pair<std::size_t, std::size_t>> locate(const spec::Context<S>& tensors,
                                                          std::size_t element) {
  for (std::size_t t = 0; t < tensors.size(); ++t) {
    if (element < tensors[t].size()) return std::pair{t, element};
    element -= tensors[t].size();
  }
  return std::nullopt;
}

template <class S>
bool simplify(spec::Context<S>& tensors, std::size_t element, std::size_t choice) {
  auto at = locate(tensors, element);
  if (!at) return false;
  S& v = tensors[at->first][at->second];
  std::vector<S> simpler = simplerValues<S>(v);
  if (choice >= simpler.size()) return false;
  v = simpler[choice];
  return true;
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
std::optional<GraphCase<S>> shrinkInputAxis(const GraphCase<S>& c, std::size_t j, std::size_t axis) {
  if (j >= c.graph().inputs.size() || axis >= c.graph().inputs[j].rank()) return std::nullopt;
  if (c.graph().inputs[j][axis] <= 1) return std::nullopt;
  spec::Graph g = c.graph();
  g.inputs[j].dims[axis] = 1;
  return rebuild(c, std::move(g), identityRedirect(c));
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

template <class S>
std::optional<GraphCase<S>> dropLastEnvIndex(const GraphCase<S>& c) {
  if (c.env.indices.empty()) return std::nullopt;
  GraphCase<S> out = c;
  out.env.indices.pop_back();
  return out;
}

template <class S>
std::optional<GraphCase<S>> zeroEnvIndex(const GraphCase<S>& c, std::size_t e) {
  if (e >= c.env.indices.size() || c.env.indices[e] == 0) return std::nullopt;
  GraphCase<S> out = c;
  out.env.indices[e] = 0;
  return out;
}

template <class S>
std::optional<GraphCase<S>> simplifyInputValue(const GraphCase<S>& c, std::size_t element,
                                               std::size_t choice) {
  GraphCase<S> out = c;
  if (!simplify(out.inputs, element, choice)) return std::nullopt;
  return out;
}

template <class S>
std::optional<GraphCase<S>> simplifySeedValue(const GraphCase<S>& c, std::size_t element,
                                              std::size_t choice) {
  GraphCase<S> out = c;
  if (!simplify(out.seed, element, choice)) return std::nullopt;
  return out;
}

#define TAPECHECK_INSTANTIATE(S)                                                                    \
  template std::optional<GraphCase<S>> keepConeOf<S>(const GraphCase<S>&, std::size_t);             \
  template std::optional<GraphCase<S>> dropNode<S>(const GraphCase<S>&, std::size_t);               \
  template std::optional<GraphCase<S>> dropUnusedInputs<S>(const GraphCase<S>&);                    \
  template std::optional<GraphCase<S>> shrinkInputAxis<S>(const GraphCase<S>&, std::size_t,         \
                                                          std::size_t);                             \
  template std::optional<GraphCase<S>> shrinkAttribute<S>(const GraphCase<S>&, std::size_t,         \
                                                          std::size_t);                             \
  template std::optional<GraphCase<S>> dropLastEnvIndex<S>(const GraphCase<S>&);                    \
  template std::optional<GraphCase<S>> zeroEnvIndex<S>(const GraphCase<S>&, std::size_t);           \
  template std::optional<GraphCase<S>> simplifyInputValue<S>(const GraphCase<S>&, std::size_t,      \
                                                             std::size_t);                          \
  template std::optional<GraphCase<S>> simplifySeedValue<S>(const GraphCase<S>&, std::size_t,       \
                                                            std::size_t);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
