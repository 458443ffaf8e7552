#include "runtime/compile.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "runtime/errors.hpp"
#include "runtime/hot_path.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::runtime {
namespace {

// The distinct shapes of a graph with their element counts, and the shape id
// of every position. Why: closures look up the shapes of arguments at random
// positions; a 4-byte id per position touches far less memory than a 56-byte
// Shape per position, and the few distinct shapes stay in cache.
struct ShapeTable {
  std::vector<spec::Shape> distinct;
  std::vector<std::size_t> numels;
  std::vector<std::uint32_t> idOf;

  const spec::Shape& at(std::size_t p) const { return distinct[idOf[p]]; }
  std::size_t numelAt(std::size_t p) const { return numels[idOf[p]]; }
};

struct ShapeHash {
  std::size_t operator()(const spec::Shape& s) const {
    std::size_t h = s.rank();
    for (std::size_t d : s.dims) h = h * 0x9e3779b97f4a7c15ULL + d;
    return h;
  }
};

ShapeTable internShapes(std::span<const spec::Shape> shapes) {
  // Few distinct shapes is the rule: a linear search finds them fastest. Past
  // kLinear of them a hash map takes over, so that no graph costs
  // O(positions x distinct shapes).
  constexpr std::size_t kLinear = 16;
  ShapeTable table;
  table.idOf.reserve(shapes.size());
  table.distinct.reserve(std::min(shapes.size(), kLinear + 1));
  table.numels.reserve(std::min(shapes.size(), kLinear + 1));
  std::unordered_map<spec::Shape, std::uint32_t, ShapeHash> ids;
  for (std::size_t p = 0; p < shapes.size(); ++p) {
    const spec::Shape& shape = shapes[p];
    if (p > 0 && hot::sameShape(shape, table.at(p - 1))) {  // runs of one shape are common
      table.idOf.push_back(table.idOf.back());
      continue;
    }
    std::size_t id = table.distinct.size();
    if (id <= kLinear) {
      for (std::size_t d = 0; d < table.distinct.size(); ++d) {
        if (hot::sameShape(shape, table.distinct[d])) {
          id = d;
          break;
        }
      }
    } else if (auto it = ids.find(shape); it != ids.end()) {
      id = it->second;
    }
    if (id == table.distinct.size()) {
      table.distinct.push_back(shape);
      table.numels.push_back(shape.numel());
      if (table.distinct.size() == kLinear + 1) {
        for (std::size_t d = 0; d < table.distinct.size(); ++d) ids.emplace(table.distinct[d], static_cast<std::uint32_t>(d));
      } else if (table.distinct.size() > kLinear + 1) {
        ids.emplace(shape, static_cast<std::uint32_t>(id));
      }
    }
    table.idOf.push_back(static_cast<std::uint32_t>(id));
  }
  return table;
}

// One graph node as its closure needs it, in 16 bytes: the op's kernels,
// where its argument positions start in Captured::args (they end where the
// next node's start) and its attributes' slot in Captured::attrs. Why not the
// GraphNode (80 bytes): the backward pass streams through these, and on large
// tapes every byte is memory traffic.
template <class S>
struct CompiledNode {
  const spec::Kernels<S>* kernels;
  std::uint32_t firstArg;
  std::uint32_t attrsSlot;
};

// Positions and argument counts are stored in 32 bits.
constexpr std::size_t kMaxCompiledCount = std::numeric_limits<std::uint32_t>::max();

// What every compiled closure of one tape shares: the nodes, Δ, the shapes,
// and the forward value of every position (the Lean closures capture ctxPrev
// and d).
template <class S>
struct Captured {
  std::vector<CompiledNode<S>> nodes;
  std::vector<std::uint32_t> args;  // argument positions of every node, in order
  std::vector<spec::Attrs> attrs;   // slot 0: no attributes; then every non-empty set
  std::size_t inputCount = 0;
  spec::Env env;
  ShapeTable shapes;
  spec::Context<S> values;

