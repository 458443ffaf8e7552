#pragma once
// The whole-engine adapter: for autograd engines that cannot hand out one
// backward closure per node (PyTorch, JAX, a closed-source tape), only "here
// is a graph, its inputs, Δ and a full seed context; give me a gradient per
// position". T3 then holds in the form engine(g, x, Δ, seed) == backpropAllCtx,
// exactly or within a tolerance; T2 applies when the engine also reports edges.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "generators/graph_case.hpp"
#include "properties/adapter.hpp"
#include "properties/edge_graph.hpp"
#include "properties/verdict.hpp"
#include "spec/graph.hpp"

namespace tapecheck::props {

template <class S>
struct EngineAdapter {
  using GradientsFn = std::function<Result<spec::Context<S>>(
      const spec::Graph&, const spec::Context<S>& inputs, const spec::Env&, const spec::Context<S>& seed)>;
  /// Every backward edge (node id -> parent id) the engine's backward pass
  /// follows, ids being positions. Optional: leave it empty and T2 is not applicable.
  using EdgesFn = std::function<Result<std::vector<BackwardEdge>>(
      const spec::Graph&, const spec::Context<S>& inputs, const spec::Env&)>;

  std::string name;
  /// One cotangent per position (inputs first, then nodes): the result of
  /// seeding position p with seed[p] for every p and running backward once.
  GradientsFn gradients;
  EdgesFn edges;
};

/// T3 for a whole engine: engine.gradients(case) succeeds, has one gradient of
/// the right shape per position, and equals spec backpropAllCtx within `tolerance`.
template <class S>
Verdict engineMatchesSpec(const EngineAdapter<S>& engine, const gen::GraphCase<S>& c,
                          Tolerance tolerance = Tolerance::exact());

/// T2 for a whole engine: every reported edge goes from a position to an
/// earlier one and the edges form a DAG. Not applicable without `edges`.
template <class S>
Verdict engineEdgesPointBackwards(const EngineAdapter<S>& engine, const gen::GraphCase<S>& c);

/// A per-node runtime seen as a whole engine: compileAux, then
/// backwardDenseFrom with the full seed; edges are the contributions each
/// compiled node returns for a zero cotangent of its shape.
template <class S>
EngineAdapter<S> engineFromRuntime(RuntimeAdapter<S> runtime);

/// Where two contexts first differ beyond `tolerance`, or nothing.
template <class S>
std::optional<std::string> firstDifferenceWithin(const spec::Context<S>& engine,
                                                 const spec::Context<S>& spec, Tolerance tolerance);

}  // namespace tapecheck::props
