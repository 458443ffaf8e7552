#include "reordered_engine.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <type_traits>
#include <vector>

#include "spec/ops/axis_split.hpp"
#include "spec/scalar/domains.hpp"

namespace reordered {
namespace {

namespace spec = tapecheck::spec;
namespace props = tapecheck::props;
using tapecheck::fail;
using tapecheck::Result;
using tapecheck::Status;

// ---- kernels that compute the spec's ops in another order -------------------

/// Σ term(i) for i in [begin, end) as a balanced tree of additions.
template <class S, class Term>
S pairwiseSum(std::size_t begin, std::size_t end, const Term& term) {
  if (end == begin) return spec::zero<S>();
  if (end - begin == 1) return term(begin);
  const std::size_t mid = begin + (end - begin) / 2;
  return pairwiseSum<S>(begin, mid, term) + pairwiseSum<S>(mid, end, term);
}

/// Σ term(k) for k in [0, n) in blocks of two: (t0 + t1) + (t2 + t3) + ...,
/// each block added to the accumulator, as a 2-wide vector unit would.
template <class S, class Term>
S blockedSum(std::size_t n, const Term& term) {
  S acc = spec::zero<S>();
  for (std::size_t k = 0; k < n; k += 2) acc = acc + (k + 1 < n ? term(k) + term(k + 1) : term(k));
  return acc;
}

template <class S>
void pairwiseSumForward(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  const spec::Tensor<S>& a = *c.args[0];
  out[0] = pairwiseSum<S>(0, a.size(), [&](std::size_t i) { return a[i]; });
}

template <class S>
void pairwiseDotForward(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  const spec::Tensor<S>& a = *c.args[0];
  const spec::Tensor<S>& b = *c.args[1];
  out[0] = pairwiseSum<S>(0, a.size(), [&](std::size_t i) { return a[i] * b[i]; });
}

template <class S>
void pairwiseReduceSumForward(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  const spec::Tensor<S>& a = *c.args[0];
  if (a.size() == 0 || out.size() == 0) return;
  const auto [outer, length, inner] = spec::ops::splitAt(a.shape, static_cast<std::size_t>(c.attrs.ints[0]));
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::size_t i = 0; i < inner; ++i) {
      out[o * inner + i] = pairwiseSum<S>(0, length, [&](std::size_t k) { return a[(o * length + k) * inner + i]; });
    }
  }
}

template <class S>
void blockedMatmulForward(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  const spec::Tensor<S>& a = *c.args[0];
  const spec::Tensor<S>& b = *c.args[1];
  const std::size_t m = a.shape[0], n = a.shape[1], p = b.shape[1];
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < p; ++j) {
      out[i * p + j] = blockedSum<S>(n, [&](std::size_t k) { return a[i * n + k] * b[k * p + j]; });
    }
  }
}

/// dA = δ·Bᵀ and dB = Aᵀ·δ in blocks of two. With `untransposed` (a planted
/// bug), dA = δ·B where B is square.
template <class S, bool untransposed>
void blockedMatmulVjp(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  const spec::Tensor<S>& a = *c.args[0];
  const spec::Tensor<S>& b = *c.args[1];
  const std::size_t m = a.shape[0], n = a.shape[1], p = b.shape[1];
  const bool square = untransposed && n == p;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k < n; ++k) {
      d[0][i * n + k] = blockedSum<S>(p, [&](std::size_t j) { return delta[i * p + j] * (square ? b[j * p + k] : b[k * p + j]); });
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < p; ++j) {
      d[1][k * p + j] = blockedSum<S>(m, [&](std::size_t i) { return a[i * n + k] * delta[i * p + j]; });
    }
  }
}

// ---- planted bugs in op VJPs -------------------------------------------------

/// relu'(0) = 1: δ passes where x >= 0 (the spec: where x > 0).
template <class S>
void reluVjpOneAtZero(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  if constexpr (std::is_floating_point_v<S>) {
    const spec::Tensor<S>& x = *c.args[0];
    for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = x[i] >= 0 ? delta[i] : S(0);
  }
}

