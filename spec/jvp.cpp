#include "spec/jvp.hpp"

#include "spec/eval.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::spec {

template <class S>
Result<Context<S>> jvpCtx(const GraphData<S>& g, const Context<S>& inputs, const Context<S>& dx,
                          const Env& env) {
  std::span<const Shape> inputShapes(g.shapes.data(), g.graph.inputs.size());
  if (Status ok = checkContext(dx, inputShapes, "input tangents"); !ok) return fail(ok.error());
  if (Status ok = checkContext(inputs, inputShapes, "input context"); !ok) return fail(ok.error());
  Result<GraphData<Dual<S>>> dual = makeGraphData<Dual<S>>(g.graph);
  if (!dual) return fail(dual.error());
  Context<Dual<S>> lifted;
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    Tensor<Dual<S>> t = Tensor<Dual<S>>::zeros(inputs[j].shape);
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = Dual<S>{inputs[j][i], dx[j][i]};
    lifted.push_back(std::move(t));
  }
  Result<Context<Dual<S>>> values = eval(*dual, lifted, env);
  if (!values) return fail(values.error());
  Context<S> tangents;
  for (const auto& t : *values) {
    Tensor<S> out = Tensor<S>::zeros(t.shape);
    for (std::size_t i = 0; i < t.size(); ++i) out[i] = t[i].d;
    tangents.push_back(std::move(out));
  }
  return tangents;
}

template Result<Context<ModP>> jvpCtx<ModP>(const GraphData<ModP>&, const Context<ModP>&,
                                            const Context<ModP>&, const Env&);
template Result<Context<double>> jvpCtx<double>(const GraphData<double>&, const Context<double>&,
                                                const Context<double>&, const Env&);

}  // namespace tapecheck::spec
