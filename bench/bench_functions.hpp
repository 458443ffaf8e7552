#pragma once
// The timed functions, shared by the Google Benchmark program and the scaling
// report so that both time exactly the same calls.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "bench_graphs.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"

namespace tapecheck::bench {

enum class Fn { Eval, CompileAux, BackwardDenseFrom, BackwardDense, BackpropAllCtx };

inline constexpr std::array<Fn, 5> kAllFns = {Fn::CompileAux, Fn::BackwardDenseFrom, Fn::BackwardDense,
                                              Fn::BackpropAllCtx, Fn::Eval};

inline std::string_view fnName(Fn fn) {
  switch (fn) {
    case Fn::Eval: return "eval";
    case Fn::CompileAux: return "compileAux";
    case Fn::BackwardDenseFrom: return "backwardDenseFrom";
    case Fn::BackwardDense: return "backwardDense";
    case Fn::BackpropAllCtx: return "backpropAllCtx";
  }
  return "?";
}

template <class R>
void mustSucceed(const R& r) {
  if (!r) {
    std::fprintf(stderr, "bench: %s\n", r.error().c_str());
    std::abort();
  }
}

/// Runs the timed functions on one fixture. Each call returns a number derived
/// from the result (so that it cannot be optimized away); results are freed
/// inside the call, as every caller pays for that.
template <class S>
class Runner {
 public:
  explicit Runner(const Fixture<S>& f) : f_(f), recycled_(f.seed) {}

  std::size_t run(Fn fn) {
    switch (fn) {
      case Fn::Eval: return sizeOf(spec::eval(f_.data, f_.inputs, f_.env));
      case Fn::CompileAux: return sizeOf(runtime::compileAux(f_.data.graph, f_.inputs, f_.env));
      case Fn::BackwardDenseFrom: {
        // Why recycled: the function takes its gradients by value, and copying
        // a 10^5-tensor seed context per call would be timed too. Feeding each
        // result back as the next call's input does the same work (same ops,
        // shapes and checks) on other values; doubles may reach Inf/NaN, which
        // cost the same as finite values on x86 (subnormals would not).
        auto r = runtime::backwardDenseFrom(f_.tape, std::move(recycled_));
        mustSucceed(r);
        recycled_ = std::move(*r);
        return recycled_.size();
      }
      case Fn::BackwardDense: return sizeOf(runtime::backwardDense(f_.tape, f_.tape.size() - 1, f_.lastSeed));
      case Fn::BackpropAllCtx: return sizeOf(spec::backpropAllCtx(f_.data, f_.inputs, f_.env, f_.seed));
    }
    return 0;
  }

 private:
  template <class R>
  static std::size_t sizeOf(const R& r) {
    mustSucceed(r);
    return r->size();
  }

  const Fixture<S>& f_;
  runtime::Grads<S> recycled_;
};

}  // namespace tapecheck::bench
