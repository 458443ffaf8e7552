#include "adapters/torch/torch_engine.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

namespace tapecheck::torch_adapter {
namespace {

using Tensors = std::vector<torch::Tensor>;
using Lowering = std::function<torch::Tensor(const Tensors& args, const spec::Attrs&, const spec::Env&)>;

template <class F>
constexpr torch::Dtype dtypeOf() {
  static_assert(std::is_same_v<F, double> || std::is_same_v<F, float>, "the adapter runs in f64 and f32");
  return std::is_same_v<F, double> ? torch::kDouble : torch::kFloat;
}

std::vector<std::int64_t> dimsOf(const spec::Shape& s) { return {s.dims.begin(), s.dims.end()}; }

std::vector<std::int64_t> attrDims(const spec::Attrs& a, std::size_t from = 0) {
  return {a.ints.begin() + static_cast<std::ptrdiff_t>(from), a.ints.end()};
}

template <class F>
torch::Tensor toTorch(const spec::Tensor<F>& t) {
  std::vector<F> values(t.data.begin(), t.data.end());
  return torch::tensor(values, dtypeOf<F>()).reshape(dimsOf(t.shape));
}

template <class F>
spec::Tensor<F> fromTorch(const torch::Tensor& t, const spec::Shape& shape) {
  spec::Tensor<F> out = spec::Tensor<F>::zeros(shape);
  const torch::Tensor flat = t.detach().contiguous().reshape({-1});
  const F* data = flat.data_ptr<F>();
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = data[i];
  return out;
}

/// Rows `offset + i` of Δ that land inside [0, rows): (i, index) pairs as two
/// index tensors. Out-of-range rows read zero / are dropped, as in the spec.
std::pair<torch::Tensor, torch::Tensor> validRows(const spec::Env& env, std::int64_t offset, std::int64_t count,
                                                  std::int64_t rows) {
  std::vector<std::int64_t> from, to;
  for (std::int64_t i = 0; i < count; ++i) {
    const std::size_t at = static_cast<std::size_t>(offset + i);
    if (at >= env.indices.size()) continue;
    const std::int64_t index = env.indices[at];
    if (index < 0 || index >= rows) continue;
    from.push_back(i);
    to.push_back(index);
  }
  return {torch::tensor(from, torch::kLong), torch::tensor(to, torch::kLong)};
}

const std::map<std::string, Lowering>& lowerings() {
  static const std::map<std::string, Lowering> table = {
      {"add", [](const Tensors& a, const auto&, const auto&) { return a[0] + a[1]; }},
      {"sub", [](const Tensors& a, const auto&, const auto&) { return a[0] - a[1]; }},
      {"mul", [](const Tensors& a, const auto&, const auto&) { return a[0] * a[1]; }},
      {"div", [](const Tensors& a, const auto&, const auto&) { return a[0] / a[1]; }},
      {"neg", [](const Tensors& a, const auto&, const auto&) { return -a[0]; }},
      {"scale", [](const Tensors& a, const spec::Attrs& at, const auto&) {
         return a[0] * static_cast<double>(at.ints[0]);
       }},
      {"square", [](const Tensors& a, const auto&, const auto&) { return torch::square(a[0]); }},
      {"abs", [](const Tensors& a, const auto&, const auto&) { return torch::abs(a[0]); }},
      {"exp", [](const Tensors& a, const auto&, const auto&) { return torch::exp(a[0]); }},
      {"log", [](const Tensors& a, const auto&, const auto&) { return torch::log(a[0]); }},
      {"tanh", [](const Tensors& a, const auto&, const auto&) { return torch::tanh(a[0]); }},
      {"sigmoid", [](const Tensors& a, const auto&, const auto&) { return torch::sigmoid(a[0]); }},
      {"relu", [](const Tensors& a, const auto&, const auto&) { return torch::relu(a[0]); }},
      // Why threshold = +inf: torch's default (20) switches to x itself for
      // large x; the spec has no such shortcut.
      {"softplus", [](const Tensors& a, const auto&, const auto&) {
         return torch::softplus(a[0], 1.0, std::numeric_limits<double>::infinity());
       }},
      {"max", [](const Tensors& a, const auto&, const auto&) { return torch::maximum(a[0], a[1]); }},
      {"min", [](const Tensors& a, const auto&, const auto&) { return torch::minimum(a[0], a[1]); }},
      {"sum", [](const Tensors& a, const auto&, const auto&) { return a[0].sum(); }},
      {"mean", [](const Tensors& a, const auto&, const auto&) { return a[0].mean(); }},
      {"dot", [](const Tensors& a, const auto&, const auto&) { return (a[0] * a[1]).sum(); }},
      {"reduceSum", [](const Tensors& a, const spec::Attrs& at, const auto&) { return a[0].sum(at.ints[0]); }},
      {"matmul", [](const Tensors& a, const auto&, const auto&) { return torch::matmul(a[0], a[1]); }},
      {"transpose2d", [](const Tensors& a, const auto&, const auto&) { return a[0].t(); }},
      {"linear", [](const Tensors& a, const auto&, const auto&) { return torch::mv(a[0], a[2]) + a[1]; }},
      {"reshape", [](const Tensors& a, const spec::Attrs& at, const auto&) { return a[0].reshape(attrDims(at)); }},
      {"broadcastTo", [](const Tensors& a, const spec::Attrs& at, const auto&) {
         return a[0].expand(attrDims(at));
       }},
      {"concat", [](const Tensors& a, const spec::Attrs& at, const auto&) {
         return torch::cat({a[0], a[1]}, at.ints[0]);
       }},
      {"slice", [](const Tensors& a, const spec::Attrs& at, const auto&) {
         return a[0].narrow(at.ints[0], at.ints[1], at.ints[2]);
       }},
      {"softmax", [](const Tensors& a, const auto&, const auto&) { return torch::softmax(a[0], -1); }},
      {"mseLoss", [](const Tensors& a, const auto&, const auto&) { return torch::mse_loss(a[0], a[1]); }},
      {"gather", [](const Tensors& a, const spec::Attrs& at, const spec::Env& env) {
         auto sizes = a[0].sizes().vec();
         sizes[0] = at.ints[1];
         auto [rows, indices] = validRows(env, at.ints[0], at.ints[1], a[0].size(0));
         return torch::zeros(sizes, a[0].options()).index_copy(0, rows, a[0].index_select(0, indices));
       }},
      {"scatterAdd", [](const Tensors& a, const spec::Attrs& at, const spec::Env& env) {
         auto [rows, indices] = validRows(env, at.ints[0], a[1].size(0), a[0].size(0));
         return a[0].index_add(0, indices, a[1].index_select(0, rows));
       }},
  };
  return table;
}

/// One torch tensor per position, inputs first: the forward pass recorded.
/// With `differentiable`, inputs are requires_grad leaves and every other
/// position retains its grad; without it no autograd graph is built (a
/// values-only request, as T5_finite_differences makes many of).
template <class F>
Result<Tensors> record(const spec::Graph& graph, const spec::Context<F>& inputs, const spec::Env& env,
                       bool differentiable) {
  if (inputs.size() != graph.inputs.size()) return fail("inputs have the wrong number of positions");
  Tensors at;
  at.reserve(graph.positionCount());
  for (const auto& x : inputs) at.push_back(toTorch(x).requires_grad_(differentiable));
  for (const spec::GraphNode& node : graph.nodes) {
    auto lowering = lowerings().find(node.op->name);
    if (lowering == lowerings().end()) return fail("no torch lowering for op '" + node.op->name + "'");
    Tensors args;
    for (std::size_t a : node.args) args.push_back(at[a]);
    torch::Tensor value = lowering->second(args, node.attrs, env);
    // Why the alias check: an op that returns its argument's own tensor (a
    // no-op view) would make two positions share one .grad; a clone gives the
    // position its own autograd node and passes gradients through exactly.
    for (const auto& earlier : at) {
      if (earlier.unsafeGetTensorImpl() == value.unsafeGetTensorImpl()) value = value.clone();
    }
    if (differentiable) value.retain_grad();
    at.push_back(value);
  }
  return at;
}

/// Every position read back into the spec's types, through `part` (the
/// tensor itself, or its .grad()).
template <class F>
Result<spec::Context<F>> readBack(const Tensors& at, const std::vector<spec::Shape>& shapes,
                                  const std::function<torch::Tensor(const torch::Tensor&)>& part, const char* what) {
  spec::Context<F> out;
  for (std::size_t p = 0; p < at.size(); ++p) {
    const torch::Tensor t = part(at[p]);
    if (!t.defined()) return fail("torch left position " + std::to_string(p) + " without " + what);
    out.push_back(fromTorch<F>(t, shapes[p]));
  }
  return out;
}

template <class F>
Result<spec::Context<F>> gradientsOf(const Tensors& at, const std::vector<spec::Shape>& shapes) {
  return readBack<F>(at, shapes, [](const torch::Tensor& t) { return t.grad(); }, "a grad");
}

/// One backward call with the full seed: every position is a root, with its
/// seed as grad_tensor, so each .grad is seed_p plus everything downstream.
template <class F>
void backwardWithSeed(const Tensors& at, const spec::Context<F>& seed, bool keepGraph) {
  Tensors seeds;
  for (const auto& s : seed) seeds.push_back(toTorch(s));
  torch::autograd::backward(at, seeds, keepGraph);
}

/// The edges of torch's recorded graph between positions: from position p
/// to every position its grad_fn reaches, through the internal nodes of a
/// lowering that takes several torch ops (linear, gather, scatterAdd). An
/// input is reached through its AccumulateGrad node.
std::vector<props::BackwardEdge> edgesOf(const Tensors& at) {
  using torch::autograd::Node;
  std::vector<std::shared_ptr<Node>> owners;  // keeps each AccumulateGrad alive while it is looked up
  std::unordered_map<const Node*, std::size_t> positionOf;
  for (std::size_t p = 0; p < at.size(); ++p) {
    owners.push_back(at[p].is_leaf() ? torch::autograd::impl::grad_accumulator(at[p]) : at[p].grad_fn());
    if (owners.back()) positionOf.emplace(owners.back().get(), p);
  }
  std::vector<props::BackwardEdge> edges;
  for (std::size_t p = 0; p < at.size(); ++p) {
    const std::shared_ptr<Node> start = at[p].grad_fn();
    if (!start) continue;  // an input: no backward of its own
    std::vector<Node*> pending = {start.get()};
    std::unordered_set<const Node*> visited;
    std::vector<std::size_t> parents;
    while (!pending.empty()) {
      Node* node = pending.back();
      pending.pop_back();
      for (const torch::autograd::Edge& edge : node->next_edges()) {
        if (!edge.is_valid()) continue;  // an argument that needs no gradient (a constant)
        const Node* next = edge.function.get();
        if (auto found = positionOf.find(next); found != positionOf.end()) {
          if (std::find(parents.begin(), parents.end(), found->second) == parents.end()) parents.push_back(found->second);
        } else if (visited.insert(next).second) {
          pending.push_back(edge.function.get());
        }
      }
    }
    std::sort(parents.begin(), parents.end());
    for (std::size_t q : parents) edges.emplace_back(p, q);
  }
  return edges;
}

template <class F>
props::EngineReply<F> answer(const props::EngineRequest<F>& request) {
  const gen::GraphCase<F>& c = request.c;
  const props::Capabilities& want = request.want;
  props::EngineReply<F> reply;
  const auto raised = [&reply](std::string why) {
    reply.raised = std::move(why);
    return reply;
  };
  const bool backward = want.gradients || want.secondBackward;
  auto at = record(c.graph(), c.inputs, c.env, backward || want.edges);
  if (!at) return raised(at.error());
  if (want.values) {
    auto values = readBack<F>(*at, c.data.shapes, [](const torch::Tensor& t) { return t; }, "a value");
    if (!values) return raised(values.error());
    reply.values = std::move(*values);
  }
  if (want.edges) reply.edges = edgesOf(*at);
  if (!backward) return reply;
  if (c.seed.size() != at->size()) return raised("the seed has the wrong number of positions");
  backwardWithSeed(*at, c.seed, /*keepGraph=*/want.secondBackward);
  auto first = gradientsOf<F>(*at, c.data.shapes);
  if (!first) return raised(first.error());
  reply.gradients = std::move(*first);
  if (want.secondBackward) {
    // As a training loop does between two steps (optimizer.zero_grad() in
    // torch 1.13 zeroes in place), then the same backward on the same graph.
    for (auto& t : *at) t.mutable_grad().zero_();
    backwardWithSeed(*at, c.seed, /*keepGraph=*/false);
    auto again = gradientsOf<F>(*at, c.data.shapes);
    if (!again) return raised(again.error());
    reply.gradientsAgain = std::move(*again);
  }
  return reply;
}

}  // namespace

const std::vector<std::string>& torchOps() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, lowering] : lowerings()) out.push_back(name);
    return out;
  }();
  return names;
}

