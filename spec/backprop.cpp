#include "spec/backprop.hpp"

#include <utility>

#include "spec/eval.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::spec {

template <class S>
Result<Context<S>> backpropAllCtx(const GraphData<S>& g, const Context<S>& inputs, const Env& env,
                                  const Context<S>& seed) {
  if (auto ok = checkContext(seed, g.shapes, "seed context"); !ok) return fail(ok.error());
  // Lean re-evaluates the prefix for every node; the prefix of one full
  // evaluation is the same context, so evaluate once.
  Result<Context<S>> ctx = eval(g, inputs, env);
  if (!ctx) return fail(ctx.error());
  Context<S> acc = seed;
  for (std::size_t k = g.graph.nodes.size(); k-- > 0;) {
    const GraphNode& node = g.graph.nodes[k];
    const Tensor<S>& seedOut = acc[g.graph.positionOfNode(k)];
    auto argCots = applyVjp(g, k, *ctx, env, seedOut);
    // The contribution context is zero except at the node's arguments: position
    // p receives the sum of its arguments' cotangents in argument order.
    for (std::size_t i = 0; i < node.args.size(); ++i) {
      const std::size_t p = node.args[i];
      bool seenBefore = false;
      for (std::size_t j = 0; j < i; ++j) seenBefore = seenBefore || node.args[j] == p;
      if (seenBefore) continue;
      // argCots[i] is not read again: later arguments equal to p are skipped
      // above, and only arguments after i are added in.
      Tensor<S> contribution = std::move(argCots[i]);
      for (std::size_t j = i + 1; j < node.args.size(); ++j) {
        if (node.args[j] == p) addInto(contribution, argCots[j]);
      }
      addInto(acc[p], contribution);  // seedPrev + contribution: existing on the left
    }
  }
  return acc;
}

#define TAPECHECK_INSTANTIATE(S)                                                     \
  template Result<Context<S>> backpropAllCtx<S>(const GraphData<S>&, const Context<S>&, \
                                                const Env&, const Context<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
TAPECHECK_FOR_EACH_BOUNDED_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::spec