/// sub's VJP with the sign of the second argument's cotangent lost.
template <class S>
void subVjpWrongSign(const spec::OpCall<S>&, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  d[0].data = delta.data;
  d[1].data = delta.data;
}

// ---- the engine --------------------------------------------------------------

template <class S>
struct Kernels {
  spec::ForwardFn<S> forward = nullptr;
  spec::VjpFn<S> vjp = nullptr;
};

/// The engine's kernels for `op`: the spec's, with the reordered ones (and
/// a planted bug's) in their place.
template <class S>
Kernels<S> kernelsFor(const spec::OpDef& op, ReorderedBug bug, const Reorderings& orders) {
  const auto& own = op.kernelsFor<S>();
  Kernels<S> k{own.forward, own.vjp};
  const std::string_view name = op.name;
  if (orders.pairwise && name == "sum") k.forward = &pairwiseSumForward<S>;
  if (orders.pairwise && name == "dot") k.forward = &pairwiseDotForward<S>;
  if (orders.pairwise && name == "reduceSum") k.forward = &pairwiseReduceSumForward<S>;
  if (name == "matmul") {
    if (orders.blockedMatmul) k.forward = &blockedMatmulForward<S>;
    if (orders.blockedMatmul || bug == ReorderedBug::MatmulVjpNotTransposed) {
      k.vjp = bug == ReorderedBug::MatmulVjpNotTransposed ? &blockedMatmulVjp<S, true> : &blockedMatmulVjp<S, false>;
    }
  }
  if constexpr (spec::supports<S>(spec::Algebra::Real)) {
    if (bug == ReorderedBug::ReluGradAtZeroIsOne && name == "relu") k.vjp = &reluVjpOneAtZero<S>;
  }
  if constexpr (spec::supports<S>(spec::Algebra::Ring)) {
    if (bug == ReorderedBug::SubVjpSign && name == "sub") k.vjp = &subVjpWrongSign<S>;
  }
  return k;
}

template <class S>
class Recording {
 public:
  Recording(const tapecheck::gen::GraphCase<S>& c, ReorderedBug bug, Reorderings orders)
      : c_(c), bug_(bug), orders_(orders) {}

  /// Runs the forward pass; the values of every position.
  Status forward() {
    const spec::Graph& g = c_.graph();
    if (c_.inputs.size() != g.inputs.size()) return fail("expected " + std::to_string(g.inputs.size()) + " inputs");
    values_.reserve(g.positionCount());
    values_ = c_.inputs;
    for (std::size_t k = 0; k < g.nodes.size(); ++k) {
      const spec::GraphNode& node = g.nodes[k];
      const Kernels<S> kernels = kernelsFor<S>(*node.op, bug_, orders_);
      if (!kernels.forward) return fail("no kernel for " + node.op->name + " in " + std::string(spec::Domain<S>::name));
      std::vector<const spec::Tensor<S>*> args;
      for (std::size_t a : node.args) args.push_back(&values_[a]);
      spec::Tensor<S> out = spec::Tensor<S>::zeros(c_.data.shapes[g.positionOfNode(k)]);
      kernels.forward(spec::OpCall<S>{args, nullptr, node.attrs, c_.env}, out);
      values_.push_back(std::move(out));
    }
    return {};
  }

  const spec::Context<S>& values() const { return values_; }

  /// One backward pass with `seed` as every position's incoming cotangent.
  Result<spec::Context<S>> backward(const spec::Context<S>& seed) const {
    const spec::Graph& g = c_.graph();
    if (seed.size() != g.positionCount()) return fail("expected " + std::to_string(g.positionCount()) + " seeds");
    spec::Context<S> grads = seed;
    for (std::size_t k : visitOrder()) {
      const spec::GraphNode& node = g.nodes[k];
      const std::size_t pos = g.positionOfNode(k);
      const Kernels<S> kernels = kernelsFor<S>(*node.op, bug_, orders_);
      std::vector<const spec::Tensor<S>*> args;
      std::vector<spec::Tensor<S>> d;
      for (std::size_t a : node.args) {
        args.push_back(&values_[a]);
        d.push_back(spec::Tensor<S>::zeros(c_.data.shapes[a]));
      }
      kernels.vjp(spec::OpCall<S>{args, &values_[pos], node.attrs, c_.env}, grads[pos], d);
      accumulate(node, d, grads);
    }
    return grads;
  }

