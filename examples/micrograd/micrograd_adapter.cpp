#include "micrograd_adapter.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "micrograd.hpp"

namespace micrograd_tapecheck {
namespace {

using tapecheck::Result;
using tapecheck::fail;
namespace spec = tapecheck::spec;

Result<micrograd::Value> applyOp(const spec::GraphNode& node, const std::vector<micrograd::Value>& at) {
  const std::string& op = node.op->name;
  const auto arg = [&](std::size_t i) { return at[node.args[i]]; };
  if (op == "add") return arg(0) + arg(1);
  if (op == "mul") return arg(0) * arg(1);
  if (op == "sub") return arg(0) - arg(1);
  if (op == "neg") return -arg(0);
  if (op == "tanh") return arg(0).tanh();
  if (op == "exp") return arg(0).exp();
  if (op == "relu") return arg(0).relu();
  // sum of a rank-0 tensor is the identity; micrograd has no identity op, so
  // `x * 1` (exact forward and backward) gives the position its own Value.
  if (op == "sum") return arg(0) * micrograd::Value(1.0);
  return fail("micrograd has no lowering for op '" + op + "'");
}

/// One micrograd Value per position, inputs first.
Result<std::vector<micrograd::Value>> lower(const spec::Graph& graph, const spec::Context<double>& inputs) {
  if (inputs.size() != graph.inputs.size()) return fail("wrong number of inputs");
  std::vector<micrograd::Value> at;
  at.reserve(graph.positionCount());
  for (const auto& x : inputs) {
    if (x.size() != 1 || x.shape.rank() != 0) return fail("micrograd handles rank-0 inputs only");
    at.emplace_back(x[0]);
  }
  for (const spec::GraphNode& node : graph.nodes) {
    auto value = applyOp(node, at);
    if (!value) return fail(value.error());
    at.push_back(*value);
  }
  return at;
}

Result<tapecheck::runtime::Tape<double>> compileToTape(const spec::Graph& graph,
                                                      const spec::Context<double>& inputs) {
  auto lowered = lower(graph, inputs);
  if (!lowered) return fail(lowered.error());
  // The closures share the Values (and so the whole micrograd graph) with the tape.
  auto values = std::make_shared<std::vector<micrograd::Value>>(std::move(*lowered));
  auto positionOf = std::make_shared<std::unordered_map<const micrograd::Node*, std::size_t>>();
  for (std::size_t p = 0; p < values->size(); ++p) positionOf->emplace((*values)[p].node(), p);
  tapecheck::runtime::Tape<double> tape;
  for (std::size_t p = 0; p < values->size(); ++p) {
    tapecheck::runtime::Node<double> node;
    node.value = spec::Tensor<double>::scalar((*values)[p].data());
    node.backward = [values, positionOf, p](const spec::Tensor<double>& cotangent,
                                            tapecheck::runtime::Contributions<double>& out) -> tapecheck::Status {
      if (cotangent.shape.rank() != 0 || cotangent.size() != 1) return fail("micrograd takes scalar cotangents");
      const std::size_t first = out.size();
      for (const auto& [child, grad] : (*values)[p].localBackward(cotangent[0])) {
        auto found = positionOf->find(child);
        if (found != positionOf->end()) out.emplace_back(found->second, spec::Tensor<double>::scalar(grad));
      }
      // The tape wants one contribution per distinct parent, in ascending id.
      std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      return {};
    };
    for (const auto& child : (*values)[p].node()->children) {
      auto found = positionOf->find(child.get());
      if (found != positionOf->end()) node.parents.push_back(found->second);
    }
    tape.addNode(std::move(node));
  }
  return tape;
}

/// Every edge (position -> child position) of the recorded Values.
std::vector<tapecheck::props::BackwardEdge> edgesOf(const std::vector<micrograd::Value>& values) {
  std::unordered_map<const micrograd::Node*, std::size_t> positionOf;
  for (std::size_t p = 0; p < values.size(); ++p) positionOf.emplace(values[p].node(), p);
  std::vector<tapecheck::props::BackwardEdge> edges;
  for (std::size_t p = 0; p < values.size(); ++p) {
    for (const auto& child : values[p].node()->children) {
      auto found = positionOf.find(child.get());
      // A helper Value (sum's constant 1) is not a position; it gets no edge.
      if (found != positionOf.end()) edges.emplace_back(p, found->second);
    }
  }
  return edges;
}

}  // namespace

const std::vector<std::string>& supportedOps() {
  static const std::vector<std::string> ops = {"add", "mul", "sub", "neg", "tanh", "exp", "relu", "sum"};
  return ops;
}

tapecheck::gen::GenConfig scalarCaseConfig() {
  tapecheck::gen::GenConfig config;
  config.ops = supportedOps();
  config.maxRank = 0;
  config.maxNodes = 32;
  return config;
}

tapecheck::props::EngineAdapter<double> microgradEngine() {
  tapecheck::props::EngineAdapter<double> engine;
  engine.name = "micrograd";
  engine.gradients = [](const spec::Graph& graph, const spec::Context<double>& inputs, const spec::Env&,
                        const spec::Context<double>& seed) -> Result<spec::Context<double>> {
    auto values = lower(graph, inputs);
    if (!values) return fail(values.error());
    if (seed.size() != values->size()) return fail("seed has the wrong number of positions");
    // The full seed: every position starts with its cotangent as its grad.
    for (std::size_t p = 0; p < values->size(); ++p) (*values)[p].setGrad(seed[p][0]);
    micrograd::backwardFrom(*values);
    spec::Context<double> grads;
    for (const auto& v : *values) grads.push_back(spec::Tensor<double>::scalar(v.grad()));
    return grads;
  };
  engine.edges = [](const spec::Graph& graph, const spec::Context<double>& inputs,
                    const spec::Env&) -> Result<std::vector<tapecheck::props::BackwardEdge>> {
    auto values = lower(graph, inputs);
    if (!values) return fail(values.error());
    return edgesOf(*values);
  };
  return engine;
}

tapecheck::props::Engine<double> microgradWholeEngine(bool forgetZeroGrad) {
  namespace props = tapecheck::props;
  props::Engine<double> engine;
  engine.name = forgetZeroGrad ? "micrograd (planted bug: zero_grad forgotten)" : "micrograd";
  engine.capabilities = {.values = true, .gradients = true, .edges = true, .secondBackward = true};
  engine.run = [forgetZeroGrad](const props::EngineRequest<double>& request) -> props::EngineOutcome<double> {
    const auto& c = request.c;
    props::EngineReply<double> reply;
    auto values = lower(c.graph(), c.inputs);
    if (!values) {
      reply.raised = values.error();  // an error of the engine: the property fails
      return reply;
    }
    const auto grads = [&] {
      spec::Context<double> out;
      for (const auto& v : *values) out.push_back(spec::Tensor<double>::scalar(v.grad()));
      return out;
    };
    // One backward pass as a micrograd user writes it: the seeds are added
    // into .grad (a full seed: every position is a root), then the reverse pass.
    const auto backward = [&] {
      for (std::size_t p = 0; p < values->size(); ++p) (*values)[p].setGrad((*values)[p].grad() + c.seed[p][0]);
      micrograd::backwardFrom(*values);
    };
    const auto zeroGrad = [&] {
      for (auto& v : *values) v.setGrad(0.0);
    };
    if (request.want.values) {
      reply.values.emplace();
      for (const auto& v : *values) reply.values->push_back(spec::Tensor<double>::scalar(v.data()));
    }
    if (request.want.edges) reply.edges = edgesOf(*values);
    if (request.want.gradients || request.want.secondBackward) {
      zeroGrad();
      backward();
      reply.gradients = grads();
      if (request.want.secondBackward) {
        if (!forgetZeroGrad) zeroGrad();  // the planted bug skips this line
        backward();
        reply.gradientsAgain = grads();
      }
    }
    return reply;
  };
  return engine;
}

tapecheck::props::RuntimeAdapter<double> microgradRuntime() {
  tapecheck::props::RuntimeAdapter<double> runtime;  // the reference reverse loops
  runtime.name = "micrograd";
  runtime.compileAux = [](const spec::Graph& graph, const spec::Context<double>& inputs, const spec::Env&) {
    return compileToTape(graph, inputs);
  };
  runtime.compileAuxData = [](const spec::GraphData<double>& data, const spec::Context<double>& inputs,
                              const spec::Env&) { return compileToTape(data.graph, inputs); };
  return runtime;
}

}  // namespace micrograd_tapecheck