gen::GenConfig torchCases() {
  gen::GenConfig config;
  config.ops = torchOps();
  return config;
}

template <class F>
props::Engine<F> torchWholeEngine() {
  props::Engine<F> engine;
  engine.name = "libtorch " TORCH_VERSION;
  engine.capabilities = {.values = true, .gradients = true, .edges = true, .secondBackward = true};
  engine.run = [](const props::EngineRequest<F>& request) -> props::EngineOutcome<F> {
    // Why one intra-op thread: each property run already has a worker
    // process of its own (--jobs), and the tensors are small. Set in the
    // worker, on first use, never in the parent that forks the workers.
    static std::once_flag oneThread;
    std::call_once(oneThread, [] { torch::set_num_threads(1); });
    // Why catch: torch reports errors by throwing c10::Error; an error on a
    // valid case is the engine's answer, and the property fails with it.
    try {
      return answer(request);
    } catch (const std::exception& e) {
      props::EngineReply<F> reply;
      reply.raised = std::string("torch threw: ") + e.what();
      return reply;
    }
  };
  return engine;
}

template props::Engine<double> torchWholeEngine<double>();
template props::Engine<float> torchWholeEngine<float>();

props::EngineAdapter<double> torchEngine() {
  props::EngineAdapter<double> engine;
  engine.name = "libtorch " TORCH_VERSION;
  engine.gradients = [](const spec::Graph& graph, const spec::Context<double>& inputs, const spec::Env& env,
                        const spec::Context<double>& seed) -> Result<spec::Context<double>> {
    auto shapes = spec::validate(graph);
    if (!shapes) return fail(shapes.error());
    if (seed.size() != shapes->size()) return fail("the seed has the wrong number of positions");
    try {
      auto at = record(graph, inputs, env, /*differentiable=*/true);
      if (!at) return fail(at.error());
      backwardWithSeed(*at, seed, /*keepGraph=*/false);
      return gradientsOf<double>(*at, *shapes);
    } catch (const std::exception& e) {
      return fail(std::string("torch threw: ") + e.what());
    }
  };
  return engine;
}

props::Tolerance torchTolerance() { return props::Tolerance::within(1e-9, 1e-12); }

}  // namespace tapecheck::torch_adapter
