// libFuzzer targets on graphs decoded from bytes (fuzz/graph_bytes.hpp).
// fuzz_validate: spec::validate must answer every graph with shapes or an
// error value, never a crash, a sanitizer report or an exception.
// fuzz_graph_run (TAPECHECK_FUZZ_RUN_GRAPHS): when validate accepts a small
// graph, the runtime must also agree with the spec on it (T4 and T3 in ModP
// and f64, values and seeds from the remaining bytes); a disagreement traps.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz/graph_bytes.hpp"
#include "runtime/backward.hpp"
#include "runtime/compile.hpp"
#include "spec/backprop.hpp"
#include "spec/eval.hpp"

namespace {

using namespace tapecheck;

// Why a cap: validate allows 2^28 elements per tensor; evaluating those would
// measure the allocator, not find bugs.
constexpr std::size_t kMaxTotalElements = 64;

template <class S>
spec::Context<S> readContext(fuzz::ByteReader& in, const std::vector<spec::Shape>& shapes) {
  spec::Context<S> ctx;
  for (const spec::Shape& s : shapes) {
    spec::Tensor<S> t = spec::Tensor<S>::zeros(s);
    for (S& v : t.data) v = spec::fromInt<S>(in.signedVarint());
    ctx.push_back(std::move(t));
  }
  return ctx;
}

void require(bool ok) {
  if (!ok) __builtin_trap();
}

bool sameContext(const auto& a, const auto& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t p = 0; p < a.size(); ++p) {
    if (!spec::sameTensor(a[p], b[p])) return false;
  }
  return true;
}

// T4 and T3 on one accepted graph in domain S, when S has its ops.
template <class S>
void runtimeAgreesWithSpec(const fuzz::DecodedCase& c, std::span<const std::uint8_t> valueBytes) {
  auto data = spec::makeGraphData<S>(c.graph);
  if (!data) return;  // an op without kernels in S: an error value, fine
  fuzz::ByteReader in(valueBytes);
  const std::vector<spec::Shape> inputShapes(data->shapes.begin(),
                                             data->shapes.begin() + static_cast<std::ptrdiff_t>(c.graph.inputs.size()));
  const spec::Context<S> x = readContext<S>(in, inputShapes);
  const spec::Context<S> seed = readContext<S>(in, data->shapes);
  auto values = spec::eval(*data, x, c.env);
  auto tape = runtime::compileAuxData(*data, x, c.env);
  require(values && tape && tape->size() == values->size());
  for (std::size_t i = 0; i < tape->size(); ++i) require(spec::sameTensor(*tape->getNode(i)->value, (*values)[i]));
  auto expected = spec::backpropAllCtx(*data, x, c.env, seed);
  auto grads = runtime::backwardDenseFrom(*tape, seed);
  require(expected && grads && sameContext(*grads, *expected));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::ByteReader in({data, size});
  const fuzz::DecodedCase c = fuzz::decodeCase(in);
  auto shapes = spec::validate(c.graph);
  if (!shapes) return 0;
  require(shapes->size() == c.graph.positionCount());
  std::size_t total = 0;
  for (const spec::Shape& s : *shapes) {
    auto n = s.checkedNumel();
    require(n.has_value());
    total += *n;
    if (total > kMaxTotalElements) return 0;
  }
#ifdef TAPECHECK_FUZZ_RUN_GRAPHS
  // The values are whatever bytes the graph left over.
  const auto rest = std::span<const std::uint8_t>(data, size).subspan(in.consumed());
  runtimeAgreesWithSpec<spec::ModP>(c, rest);
  runtimeAgreesWithSpec<double>(c, rest);
#endif
  return 0;
}
