#include "spec/graph_data.hpp"


namespace tapecheck::spec {

template <class S>
Result<std::vector<Shape>> validateFor(const Graph& graph) {
  Result<std::vector<Shape>> shapes = validate(graph);
  if (!shapes) return fail(shapes.error());
  for (std::size_t k = 0; k < graph.nodes.size(); ++k) {
    if (!graph.nodes[k].op->template kernelsFor<S>()) {
      return fail(describeNode(graph, k) + ": needs a " +
                  std::string(algebraName(graph.nodes[k].op->algebra)) + ", which domain " +
                  std::string(Domain<S>::name) + " does not provide");
    }
  }
  return shapes;
}

template <class S>
Result<GraphData<S>> makeGraphData(Graph graph) {
  Result<std::vector<Shape>> shapes = validateFor<S>(graph);
  if (!shapes) return fail(shapes.error());
  return GraphData<S>{std::move(graph), std::move(*shapes)};
}

template <class S>
Status checkContext(const Context<S>& xs, std::span<const Shape> expected, const char* what) {
  if (xs.size() != expected.size()) {
    return fail(std::string(what) + " has " + std::to_string(xs.size()) + " tensors, expected " +
                std::to_string(expected.size()));
  }
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (xs[i].shape != expected[i] || xs[i].data.size() != expected[i].numel()) {
      return fail(std::string(what) + " position " + std::to_string(i) + " has shape " +
                  xs[i].shape.str() + ", expected " + expected[i].str());
    }
  }
  return {};
}

namespace {
template <class S>
boost::container::small_vector<const Tensor<S>*, 3> argValues(const GraphNode& node,
                                                              const Context<S>& ctx) {
  boost::container::small_vector<const Tensor<S>*, 3> args;
  for (std::size_t p : node.args) args.push_back(&ctx[p]);
  return args;
}
}  // namespace

template <class S>
Tensor<S> applyForward(const GraphData<S>& g, std::size_t k, const Context<S>& ctx, const Env& env) {
  const GraphNode& node = g.graph.nodes[k];
  auto args = argValues(node, ctx);
  Tensor<S> out = Tensor<S>::zeros(g.shapes[g.graph.positionOfNode(k)]);
  node.op->template kernelsFor<S>().forward(OpCall<S>{{args.data(), args.size()}, nullptr, node.attrs, env}, out);
  return out;
}

template <class S>
boost::container::small_vector<Tensor<S>, 3> applyVjp(const GraphData<S>& g, std::size_t k,
                                                      const Context<S>& ctx, const Env& env,
                                                      const Tensor<S>& cotangent) {
  const GraphNode& node = g.graph.nodes[k];
  auto args = argValues(node, ctx);
  boost::container::small_vector<Tensor<S>, 3> argCots;
  argCots.reserve(node.args.size());
  for (std::size_t p : node.args) argCots.emplace_back(g.shapes[p], zero<S>());  // zeros, built in place
  const Tensor<S>& out = ctx[g.graph.positionOfNode(k)];
  node.op->template kernelsFor<S>().vjp(OpCall<S>{{args.data(), args.size()}, &out, node.attrs, env}, cotangent,
                                              {argCots.data(), argCots.size()});
  return argCots;
}

#define TAPECHECK_INSTANTIATE(S)                                                                 \
  template Result<GraphData<S>> makeGraphData<S>(Graph);                                         \
  template Result<std::vector<Shape>> validateFor<S>(const Graph&);                             \
  template Status checkContext<S>(const Context<S>&, std::span<const Shape>, const char*);        \
  template Tensor<S> applyForward<S>(const GraphData<S>&, std::size_t, const Context<S>&,         \
                                     const Env&);                                                \
  template boost::container::small_vector<Tensor<S>, 3> applyVjp<S>(                             \
      const GraphData<S>&, std::size_t, const Context<S>&, const Env&, const Tensor<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
TAPECHECK_FOR_EACH_DUAL_DOMAIN(TAPECHECK_INSTANTIATE)
TAPECHECK_FOR_EACH_BOUNDED_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::spec
