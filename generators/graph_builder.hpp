#pragma once
#include <cstdint>
#include <span>

#include "generators/config.hpp"
#include "generators/graph_case.hpp"

namespace tapecheck::gen {

/// Draws a whole case (graph, inputs, Δ, seed) from one random stream. The
/// graph is valid by construction: node k applies one of `ops` to earlier
/// positions whose shapes fit, creating an input when none does; repeated
/// arguments and fan-out are drawn on purpose. `size` (0..100) scales the
/// node count up to config.maxNodes.
template <class S>
GraphCase<S> drawGraphCase(std::uint64_t seed, int size, const GenConfig& config,
                           std::span<const spec::OpDef* const> ops);

/// A seed context of the given kind for positions of the given shapes.
template <class S>
spec::Context<S> drawSeed(spec::Rng& rng, std::span<const spec::Shape> shapes, SeedKind kind,
                          const GenConfig& config);

}  // namespace tapecheck::gen
