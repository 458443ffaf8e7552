#include "properties/whole_engine.hpp"

#include <type_traits>
#include <variant>

#include "properties/adjoint.hpp"
#include "properties/adjoint_bounded.hpp"
#include "properties/compare.hpp"
#include "properties/context_shape.hpp"
#include "properties/special_values.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props {
namespace {

// The engine's answer, or the verdict that ends the case: ERROR when the
// engine broke down or left out what was asked, FAILS when it raised.
template <class S>
std::variant<EngineReply<S>, Verdict> ask(const Engine<S>& engine, const gen::GraphCase<S>& c, Capabilities want) {
  EngineOutcome<S> outcome = engine.run(EngineRequest<S>{c, want});
  if (!outcome) return Verdict::error("engine '" + engine.name + "': " + outcome.error().why);
  EngineReply<S>& reply = *outcome;
  if (reply.raised) return Verdict::fails("engine '" + engine.name + "' raised an error: " + *reply.raised);
  const auto missing = [&](bool wanted, bool present, const char* what) {
    return wanted && !present ? std::optional<Verdict>(Verdict::error("engine '" + engine.name + "' returned no " + what))
                              : std::nullopt;
  };
  for (auto problem : {missing(want.values, reply.values.has_value(), "values"),
                       missing(want.gradients, reply.gradients.has_value(), "gradients"),
                       missing(want.edges, reply.edges.has_value(), "edges"),
                       missing(want.secondBackward, reply.gradientsAgain.has_value(), "second gradients")}) {
    if (problem) return *problem;
  }
  // Out of shape is out of protocol: ERROR, before any check reads an element.
  const std::span<const spec::Shape> shapes(c.data.shapes);
  for (const auto& [context, what] : {std::pair{&reply.values, "values"}, {&reply.gradients, "gradients"},
                                      {&reply.gradientsAgain, "second gradients"}}) {
    if (!*context) continue;
    if (auto bad = contextShapeMismatch(**context, shapes, "engine '" + engine.name + "' " + what)) {
      return Verdict::errorAt(bad->position, std::move(bad->text));
    }
  }
  return std::move(reply);
}

template <class S>
Verdict gradientsMatchSpec(const Engine<S>& engine, const gen::GraphCase<S>& c) {
  auto reply = ask(engine, c, Capabilities{.gradients = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  const auto expected = expectedGradients(c, c.seed, engine.compare);
  if (!expected) return Verdict::fails("spec backpropAllCtx failed: " + expected.error());
  if (auto diff = firstDifference(*std::get<EngineReply<S>>(reply).gradients, *expected, engine.compare, "engine")) {
    return Verdict::failsAt(diff->position, "engine gradients != backpropAllCtx at " + diff->text);
  }
  return Verdict::holds();
}

template <class S>
Verdict valuesMatchEval(const Engine<S>& engine, const gen::GraphCase<S>& c) {
  auto reply = ask(engine, c, Capabilities{.values = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  const auto expected = expectedValues(c, engine.compare);
  if (!expected) return Verdict::fails("spec eval failed: " + expected.error());
  if (auto diff = firstDifference(*std::get<EngineReply<S>>(reply).values, *expected, engine.compare, "engine")) {
    return Verdict::failsAt(diff->position, "engine values != eval at " + diff->text);
  }
  return Verdict::holds();
}

template <class S>
Verdict edgesPointBackwards(const Engine<S>& engine, const gen::GraphCase<S>& c) {
  auto reply = ask(engine, c, Capabilities{.edges = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  const std::vector<BackwardEdge>& edges = *std::get<EngineReply<S>>(reply).edges;
  const std::size_t positions = c.graph().positionCount();
  for (const auto& [from, to] : edges) {
    if (from >= positions) {
      return Verdict::failsAt(std::nullopt, "edge from position " + std::to_string(from) + ", past the last position " +
                            std::to_string(positions - 1));
    }
    if (to >= from) {
      return Verdict::failsAt(Position{from}, "node " + std::to_string(from) + " contributes to id " + std::to_string(to) +
                            ", which is not earlier");
    }
  }
  if (auto problem = checkEdgesFormBackwardDag(positions, edges)) return Verdict::fails("Boost.Graph check: " + *problem);
  return Verdict::holds();
}

template <class S>
Verdict zeroSeedGivesZero(const Engine<S>& engine, const gen::GraphCase<S>& c) {
  // As for the runtime: 0 · inf is NaN, so the property needs finite forward values.
  const auto values = spec::eval(c.data, c.inputs, c.env);
  if (!values || !allFinite(*values)) return Verdict::notApplicable(NotApplicableReason::NonFiniteValues, "non-finite forward values");
  gen::GraphCase<S> zeroSeed = c;
  for (auto& t : zeroSeed.seed) t = spec::Tensor<S>::zeros(t.shape);
  auto reply = ask(engine, zeroSeed, Capabilities{.gradients = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  // Exactly zero in every comparison (a sum of zeros is zero in any order),
  // except where some order meets a pole: expectedZeroGradients.
  const auto zeros = expectedZeroGradients(c, zeroSeed.seed, engine.compare);
  if (!zeros) return Verdict::fails("spec backpropAllCtx failed: " + zeros.error());
  if (auto diff = firstDifference(*std::get<EngineReply<S>>(reply).gradients, *zeros, Comparison::orderBound(), "engine")) {
    return Verdict::failsAt(diff->position, "a zero seed context gave a nonzero gradient at " + diff->text);
  }
  return Verdict::holds();
}

template <class S>
Verdict backwardTwiceSame(const Engine<S>& engine, const gen::GraphCase<S>& c) {
  auto reply = ask(engine, c, Capabilities{.gradients = true, .secondBackward = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  const EngineReply<S>& r = std::get<EngineReply<S>>(reply);
  const auto bounds = expectedGradients(c, c.seed, engine.compare);
  if (!bounds) return Verdict::fails("spec backpropAllCtx failed: " + bounds.error());
  if (auto diff = firstDifference(*r.gradientsAgain, expectedAs(*r.gradients, *bounds), engine.compare,
                                  "second backward", "first backward")) {
    return Verdict::failsAt(diff->position,
                            "a second backward on the same recording differs from the first at " + diff->text);
  }
  return Verdict::holds();
}

// T5 on the engine alone: its gradients against central differences of its
// own forward values (one values request per perturbed input element).
Verdict engineFiniteDifferences(const Engine<double>& engine, const gen::GraphCase<double>& c) {
  auto reply = ask(engine, c, Capabilities{.gradients = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  const ForwardValues forward = [&](const spec::Context<double>& inputs) -> std::variant<spec::Context<double>, Verdict> {
    gen::GraphCase<double> moved = c;
    moved.inputs = inputs;
    auto values = ask(engine, std::move(moved), Capabilities{.values = true});
    if (auto* verdict = std::get_if<Verdict>(&values)) return *verdict;
    return std::move(*std::get<EngineReply<double>>(values).values);
  };
  return finiteDifferencesAgree(c, forward, *std::get<EngineReply<double>>(reply).gradients);
}

// T5 on the engine's own gradients, exactly: <VJP_engine(seed), dx> ==
// <seed, JVP(dx)>, the JVP from the spec's forward mode. An engine generic
// over the scalar computes in ModP, where the identity holds exactly.
Verdict engineAdjointOfJvp(const Engine<spec::ModP>& engine, const gen::GraphCase<spec::ModP>& c) {
  auto reply = ask(engine, c, Capabilities{.gradients = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  return adjointOfJvpAgrees(c, *std::get<EngineReply<spec::ModP>>(reply).gradients, "engine '" + engine.name + "'");
}

// The same in f64, within the order-independent bound of both sides
// (properties/adjoint_bounded.hpp): the engine's gradients may come from any
// evaluation order.
Verdict engineAdjointWithinBound(const Engine<double>& engine, const gen::GraphCase<double>& c) {
  auto reply = ask(engine, c, Capabilities{.gradients = true});
  if (auto* verdict = std::get_if<Verdict>(&reply)) return *verdict;
  return adjointWithinBound(c, *std::get<EngineReply<double>>(reply).gradients);
}

// Why the adjoint test does not apply in domain S (for the engine catalog's
// listing); empty in ModP and f64, where it runs.
template <class S>
constexpr std::string_view adjointNotApplicable() {
  if constexpr (std::is_same_v<S, spec::ModP> || std::is_same_v<S, double>) return {};
  if constexpr (std::is_floating_point_v<S>) return "runs in f64 (the bounded forward mode is f64 only)";
  return "needs exact field arithmetic (the dual-number JVP); see modp";
}

// Every check says, when it fails, whether the case held NaN or ±Inf.
template <class S, Verdict (*Check)(const Engine<S>&, const gen::GraphCase<S>&)>
Verdict noted(const Engine<S>& engine, const gen::GraphCase<S>& c) {
  return noteSpecialValues(Check(engine, c), c);
}

// Why T1 is listed although no whole engine can satisfy it: the summary must
// say that requires_grad went unchecked, not leave it out.
template <class S>
Verdict needsTape(const Engine<S>&, const gen::GraphCase<S>&) {
  return Verdict::notApplicable(NotApplicableReason::EngineCapability, "needs a per-node tape");
}

// The check of a property that never applies in S (its spec says why);
// never run by the CLI, and not applicable if called.
template <class S>
Verdict doesNotApply(const Engine<S>&, const gen::GraphCase<S>&) {
  return Verdict::notApplicable(NotApplicableReason::WrongAlgebra, std::string(adjointNotApplicable<S>()));
}

template <class S>
std::vector<EnginePropertySpec<S>> buildCatalog() {
  std::vector<EnginePropertySpec<S>> list = {
      {"T1_requires_grad", "compileAux_requires_grad_true", "a per-node tape (in-process runtime adapter)",
       [](const Capabilities&) { return false; }, &needsTape<S>},
      {"T2_pids_lt_id", "compileAux_backward_pids_lt_id", "edges",
       [](const Capabilities& c) { return c.edges; }, &noted<S, &edgesPointBackwards<S>>},
      {"T3_backward_eq_spec", "backwardDenseFrom_compileAux_eq_backpropAllCtx", "gradients",
       [](const Capabilities& c) { return c.gradients; }, &noted<S, &gradientsMatchSpec<S>>},
      {"T4_values_eq_eval", "compileAux_values_eq, compileAux_ctx_eq_eval", "values",
       [](const Capabilities& c) { return c.values; }, &noted<S, &valuesMatchEval<S>>},
      {"zero_seed_gives_zero", "supporting", "gradients", [](const Capabilities& c) { return c.gradients; },
       &noted<S, &zeroSeedGivesZero<S>>},
      {"backward_twice_same", "supporting (no state leaks between backward calls)", "second_backward",
       [](const Capabilities& c) { return c.gradients && c.secondBackward; }, &noted<S, &backwardTwiceSame<S>>},
  };
  if constexpr (std::is_same_v<S, spec::ModP>) {
    list.push_back({"T5_vjp_adjoint_of_jvp", "Graph.backprop_correct, Node.correct (the engine's own gradients)",
                    "gradients", [](const Capabilities& c) { return c.gradients; },
                    &noted<S, &engineAdjointOfJvp>});
  } else if constexpr (std::is_same_v<S, double>) {
    list.push_back({"T5_vjp_adjoint_of_jvp",
                    "Graph.backprop_correct, Node.correct (the engine's own gradients, within the order bound)",
                    "gradients", [](const Capabilities& c) { return c.gradients; },
                    &noted<S, &engineAdjointWithinBound>, gen::FloatValues::Moderate});
  } else {
    list.push_back({"T5_vjp_adjoint_of_jvp", "Graph.backprop_correct, Node.correct (the engine's own gradients)",
                    "gradients", [](const Capabilities& c) { return c.gradients; }, &doesNotApply<S>,
                    gen::FloatValues::Finite, adjointNotApplicable<S>()});
  }
  if constexpr (std::is_same_v<S, double>) {
    list.push_back({"T5_finite_differences", "Graph.backprop_correct (the engine's gradients against its own forward)",
                    "values and gradients", [](const Capabilities& c) { return c.values && c.gradients; },
                    &noted<double, &engineFiniteDifferences>, gen::FloatValues::Moderate});
  }
  return list;
}

}  // namespace

template <class S>
Engine<S> wholeEngineFromRuntime(RuntimeAdapter<S> runtime) {
  Engine<S> engine;
  engine.name = runtime.name;
  engine.compare = runtime.compare;
  engine.capabilities = {.values = true, .gradients = true, .edges = true, .secondBackward = true};
  engine.run = [runtime](const EngineRequest<S>& request) -> EngineOutcome<S> {
    const gen::GraphCase<S>& c = request.c;
    EngineReply<S> reply;
    const auto raised = [&reply](std::string why) {
      reply.raised = std::move(why);
      return reply;
    };
    auto tape = runtime.compileAux(c.graph(), c.inputs, c.env);
    if (!tape) return raised("compileAux: " + tape.error());
    if (request.want.values) {
      reply.values.emplace();
      for (const auto& node : tape->nodes()) reply.values->push_back(node.value);
    }
    if (request.want.gradients || request.want.secondBackward) {
      auto grads = runtime.backwardDenseFrom(*tape, c.seed);
      if (!grads) return raised("backwardDenseFrom: " + grads.error());
      reply.gradients = std::move(*grads);
    }
    if (request.want.secondBackward) {
      auto again = runtime.backwardDenseFrom(*tape, c.seed);
      if (!again) return raised("second backwardDenseFrom: " + again.error());
      reply.gradientsAgain = std::move(*again);
    }
    if (request.want.edges) {
      reply.edges.emplace();
      for (std::size_t id = 0; id < tape->size(); ++id) {
        const runtime::Node<S>& node = tape->nodes()[id];
        auto contributions = node.backwardList(spec::Tensor<S>::zeros(node.value->shape));
        if (!contributions) return raised("node " + std::to_string(id) + ": " + contributions.error());
        for (const auto& contribution : *contributions) reply.edges->emplace_back(id, contribution.first);
      }
    }
    return reply;
  };
  return engine;
}

template <class S>
std::span<const EnginePropertySpec<S>> engineCatalog() {
  static const std::vector<EnginePropertySpec<S>> list = buildCatalog<S>();
  return list;
}

template <class S>
const EnginePropertySpec<S>* findEngineProperty(std::string_view name) {
  for (const auto& p : engineCatalog<S>()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

template <class S>
std::vector<EngineRequest<S>> foreseenRequests(const EnginePropertySpec<S>& property,
                                               std::span<const gen::GraphCase<S>> cases) {
  std::vector<EngineRequest<S>> requests;
  Engine<S> recorder;
  recorder.name = "recorder";
  recorder.run = [&](const EngineRequest<S>& request) -> EngineOutcome<S> {
    requests.push_back(request);
    return std::unexpected(EngineBroken{"recorded"});
  };
  for (const gen::GraphCase<S>& c : cases) property.check(recorder, c);
  return requests;
}

#define TAPECHECK_INSTANTIATE(S)                                             \
  template std::vector<EngineRequest<S>> foreseenRequests<S>(const EnginePropertySpec<S>&, \
                                                             std::span<const gen::GraphCase<S>>); \
  template Engine<S> wholeEngineFromRuntime<S>(RuntimeAdapter<S>);           \
  template std::span<const EnginePropertySpec<S>> engineCatalog<S>();        \
  template const EnginePropertySpec<S>* findEngineProperty<S>(std::string_view);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
