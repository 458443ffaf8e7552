#pragma once
// A runtime adapter: the pieces of an autograd runtime the properties drive.
// The reference adapter is this repository's runtime; a user's engine, or a
// deliberately broken one, replaces any of the functions.
#include <functional>
#include <string>

#include "properties/compare.hpp"
#include "runtime/backward.hpp"
#include "runtime/compile.hpp"

namespace tapecheck::props {

template <class S>
struct RuntimeAdapter {
  using Tape = runtime::Tape<S>;
  using Grads = runtime::Grads<S>;

  std::string name = "reference";
  /// How its float results are compared with the spec's. Order-bound for any
  /// engine of one's own; referenceAdapter() (whose order is the spec's) and
  /// the mutants derived from it compare bit for bit.
  Comparison compare = Comparison::orderBound();
  /// compileAuxData: lower a validated graph with its inputs and Δ onto a tape.
  std::function<Result<Tape>(const spec::GraphData<S>&, const spec::Context<S>&, const spec::Env&)>
      compileAuxData = runtime::compileAuxData<S>;
  /// compileAux: the same from an unchecked graph.
  std::function<Result<Tape>(const spec::Graph&, const spec::Context<S>&, const spec::Env&)>
      compileAux = runtime::compileAux<S>;
  /// The dense reverse loop from one cotangent per node.
  std::function<Result<Grads>(const Tape&, Grads)> backwardDenseFrom = runtime::backwardDenseFrom<S>;
  /// Zeros plus a seed at one output id, then the dense loop.
  std::function<Result<Grads>(const Tape&, std::size_t, const runtime::AnyTensor<S>&)>
      backwardDenseAll = runtime::backwardDenseAll<S>;
  /// The reachable-only loop.
  std::function<Result<Grads>(const Tape&, std::size_t, const runtime::AnyTensor<S>&)>
      backwardDense = runtime::backwardDense<S>;
};

/// This repository's runtime.
template <class S>
RuntimeAdapter<S> referenceAdapter() {
  RuntimeAdapter<S> reference;
  reference.compare = Comparison::exact();
  return reference;
}

}  // namespace tapecheck::props
