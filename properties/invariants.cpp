#include "properties/invariants.hpp"

#include <algorithm>

#include "properties/compare.hpp"
#include "properties/edge_graph.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"

namespace tapecheck::props {
namespace {

template <class S>
Verdict requiresGradOn(const Result<runtime::Tape<S>>& tape, const char* how) {
  if (!tape) return Verdict::fails(std::string(how) + " failed: " + tape.error());
  const auto& nodes = tape->nodes();
  // The `_all_` form, then the pointwise form, as the theorems state both.
  const bool all = std::all_of(nodes.begin(), nodes.end(), [](const auto& n) { return n.requires_grad; });
  for (std::size_t i = 0; i < tape->size(); ++i) {
    const runtime::Node<S>* node = tape->getNode(i);
    if (!node || !node->requires_grad) {
      return Verdict::failsAt(Position{i}, std::string(how) + ": node " + std::to_string(i) + " has requires_grad == false");
    }
  }
  if (!all) return Verdict::fails(std::string(how) + ": Array.all over requires_grad is false");
  return Verdict::holds();
}

spec::Shape wrongShapeFor(const spec::Shape& s) {
  spec::Shape wrong = s;
  wrong.dims.push_back(2);
  return wrong;
}

}  // namespace

template <class S>
Verdict requiresGradEverywhere(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  if (Verdict v = requiresGradOn(runtime.compileAux(c.graph(), c.inputs, c.env), "compileAux"); v.failed()) {
    return v;
  }
  return requiresGradOn(runtime.compileAuxData(c.data, c.inputs, c.env), "compileAuxData");
}

template <class S>
Verdict backwardEdgesPointBackwards(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  auto tape = runtime.compileAuxData(c.data, c.inputs, c.env);
  if (!tape) return Verdict::fails("compileAuxData failed: " + tape.error());
  std::vector<BackwardEdge> edges;
  for (std::size_t id = 0; id < tape->size(); ++id) {
    const runtime::Node<S>* node = tape->getNode(id);
    if (!node) return Verdict::fails("getNode(" + std::to_string(id) + ") is missing");
    if (id < c.seed.size()) {
      auto contributions = node->backwardList(c.seed[id]);
      if (contributions) {
        for (const auto& [pid, g] : *contributions) {
          if (pid >= id) {
            return Verdict::failsAt(Position{id}, "node " + std::to_string(id) + " contributes to id " +
                                  std::to_string(pid) + ", which is not earlier");
          }
          edges.emplace_back(id, pid);
        }
      }
    }
    if (id >= c.graph().inputs.size()) {
      auto wrong = node->backwardList(spec::Tensor<S>::zeros(wrongShapeFor(node->value->shape)));
      if (wrong) {
        return Verdict::failsAt(Position{id}, "node " + std::to_string(id) +
                              " accepted a cotangent of the wrong shape and returned " +
                              std::to_string(wrong->size()) + " contribution(s)");
      }
    }
  }
  if (auto problem = checkEdgesFormBackwardDag(tape->size(), edges)) {
    return Verdict::fails("Boost.Graph check: " + *problem);
  }
  return Verdict::holds();
}

template <class S>
Verdict backwardMatchesSpec(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  auto expected = expectedGradients(c, c.seed, runtime.compare);
  if (!expected) return Verdict::fails("spec backpropAllCtx failed: " + expected.error());
  const auto check = [&](const Result<runtime::Tape<S>>& tape, const char* how) -> Verdict {
    if (!tape) return Verdict::fails(std::string(how) + " failed: " + tape.error());
    auto grads = runtime.backwardDenseFrom(*tape, c.seed);
    if (!grads) return Verdict::fails(std::string("backwardDenseFrom on ") + how + " failed: " + grads.error());
    if (auto diff = firstDifference(*grads, *expected, runtime.compare)) {
      return Verdict::failsAt(diff->position, std::string("backwardDenseFrom(") + how + ") != backpropAllCtx at " + diff->text);
    }
    return Verdict::holds();
  };
  if (Verdict v = check(runtime.compileAux(c.graph(), c.inputs, c.env), "compileAux"); v.failed()) return v;
  return check(runtime.compileAuxData(c.data, c.inputs, c.env), "compileAuxData");
}

template <class S>
Verdict tapeMatchesEval(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  auto tape = runtime.compileAux(c.graph(), c.inputs, c.env);
  if (!tape) return Verdict::fails("compileAux failed: " + tape.error());
  const std::size_t expectedSize = c.graph().inputs.size() + c.graph().nodes.size();
  if (tape->size() != expectedSize) {
    return Verdict::fails("tape has " + std::to_string(tape->size()) + " nodes, expected |Γ|+|ss| = " +
                          std::to_string(expectedSize));
  }
  auto values = expectedValues(c, runtime.compare);
  if (!values) return Verdict::fails("spec eval failed: " + values.error());
  spec::Context<S> tapeValues;
  for (const auto& node : tape->nodes()) tapeValues.push_back(node.value);
  if (auto diff = firstDifference(tapeValues, *values, runtime.compare)) {
    return Verdict::failsAt(diff->position, "tape values != eval at " + diff->text);
  }
  return Verdict::holds();
}

#define TAPECHECK_INSTANTIATE(S)                                                                  \
  template Verdict requiresGradEverywhere<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&); \
  template Verdict backwardEdgesPointBackwards<S>(const RuntimeAdapter<S>&,                       \
                                                  const gen::GraphCase<S>&);                      \
  template Verdict backwardMatchesSpec<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);    \
  template Verdict tapeMatchesEval<S>(const RuntimeAdapter<S>&, const gen::GraphCase<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
