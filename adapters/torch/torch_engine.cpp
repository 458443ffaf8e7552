#include "adapters/torch/torch_engine.hpp"

#include <torch/torch.h>

#include <functional>
#include <limits>
#include <map>

namespace tapecheck::torch_adapter {
namespace {

using Tensors = std::vector<torch::Tensor>;
using Lowering = std::function<torch::Tensor(const Tensors& args, const spec::Attrs&, const spec::Env&)>;

std::vector<std::int64_t> dimsOf(const spec::Shape& s) { return {s.dims.begin(), s.dims.end()}; }

std::vector<std::int64_t> attrDims(const spec::Attrs& a, std::size_t from = 0) {
  return {a.ints.begin() + static_cast<std::ptrdiff_t>(from), a.ints.end()};
}

torch::Tensor toTorch(const spec::Tensor<double>& t) {
  std::vector<double> values(t.data.begin(), t.data.end());
  return torch::tensor(values, torch::kDouble).reshape(dimsOf(t.shape));
}

spec::Tensor<double> fromTorch(const torch::Tensor& t, const spec::Shape& shape) {
  spec::Tensor<double> out = spec::Tensor<double>::zeros(shape);
  const torch::Tensor flat = t.detach().contiguous().reshape({-1});
  const double* data = flat.data_ptr<double>();
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
         return torch::zeros(sizes, torch::kDouble).index_copy(0, rows, a[0].index_select(0, indices));
       }},
      {"scatterAdd", [](const Tensors& a, const spec::Attrs& at, const spec::Env& env) {
         auto [rows, indices] = validRows(env, at.ints[0], a[1].size(0), a[0].size(0));
         return a[0].index_add(0, indices, a[1].index_select(0, rows));
       }},
  };
  return table;
}

Result<spec::Context<double>> runTorch(const spec::Graph& graph, const spec::Context<double>& inputs,
                                       const spec::Env& env, const spec::Context<double>& seed) {
  auto shapes = spec::validate(graph);
  if (!shapes) return fail(shapes.error());
  if (inputs.size() != graph.inputs.size() || seed.size() != shapes->size()) {
    return fail("inputs or seed have the wrong number of positions");
  }
  Tensors at;
  for (const auto& x : inputs) at.push_back(toTorch(x).requires_grad_(true));
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    const spec::GraphNode& node = graph.nodes[k];
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
    value.retain_grad();
    at.push_back(value);
  }
  // The full seed: every position is a root of one backward call, with its
  // seed as grad_tensor, so each .grad is seed_p plus everything downstream.
  Tensors seeds;
  for (std::size_t p = 0; p < at.size(); ++p) seeds.push_back(toTorch(seed[p]));
  torch::autograd::backward(at, seeds);
  spec::Context<double> grads;
  for (std::size_t p = 0; p < at.size(); ++p) {
    const torch::Tensor g = at[p].grad();
    if (!g.defined()) return fail("torch left position " + std::to_string(p) + " without a grad");
    grads.push_back(fromTorch(g, (*shapes)[p]));
  }
  return grads;
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

props::EngineAdapter<double> torchEngine() {
  props::EngineAdapter<double> engine;
  engine.name = "libtorch " TORCH_VERSION;
  // Why catch: torch reports errors by throwing c10::Error; tapecheck wants values.
  engine.gradients = [](const spec::Graph& graph, const spec::Context<double>& inputs, const spec::Env& env,
                        const spec::Context<double>& seed) -> Result<spec::Context<double>> {
    try {
      return runTorch(graph, inputs, env, seed);
    } catch (const std::exception& e) {
      return fail(std::string("torch threw: ") + e.what());
    }
  };
  return engine;
}

props::Tolerance torchTolerance() { return props::Tolerance::within(1e-9, 1e-12); }

}  // namespace tapecheck::torch_adapter