  /// Every backward edge: each node to each of its distinct arguments.
  std::vector<props::BackwardEdge> edges() const {
    std::vector<props::BackwardEdge> out;
    const spec::Graph& g = c_.graph();
    for (std::size_t k = 0; k < g.nodes.size(); ++k) {
      std::vector<std::size_t> parents(g.nodes[k].args.begin(), g.nodes[k].args.end());
      std::ranges::sort(parents);
      parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
      for (std::size_t p : parents) out.emplace_back(g.positionOfNode(k), p);
    }
    return out;
  }

 private:
  // Node indices in the order the backward pass visits them. Depth-first: the
  // reverse of a post-order walk from every position, last to first (arguments
  // in argument order), which puts each node before every node it reads, as
  // a reverse pass needs, but not in descending id.
  std::vector<std::size_t> visitOrder() const {
    const spec::Graph& g = c_.graph();
    const std::size_t inputs = g.inputs.size();
    std::vector<std::size_t> order;
    if (!orders_.depthFirst) {
      for (std::size_t k = g.nodes.size(); k-- > 0;) order.push_back(k);
      return order;
    }
    std::vector<bool> seen(g.positionCount(), false);
    std::vector<std::size_t> post;
    const std::function<void(std::size_t)> walk = [&](std::size_t p) {
      if (seen[p]) return;
      seen[p] = true;
      if (p >= inputs) {
        for (std::size_t a : g.nodes[p - inputs].args) walk(a);
        post.push_back(p - inputs);
      }
    };
    for (std::size_t p = g.positionCount(); p-- > 0;) walk(p);
    order.assign(post.rbegin(), post.rend());
    return order;
  }

  void addInto(spec::Tensor<S>& into, const spec::Tensor<S>& contribution) const {
    if (bug_ == ReorderedBug::ContributionOverwritten) {
      into = contribution;
      return;
    }
    for (std::size_t i = 0; i < into.size(); ++i) into[i] = into[i] + contribution[i];
  }

  // One by one: each argument's cotangent goes straight into its parent's
  // gradient, ((g + a) + b). Otherwise the spec's order: a repeated
  // argument's cotangents summed first, then added once, g + (a + b).
  void accumulate(const spec::GraphNode& node, const std::vector<spec::Tensor<S>>& d, spec::Context<S>& grads) const {
    const auto uses = [&](std::size_t p) { return std::ranges::count(node.args, p); };
    const auto times = [&](std::size_t p) { return bug_ == ReorderedBug::RepeatedArgumentTwice && uses(p) > 1 ? 2 : 1; };
    if (orders_.oneByOne) {
      for (std::size_t i = 0; i < node.args.size(); ++i) {
        for (int t = 0; t < times(node.args[i]); ++t) addInto(grads[node.args[i]], d[i]);
      }
      return;
    }
    std::vector<std::size_t> parents(node.args.begin(), node.args.end());
    std::ranges::sort(parents);
    parents.erase(std::unique(parents.begin(), parents.end()), parents.end());
    for (std::size_t p : parents) {
      std::optional<spec::Tensor<S>> total;
      for (std::size_t i = 0; i < node.args.size(); ++i) {
        if (node.args[i] != p) continue;
        if (!total) {
          total = d[i];
        } else {
          for (std::size_t e = 0; e < total->size(); ++e) (*total)[e] = (*total)[e] + d[i][e];
        }
      }
      for (int t = 0; t < times(p); ++t) addInto(grads[p], *total);
    }
  }

  const tapecheck::gen::GraphCase<S>& c_;
  ReorderedBug bug_;
  Reorderings orders_;
  spec::Context<S> values_;
};

