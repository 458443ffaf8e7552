#pragma once
// Broken seeding: what the dense loop starts from is not the seed context it
// was given.
#include "mutants/adapter.hpp"

namespace tapecheck::mutants {

/// An adapter whose dense loop is the production one, started from
/// `reseed(seed context)`.
template <class S, class Reseed>
Adapter<S> reseeding(std::string name, Reseed reseed) {
  Adapter<S> a = props::referenceAdapter<S>();
  a.name = std::move(name);
  a.backwardDenseFrom = [reseed](const runtime::Tape<S>& t, runtime::Grads<S> g) {
    reseed(g);
    return runtime::backwardDenseFrom(t, std::move(g));
  };
  return a;
}

/// Seeds the last node with one on top of the given seed, as a scalar
/// `loss.backward()` does implicitly.
template <class S>
Adapter<S> implicitUnitSeed() {
  return reseeding<S>("implicit unit seed at the output", [](runtime::Grads<S>& g) {
    if (g.empty()) return;
    for (S& v : g.back().data) v = v + spec::one<S>();
  });
}

/// Keeps the seed of the last node only: the loop assumes a one-hot seed at
/// the output, so a full seed context loses every other cotangent.
template <class S>
Adapter<S> seedIgnoredAwayFromOutput() {
  return reseeding<S>("seed ignored at non-output positions", [](runtime::Grads<S>& g) {
    for (std::size_t id = 0; id + 1 < g.size(); ++id) g[id] = spec::Tensor<S>::zeros(g[id].shape);
  });
}

/// Adds the seed twice: once when the slots are initialised from it and again
/// when each node is visited.
template <class S>
Adapter<S> seedAddedTwice() {
  return reseeding<S>("seed added twice", [](runtime::Grads<S>& g) {
    for (auto& slot : g) {
      const spec::Tensor<S> seed = slot;
      spec::addInto(slot, seed);
    }
  });
}

}  // namespace tapecheck::mutants
