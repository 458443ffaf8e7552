#pragma once
// A correct whole engine that performs the spec's operations in other orders,
// as a vectorized or BLAS-backed engine does: the cotangents of a repeated
// argument are added one by one into the accumulator ((g + a) + b, not
// g + (a + b)), nodes are visited in a depth-first order rather than by
// descending id, sums reduce pairwise (a tree) rather than left to right, and
// matmul is computed in blocks of two. Every result is within the spec's
// order-independent bound (docs/floats.md) and exact in ModP and Tropical.
// Behind ReorderedBug it carries one planted bug at a time, for the harness
// to catch.
#include <string>
#include <string_view>

#include "properties/whole_engine.hpp"
#include "spec/result.hpp"

namespace reordered {

/// A planted bug, or None for the correct engine.
enum class ReorderedBug {
  None,
  RepeatedArgumentTwice,     // a repeated argument receives twice its cotangent
  ReluGradAtZeroIsOne,       // relu'(0) = 1: δ passes where x == 0
  MatmulVjpNotTransposed,    // dA = δ·B instead of δ·Bᵀ (square B)
  SubVjpSign,                // sub's VJP gives the second argument +δ
  ContributionOverwritten,   // a parent's gradient is overwritten, not added to
};

/// Which of the engine's reorderings are on (each is correct on its own).
struct Reorderings {
  bool oneByOne = true;       // repeated-argument cotangents added one at a time
  bool depthFirst = true;     // nodes visited in depth-first order, not by id
  bool pairwise = true;       // sum, reduceSum and dot reduce as a balanced tree
  bool blockedMatmul = true;  // matmul and its VJP in blocks of two along the inner axis

  static Reorderings all() { return {}; }
  static Reorderings none() { return {false, false, false, false}; }
};

/// "none", "repeated-argument-twice", "relu-grad-at-zero-is-one",
/// "matmul-vjp-not-transposed", "sub-vjp-sign", "contribution-overwritten".
tapecheck::Result<ReorderedBug> parseBug(std::string_view text);
std::string_view bugName(ReorderedBug bug);

/// "all", "none", or a comma list of "one-by-one", "depth-first", "pairwise",
/// "blocked-matmul".
tapecheck::Result<Reorderings> parseReorderings(std::string_view text);
std::string reorderingsName(const Reorderings& orders);

/// The engine in domain S (double, float, ModP, Tropical), with every
/// capability: values, gradients, edges and a second backward.
template <class S>
tapecheck::props::Engine<S> reorderedEngine(ReorderedBug bug = ReorderedBug::None,
                                            Reorderings orders = Reorderings::all());

}  // namespace reordered
