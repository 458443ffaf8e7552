#include "spec/eval.hpp"

#include "spec/scalar/domains.hpp"

namespace tapecheck::spec {

template <class S>
Result<Context<S>> eval(const GraphData<S>& g, const Context<S>& inputs, const Env& env) {
  std::span<const Shape> inputShapes(g.shapes.data(), g.graph.inputs.size());
  if (auto ok = checkContext(inputs, inputShapes, "input context"); !ok) return fail(ok.error());
  Context<S> ctx;
  ctx.reserve(g.positionCount());
  ctx.insert(ctx.end(), inputs.begin(), inputs.end());
  for (std::size_t k = 0; k < g.graph.nodes.size(); ++k) {
    ctx.push_back(applyForward(g, k, ctx, env));
  }
  return ctx;
}

#define TAPECHECK_INSTANTIATE(S) \
  template Result<Context<S>> eval<S>(const GraphData<S>&, const Context<S>&, const Env&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
TAPECHECK_FOR_EACH_DUAL_DOMAIN(TAPECHECK_INSTANTIATE)
TAPECHECK_FOR_EACH_BOUNDED_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::spec
