#include "bench_graphs.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <tuple>
#include <type_traits>

#include "spec/registry.hpp"
#include "spec/rng.hpp"

namespace tapecheck::bench {
namespace {

const spec::OpDef& op(const char* name) {
  const spec::OpDef* def = spec::findOp(name);
  if (!def) {
    std::fprintf(stderr, "bench: op '%s' is not registered\n", name);
    std::abort();
  }
  return *def;
}

spec::GraphNode node(const char* name, std::initializer_list<std::size_t> args) {
  spec::GraphNode n;
  n.op = &op(name);
  n.args.assign(args.begin(), args.end());
  return n;
}

template <class S>
S drawScalar(spec::Rng& rng) {
  if constexpr (std::is_same_v<S, spec::ModP>) {
    return spec::ModP::raw(rng.below(spec::ModP::kP));
  } else {
    // In [0.5, 1.5] with a random sign: no zeros, no extreme magnitudes.
    const S magnitude = S(0.5) + static_cast<S>(rng.below(1 << 20)) / static_cast<S>(1 << 20);
    return rng.chance(1, 2) ? magnitude : -magnitude;
  }
}

template <class S>
spec::Context<S> drawContext(spec::Rng& rng, std::span<const spec::Shape> shapes) {
  spec::Context<S> ctx;
  ctx.reserve(shapes.size());
  for (const spec::Shape& s : shapes) {
    spec::Tensor<S> t = spec::Tensor<S>::zeros(s);
    for (S& v : t.data) v = drawScalar<S>(rng);
    ctx.push_back(std::move(t));
  }
  return ctx;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "bench: %s\n", what.c_str());
  std::abort();
}

}  // namespace

std::string kindName(Kind k) { return k == Kind::Chain ? "chain" : "dag"; }
std::string shapeName(ShapeKind s) { return s == ShapeKind::Vec4 ? "4" : "4x4"; }
spec::Shape shapeOf(ShapeKind s) { return s == ShapeKind::Vec4 ? spec::Shape{4} : spec::Shape{4, 4}; }

template <class S>
spec::Graph makeGraph(Kind kind, ShapeKind shape, std::size_t nodes) {
  constexpr bool real = !std::is_same_v<S, spec::ModP>;
  spec::Graph g;
  g.inputs.assign(kInputs, shapeOf(shape));
  g.nodes.reserve(nodes);
  spec::Rng rng(0x7a9ec4ecULL + nodes);
  for (std::size_t k = 0; k < nodes; ++k) {
    const std::size_t own = g.positionOfNode(k);
    const std::size_t p = own - 1;
    if (kind == Kind::Chain) {
      switch (k % 4) {
        case 0: g.nodes.push_back(real ? node("tanh", {p}) : node("mul", {p, 1})); break;
        case 1: g.nodes.push_back(node("add", {p, 0})); break;
        case 2: g.nodes.push_back(node("neg", {p})); break;
        default: g.nodes.push_back(node("mul", {p, p})); break;
      }
      continue;
    }
    const auto pick = [&] {
      if (rng.chance(1, 2)) return own - 1 - rng.below(std::min<std::size_t>(4, own));
      return rng.below(own);
    };
    static const char* const realOps[] = {"add", "mul", "neg", "tanh"};
    static const char* const fieldOps[] = {"add", "mul", "neg", "sub"};
    const char* name = (real ? realOps : fieldOps)[rng.below(4)];
    const spec::OpDef& def = op(name);
    spec::GraphNode n;
    n.op = &def;
    for (std::size_t i = 0; i < def.arity; ++i) n.args.push_back(pick());
    g.nodes.push_back(std::move(n));
  }
  return g;
}

template <class S>
struct Cache {
  std::tuple<Kind, ShapeKind, std::size_t> key;
  std::unique_ptr<Fixture<S>> value;
};

template <class S>
Cache<S>& cache() {
  static Cache<S> c;
  return c;
}

template <class S>
const Fixture<S>& fixture(Kind kind, ShapeKind shape, std::size_t nodes) {
  Cache<S>& c = cache<S>();
  const auto key = std::make_tuple(kind, shape, nodes);
  if (c.value && c.key == key) return *c.value;
  c.value.reset();  // one fixture at a time: 10^5-node ones are large
  auto data = spec::makeGraphData<S>(makeGraph<S>(kind, shape, nodes));
  if (!data) die(data.error());
  auto f = std::make_unique<Fixture<S>>();
  f->data = std::move(*data);
  spec::Rng rng(42);
  f->inputs = drawContext<S>(rng, {f->data.shapes.data(), kInputs});
  f->seed = drawContext<S>(rng, f->data.shapes);
  f->lastSeed = f->seed.back();
  auto tape = runtime::compileAuxData(f->data, f->inputs, f->env);
  if (!tape) die(tape.error());
  f->tape = std::move(*tape);
  c.key = key;
  c.value = std::move(f);
  return *c.value;
}

template <class S>
void dropFixture() {
  cache<S>().value.reset();
}

#define TAPECHECK_BENCH_INSTANTIATE(S)                                                   \
  template spec::Graph makeGraph<S>(Kind, ShapeKind, std::size_t);                     \
  template const Fixture<S>& fixture<S>(Kind, ShapeKind, std::size_t);                  \
  template void dropFixture<S>();
TAPECHECK_BENCH_INSTANTIATE(spec::ModP)
TAPECHECK_BENCH_INSTANTIATE(double)
#undef TAPECHECK_BENCH_INSTANTIATE

}  // namespace tapecheck::bench