  std::span<const std::uint32_t> argsOf(std::size_t k) const {
    const std::size_t end = k + 1 < nodes.size() ? nodes[k + 1].firstArg : args.size();
    return {args.data() + nodes[k].firstArg, end - nodes[k].firstArg};
  }
};

// The graph's nodes in compiled form. Attributes are copied only where there
// are some; the others share the empty set in slot 0.
template <class S>
Status captureNodes(Captured<S>& c, const std::vector<spec::GraphNode>& nodes, std::size_t positions) {
  std::size_t argCount = 0, withAttrs = 0;
  for (const spec::GraphNode& n : nodes) {
    argCount += n.args.size();
    withAttrs += n.attrs.ints.empty() ? 0 : 1;
  }
  if (positions > kMaxCompiledCount || argCount > kMaxCompiledCount || withAttrs >= kMaxCompiledCount) {
    return fail("compileAux: the graph is too large to compile "
                "(2^32-1 positions, arguments or attribute sets at most)");
  }
  c.nodes.reserve(nodes.size());
  c.args.reserve(argCount);
  c.attrs.reserve(withAttrs + 1);
  c.attrs.emplace_back();
  for (const spec::GraphNode& n : nodes) {
    std::uint32_t slot = 0;
    if (!n.attrs.ints.empty()) {
      slot = static_cast<std::uint32_t>(c.attrs.size());
      c.attrs.push_back(n.attrs);
    }
    const auto firstArg = static_cast<std::uint32_t>(c.args.size());
    c.nodes.push_back(CompiledNode<S>{&n.op->template kernelsFor<S>(), firstArg, slot});
    for (std::size_t p : n.args) c.args.push_back(static_cast<std::uint32_t>(p));
  }
  return {};
}

// A per-call array of n items, on the stack for the usual arities (boost's
// small_vector resize is an out-of-line call per use).
template <class T>
class Scratch {
 public:
  explicit Scratch(std::size_t n) {
    if (n > kInline) heap_.resize(n);
    data_ = n > kInline ? heap_.data() : inline_;
  }
  T& operator[](std::size_t i) { return data_[i]; }
  T* data() { return data_; }

 private:
  static constexpr std::size_t kInline = 4;
  T inline_[kInline];
  std::vector<T> heap_;
  T* data_;
};

// Node k's VJP into per-thread scratch cotangents, one per argument, and the
// argument indices ordered by parent id with argument order kept among equal
// ids (a stable insertion sort; arity is tiny). Why scratch and not
// spec::applyVjp: this runs once per node per backward pass, and applyVjp
// returns a fresh small_vector of freshly allocated zero tensors each time;
// the scratch tensors keep their storage. Same kernels, same additions.
template <class S>
struct NodeVjp {
  std::span<const std::uint32_t> argIds;
  std::span<AnyTensor<S>> argCots;
  std::span<const std::size_t> order;
};

template <class S>
NodeVjp<S> runNodeVjp(const Captured<S>& c, std::size_t k, const AnyTensor<S>& cotangent) {
  const CompiledNode<S>& node = c.nodes[k];
  const std::span<const std::uint32_t> argIds = c.argsOf(k);
  const std::size_t id = c.inputCount + k;
  const std::size_t arity = argIds.size();
  // Each argument's cotangent arrives as zeros of its shape (the VjpFn contract).
  thread_local std::vector<AnyTensor<S>> argCots;
  thread_local std::vector<std::size_t> order;
  if (argCots.size() < arity) argCots.resize(arity);
  if (order.size() < arity) order.resize(arity);
  Scratch<const AnyTensor<S>*> args(arity);
  for (std::size_t i = 0; i < arity; ++i) {
    const std::size_t p = argIds[i];
    args[i] = &c.values[p];
    hot::resetToZeros(argCots[i], c.shapes.at(p), c.shapes.numelAt(p));
  }
  const spec::Attrs& attrs = c.attrs[node.attrsSlot];
  node.kernels->vjp(spec::OpCall<S>{{args.data(), arity}, &c.values[id], attrs, c.env}, cotangent,
                    {argCots.data(), arity});
  for (std::size_t i = 0; i < arity; ++i) {
    std::size_t j = i;
    for (; j > 0 && argIds[order[j - 1]] > argIds[i]; --j) order[j] = order[j - 1];
    order[j] = i;
  }
  return {argIds, {argCots.data(), arity}, {order.data(), arity}};
}

// Node k's backward closure: one contribution per distinct parent,
// ascending, repeated arguments summed in argument order as the spec sums.
template <class S>
struct CompiledBackward {
  const Captured<S>* captured;  // owned by the tape (Tape::keepAlive)
  std::size_t k;

