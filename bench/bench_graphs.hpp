#pragma once
// Fixed benchmark graphs, built directly with spec::Graph (no generator), so
// that every run times the same work: chains and random DAGs of N nodes whose
// positions all have one small shape ([4] or [4,4]).
#include <cstddef>
#include <cstdint>
#include <string>

#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/graph_data.hpp"

namespace tapecheck::bench {

enum class Kind { Chain, Dag };
enum class ShapeKind { Vec4, Mat4x4 };

std::string kindName(Kind k);
std::string shapeName(ShapeKind s);
spec::Shape shapeOf(ShapeKind s);

/// Number of inputs every benchmark graph has.
inline constexpr std::size_t kInputs = 4;

/// Chain: node k reads only the previous position (and an input). Double cycles
/// tanh(p), add(p, x0), neg(p), mul(p, p), which keeps values in [0.24, 6.25]
/// (no overflow, no subnormals); ModP has mul(p, x1) in place of tanh.
/// DAG: node k is a random op (double: add, mul, neg, tanh; ModP: add, mul,
/// neg, sub) whose each argument is, with probability 1/2, one of the 4 most
/// recent positions and otherwise any earlier position, drawn from a fixed-seed
/// spec::Rng: deep paths, wide fan-out, repeated arguments, random access.
template <class S>
spec::Graph makeGraph(Kind kind, ShapeKind shape, std::size_t nodes);

/// Everything the timed functions need, built once per graph.
template <class S>
struct Fixture {
  spec::GraphData<S> data;
  spec::Context<S> inputs;
  spec::Env env;
  spec::Context<S> seed;      // full seed context: a value at every position
  spec::Tensor<S> lastSeed;   // seed for the last position (backwardDense)
  runtime::Tape<S> tape;
};

/// Builds (or returns the cached) fixture for these parameters; one is kept.
template <class S>
const Fixture<S>& fixture(Kind kind, ShapeKind shape, std::size_t nodes);

/// Frees the cached fixture (to measure memory from a clean state).
template <class S>
void dropFixture();

}  // namespace tapecheck::bench
