#pragma once
// RapidCheck generators. A graph case is drawn whole from one random number
// RapidCheck supplies, and shrinks by the graph operations of shrink_moves.hpp.
#include <rapidcheck.h>

#include "generators/config.hpp"
#include "generators/graph_case.hpp"

namespace tapecheck::gen {

/// Shapes of rank 0..maxRank with axis lengths in [minDim, maxDim]; shrinks
/// toward lower rank and length 1.
rc::Gen<spec::Shape> genShape(const GenConfig& config = {});

/// Well-typed graph cases in domain S using the ops S supports (or the
/// config's subset), with inputs, Δ and a seed context.
template <class S>
rc::Gen<GraphCase<S>> genGraphCase(const GenConfig& config = {});

/// The same over an explicit op list, registered or not (an op under
/// development, or a deliberately wrong one in a test).
template <class S>
rc::Gen<GraphCase<S>> genGraphCaseWithOps(const GenConfig& config, std::vector<const spec::OpDef*> ops);

/// The candidate simplifications of a case, most drastic first, computed lazily.
template <class S>
rc::Seq<GraphCase<S>> shrinksOf(const GraphCase<S>& c);

/// The ops a case in domain S may use under `config`.
template <class S>
std::vector<const spec::OpDef*> opsInScope(const GenConfig& config);

}  // namespace tapecheck::gen