  Status operator()(const AnyTensor<S>& cotangent, Contributions<S>& out) const {
    const Captured<S>& c = *captured;
    const std::size_t id = c.inputCount + k;
    if (!hot::sameShape(cotangent.shape, c.shapes.at(id)) || cotangent.size() != c.shapes.numelAt(id)) {
      return fail(errors::kUpstreamShape);
    }
    const NodeVjp<S> vjp = runNodeVjp(c, k, cotangent);
    for (std::size_t i = 0; i < vjp.order.size();) {
      const std::size_t pid = vjp.argIds[vjp.order[i]];
      out.emplace_back(pid, vjp.argCots[vjp.order[i]]);
      for (++i; i < vjp.order.size() && vjp.argIds[vjp.order[i]] == pid; ++i) {
        spec::addInto(out.back().second, vjp.argCots[vjp.order[i]]);
      }
    }
    return {};
  }
};

// Tape::CompiledSteps::step for op node `id`: the closure above followed by
// the loop's addGradAll on each of its contributions, without the list. The
// checks that cannot fail on an unchanged compiled tape are those whose
// facts lower() established: the cotangent has the node's shape (its slot
// fits the node, which the loop checked), parents exist and come before id,
// and each contribution has its parent's shape. What the loop's addGradAll
// still checks, in its order: a parent without requires_grad is skipped, and
// a slot that does not fit its parent is kSlotShape.
template <class S>
Status compiledStep(const void* context, std::size_t id, std::vector<AnyTensor<S>>& grads,
                    const std::uint8_t* flags) {
  const Captured<S>& c = *static_cast<const Captured<S>*>(context);
  const NodeVjp<S> vjp = runNodeVjp(c, id - c.inputCount, grads[id]);
  for (std::size_t i = 0; i < vjp.order.size();) {
    const std::size_t pid = vjp.argIds[vjp.order[i]];
    AnyTensor<S>& contribution = vjp.argCots[vjp.order[i]];
    for (++i; i < vjp.order.size() && vjp.argIds[vjp.order[i]] == pid; ++i) {
      spec::addInto(contribution, vjp.argCots[vjp.order[i]]);
    }
    if (!(flags[pid] & kRequiresGrad)) continue;
    if (!(flags[pid] & kSlotFits)) return fail(errors::kSlotShape);
    spec::addInto(grads[pid], contribution);  // existing on the left, as the loop adds
  }
  return {};
}

// Tape::CompiledSteps::touch: op node id's forward value and its arguments'
// values and gradient slots. Why: on a large random DAG these are random ids
// in several megabytes, and the loop would otherwise wait on each in turn.
template <class S>
void touchArguments(const void* context, std::size_t id, const AnyTensor<S>* slots) {
  const Captured<S>& c = *static_cast<const Captured<S>*>(context);
  if (id < c.inputCount) return;
  __builtin_prefetch(&c.values[id]);
  for (std::uint32_t p : c.argsOf(id - c.inputCount)) {
    __builtin_prefetch(&c.values[p]);
    __builtin_prefetch(&slots[p], 1);
  }
}

// The closures' shared state for a validated graph whose positions have
// `shapes`, with the inputs checked against them.
template <class S>
Result<std::shared_ptr<Captured<S>>> capture(const spec::Graph& graph, std::span<const spec::Shape> shapes,
                                             const spec::Context<S>& inputs, const spec::Env& env) {
  if (Status ok = spec::checkContext(inputs, shapes.first(graph.inputs.size()), "input context"); !ok) {
    return fail(ok.error());
  }
  auto captured = std::make_shared<Captured<S>>();
  Captured<S>& c = *captured;
  c.inputCount = graph.inputs.size();
  c.env = env;
  if (Status ok = captureNodes(c, graph.nodes, shapes.size()); !ok) return fail(ok.error());
  c.shapes = internShapes(shapes);
  return captured;
}

// The tape: the inputs become leaves, node k becomes id |Γ|+k with its
// forward value (computed as spec::applyForward does) and its closure.
template <class S>
Tape<S> lower(const spec::Graph& graph, std::shared_ptr<Captured<S>> captured, const spec::Context<S>& inputs) {
  const std::vector<spec::GraphNode>& graphNodes = graph.nodes;
  Captured<S>& c = *captured;
  const std::size_t positions = c.shapes.idOf.size();
  c.values.reserve(positions);
  c.values.insert(c.values.end(), inputs.begin(), inputs.end());
  // What libstdc++'s std::function stores without allocating.
  static_assert(std::is_trivially_copyable_v<CompiledBackward<S>> && sizeof(CompiledBackward<S>) <= 16);
  Tape<S> tape;
  tape.keepAlive(captured);
  tape.reserve(positions);
  // Every node views its value in c.values, the one copy the closures read.
  // Values and nodes are built in place (reserved above: the argument
  // pointers and views into c.values stay valid).
  for (std::size_t j = 0; j < c.inputCount; ++j) tape.addLeaf(SharedTensor<S>::view(captured, &c.values[j]));
  std::vector<Node<S>>& nodes = tape.mutableNodes();
  for (std::size_t k = 0; k < graphNodes.size(); ++k) {
    const CompiledNode<S>& compiled = c.nodes[k];
    const std::span<const std::uint32_t> argIds = c.argsOf(k);
    Scratch<const AnyTensor<S>*> args(argIds.size());
    for (std::size_t i = 0; i < argIds.size(); ++i) args[i] = &c.values[argIds[i]];
    const std::size_t id = c.inputCount + k;
    AnyTensor<S>& value = c.values.emplace_back();
    hot::resetToZeros(value, c.shapes.at(id), c.shapes.numelAt(id));  // the forward kernel's zeros
    const spec::Attrs& attrs = c.attrs[compiled.attrsSlot];
    compiled.kernels->forward(spec::OpCall<S>{{args.data(), argIds.size()}, nullptr, attrs, c.env}, value);
    Node<S>& node = nodes.emplace_back();
    node.name.emplace(graphNodes[k].op->name);
    node.value = SharedTensor<S>::view(captured, &value);
    node.backward = CompiledBackward<S>{&c, k};
  }
  tape.setCompiledSteps({&compiledStep<S>, &touchArguments<S>, &c, c.inputCount});
  return tape;
}

}  // namespace

