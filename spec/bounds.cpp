#include "spec/bounds.hpp"

#include "spec/backprop.hpp"
#include "spec/eval.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::spec {
namespace {

template <class F>
Context<Bounded<F>> lift(const Context<F>& xs) {
  Context<Bounded<F>> out;
  out.reserve(xs.size());
  for (const Tensor<F>& t : xs) {
    Tensor<Bounded<F>> b;
    b.shape = t.shape;
    b.data.reserve(t.size());
    for (F x : t.data) b.data.push_back(Bounded<F>::exact(x));
    out.push_back(std::move(b));
  }
  return out;
}

template <class F>
ReorderBounds<F> split(const Context<Bounded<F>>& xs) {
  ReorderBounds<F> out;
  out.values.reserve(xs.size());
  out.reorder.reserve(xs.size());
  for (const Tensor<Bounded<F>>& t : xs) {
    Tensor<F> v;
    Tensor<double> r;
    v.shape = r.shape = t.shape;
    v.data.reserve(t.size());
    r.data.reserve(t.size());
    for (const Bounded<F>& x : t.data) {
      v.data.push_back(x.v);
      r.data.push_back(2 * x.err);
    }
    out.values.push_back(std::move(v));
    out.reorder.push_back(std::move(r));
  }
  return out;
}

// The graph was validated for F; Bounded<F> supports every op F does.
template <class F>
GraphData<Bounded<F>> boundedGraph(const GraphData<F>& g) {
  return GraphData<Bounded<F>>{g.graph, g.shapes};
}

}  // namespace

template <class F>
Result<ReorderBounds<F>> evalWithBounds(const GraphData<F>& g, const Context<F>& inputs, const Env& env) {
  auto values = eval(boundedGraph(g), lift(inputs), env);
  if (!values) return fail(values.error());
  return split(*values);
}

template <class F>
Result<ReorderBounds<F>> backpropWithBounds(const GraphData<F>& g, const Context<F>& inputs, const Env& env,
                                            const Context<F>& seed) {
  auto grads = backpropAllCtx(boundedGraph(g), lift(inputs), env, lift(seed));
  if (!grads) return fail(grads.error());
  return split(*grads);
}

template <class F>
Result<Context<Bounded<F>>> jvpWithBounds(const GraphData<F>& g, const Context<F>& inputs, const Context<F>& dx,
                                          const Env& env) {
  std::span<const Shape> inputShapes(g.shapes.data(), g.graph.inputs.size());
  if (Status ok = checkContext(dx, inputShapes, "input tangents"); !ok) return fail(ok.error());
  if (Status ok = checkContext(inputs, inputShapes, "input context"); !ok) return fail(ok.error());
  Context<Dual<Bounded<F>>> lifted;
  lifted.reserve(inputs.size());
  for (std::size_t j = 0; j < inputs.size(); ++j) {
    Tensor<Dual<Bounded<F>>> t = Tensor<Dual<Bounded<F>>>::zeros(inputs[j].shape);
    for (std::size_t i = 0; i < t.size(); ++i) {
      t[i] = Dual<Bounded<F>>{Bounded<F>::exact(inputs[j][i]), Bounded<F>::exact(dx[j][i])};
    }
    lifted.push_back(std::move(t));
  }
  auto values = eval(GraphData<Dual<Bounded<F>>>{g.graph, g.shapes}, lifted, env);
  if (!values) return fail(values.error());
  Context<Bounded<F>> tangents;
  tangents.reserve(values->size());
  for (const auto& t : *values) {
    Tensor<Bounded<F>> out;
    out.shape = t.shape;
    out.data.reserve(t.size());
    for (const auto& x : t.data) out.data.push_back(x.d);
    tangents.push_back(std::move(out));
  }
  return tangents;
}

template Result<Context<Bounded<double>>> jvpWithBounds<double>(const GraphData<double>&, const Context<double>&,
                                                                const Context<double>&, const Env&);
template struct ReorderBounds<double>;
template struct ReorderBounds<float>;
#define TAPECHECK_INSTANTIATE(F)                                                                        \
  template Result<ReorderBounds<F>> evalWithBounds<F>(const GraphData<F>&, const Context<F>&, const Env&); \
  template Result<ReorderBounds<F>> backpropWithBounds<F>(const GraphData<F>&, const Context<F>&, const Env&, \
                                                          const Context<F>&);
TAPECHECK_INSTANTIATE(double)
TAPECHECK_INSTANTIATE(float)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::spec