constexpr std::array<std::pair<ReorderedBug, std::string_view>, 6> kBugNames = {{
    {ReorderedBug::None, "none"},
    {ReorderedBug::RepeatedArgumentTwice, "repeated-argument-twice"},
    {ReorderedBug::ReluGradAtZeroIsOne, "relu-grad-at-zero-is-one"},
    {ReorderedBug::MatmulVjpNotTransposed, "matmul-vjp-not-transposed"},
    {ReorderedBug::SubVjpSign, "sub-vjp-sign"},
    {ReorderedBug::ContributionOverwritten, "contribution-overwritten"},
}};

constexpr std::array<std::pair<bool Reorderings::*, std::string_view>, 4> kOrderNames = {{
    {&Reorderings::oneByOne, "one-by-one"},
    {&Reorderings::depthFirst, "depth-first"},
    {&Reorderings::pairwise, "pairwise"},
    {&Reorderings::blockedMatmul, "blocked-matmul"},
}};

}  // namespace

Result<ReorderedBug> parseBug(std::string_view text) {
  for (const auto& [bug, name] : kBugNames) {
    if (name == text) return bug;
  }
  std::string known;
  for (const auto& [bug, name] : kBugNames) known += (known.empty() ? "" : ", ") + std::string(name);
  return fail("unknown bug '" + std::string(text) + "' (known: " + known + ")");
}

std::string_view bugName(ReorderedBug bug) {
  for (const auto& [b, name] : kBugNames) {
    if (b == bug) return name;
  }
  return "?";
}

Result<Reorderings> parseReorderings(std::string_view text) {
  if (text == "all") return Reorderings::all();
  if (text == "none") return Reorderings::none();
  Reorderings orders = Reorderings::none();
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto* found = std::ranges::find_if(kOrderNames, [&](const auto& entry) { return entry.second == item; });
    if (found == kOrderNames.end()) {
      return fail("unknown reordering '" + std::string(item) +
                  "' (known: all, none, one-by-one, depth-first, pairwise, blocked-matmul)");
    }
    orders.*(found->first) = true;
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
  }
  return orders;
}

std::string reorderingsName(const Reorderings& orders) {
  std::string out;
  for (const auto& [member, name] : kOrderNames) {
    if (orders.*member) out += (out.empty() ? "" : ",") + std::string(name);
  }
  return out.empty() ? "none" : out;
}

template <class S>
props::Engine<S> reorderedEngine(ReorderedBug bug, Reorderings orders) {
  props::Engine<S> engine;
  engine.name = "reordered (" + reorderingsName(orders) + ")" +
                (bug == ReorderedBug::None ? "" : " with bug " + std::string(bugName(bug)));
  engine.capabilities = {.values = true, .gradients = true, .edges = true, .secondBackward = true};
  engine.compare = props::Comparison::orderBound();
  engine.run = [bug, orders](const props::EngineRequest<S>& request) -> props::EngineOutcome<S> {
    props::EngineReply<S> reply;
    Recording<S> recording(request.c, bug, orders);
    if (auto ok = recording.forward(); !ok) {
      reply.raised = "forward: " + ok.error();
      return reply;
    }
    if (request.want.values) reply.values = recording.values();
    if (request.want.gradients || request.want.secondBackward) {
      auto grads = recording.backward(request.c.seed);
      if (!grads) {
        reply.raised = "backward: " + grads.error();
        return reply;
      }
      reply.gradients = std::move(*grads);
    }
    if (request.want.secondBackward) {
      auto again = recording.backward(request.c.seed);
      if (!again) {
        reply.raised = "second backward: " + again.error();
        return reply;
      }
      reply.gradientsAgain = std::move(*again);
    }
    if (request.want.edges) reply.edges = recording.edges();
    return reply;
  };
  return engine;
}

template props::Engine<double> reorderedEngine<double>(ReorderedBug, Reorderings);
template props::Engine<float> reorderedEngine<float>(ReorderedBug, Reorderings);
template props::Engine<spec::ModP> reorderedEngine<spec::ModP>(ReorderedBug, Reorderings);
template props::Engine<spec::Tropical> reorderedEngine<spec::Tropical>(ReorderedBug, Reorderings);

}  // namespace reordered