template <class S>
Result<Tape<S>> compileAuxData(const spec::GraphData<S>& graph, const spec::Context<S>& inputs,
                               const spec::Env& env) {
  auto captured = capture(graph.graph, graph.shapes, inputs, env);
  if (!captured) return fail(captured.error());
  return lower(graph.graph, std::move(*captured), inputs);
}

template <class S>
Result<Tape<S>> compileAux(const spec::Graph& graph, const spec::Context<S>& inputs,
                           const spec::Env& env) {
  // Why not makeGraphData + compileAuxData: that copies the graph, and the
  // closures keep their own compact form of it anyway. (Freeing the shape list
  // before lowering was tried: it lowers the peak of compileAux alone by its
  // size, not the peak of compile + backward, and glibc's malloc then returns
  // memory to the system between compiles: 1e5-node [4,4] chains went from
  // ~190 to ~520 ns/node in page faults.)
  Result<std::vector<spec::Shape>> shapes = spec::validateFor<S>(graph);
  if (!shapes) return fail(shapes.error());
  auto captured = capture(graph, *shapes, inputs, env);
  if (!captured) return fail(captured.error());
  return lower(graph, std::move(*captured), inputs);
}

#define TAPECHECK_INSTANTIATE(S)                                                             \
  template Result<Tape<S>> compileAuxData<S>(const spec::GraphData<S>&,                      \
                                             const spec::Context<S>&, const spec::Env&);     \
  template Result<Tape<S>> compileAux<S>(const spec::Graph&, const spec::Context<S>&,        \
                                         const spec::Env&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::runtime
