// T5 per op: every op's VJP is the adjoint of its JVP (dual numbers, exact in
// ModP) and agrees with finite differences (double), on graphs made of that op
// alone. And T5 can fail: ops with deliberately wrong VJPs are caught.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "generators/gen.hpp"
#include "properties/adjoint.hpp"
#include "spec/registry.hpp"

namespace tapecheck {
namespace {

using Check = props::Verdict (*)(const props::RuntimeAdapter<double>&, const gen::GraphCase<double>&);

struct RunSummary {
  bool passed = false;
  int applicable = 0, total = 0;
};

// Runs T5 on cases that use only `ops`; counts the cases where it applied.
template <class S>
RunSummary runT5(std::vector<const spec::OpDef*> ops, props::Verdict (*t5)(const props::RuntimeAdapter<S>&,
                                                                           const gen::GraphCase<S>&),
                 gen::FloatValues values = gen::FloatValues::Finite) {
  gen::GenConfig config;
  config.maxNodes = 3;
  config.floatValues = values;
  const auto generator = gen::genGraphCaseWithOps<S>(config, ops);
  const auto runtime = props::referenceAdapter<S>();
  RunSummary summary;
  summary.passed = rc::check("T5 on " + ops.front()->name, [&] {
    const auto c = *generator;
    const props::Verdict v = t5(runtime, c);
    ++summary.total;
    summary.applicable += v.applicable();
    if (v.failed()) RC_FAIL(v.message);
  });
  return summary;
}

TEST(OpAdjoint, EveryModPOpIsExactlyTheAdjointOfItsJvp) {
  for (const spec::OpDef* op : spec::opsFor<spec::ModP>()) {
    const RunSummary s = runT5<spec::ModP>({op}, &props::vjpIsAdjointOfJvp<spec::ModP>);
    EXPECT_TRUE(s.passed) << op->name;
    EXPECT_EQ(s.applicable, s.total) << op->name;
  }
}

TEST(OpAdjoint, EveryDoubleOpAgreesWithFiniteDifferencesWhereDifferentiable) {
  for (const spec::OpDef* op : spec::opsFor<double>()) {
    const RunSummary s =
        runT5<double>({op}, &props::vjpMatchesFiniteDifferences<double>, gen::FloatValues::Moderate);
    EXPECT_TRUE(s.passed) << op->name;
    // Filtered cases do not count as passes; an op must be checked on enough of them.
    EXPECT_GE(s.applicable * 4, s.total) << op->name << ": only " << s.applicable << " of " << s.total
                                         << " cases were differentiable";
    std::printf("  %-12s finite differences applied to %3d of %3d cases\n", op->name.c_str(), s.applicable,
                s.total);
  }
}

// --- Deliberately wrong VJPs --------------------------------------------------

// dA uses B un-transposed: B's element (j, k) where (k, j) is meant.
template <class S>
void matmulVjpWithoutTranspose(const spec::OpCall<S>& c, const spec::Tensor<S>& delta,
                               std::span<spec::Tensor<S>> d) {
  spec::findOp("matmul")->kernelsFor<S>().vjp(c, delta, d);
  const auto& b = *c.args[1];
  const std::size_t m = c.args[0]->shape[0], n = c.args[0]->shape[1], p = b.shape[1];
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k < n; ++k) {
      S acc = spec::zero<S>();
      for (std::size_t j = 0; j < p; ++j) acc = acc + delta[i * p + j] * b[(j * n + k) % b.size()];
      d[0][i * n + k] = acc;
    }
  }
}

template <class S>
void subVjpWithSignError(const spec::OpCall<S>&, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  d[0].data = delta.data;
  d[1].data = delta.data;  // should be -δ
}

// Each input element takes one matching cotangent instead of their sum.
template <class S>
void broadcastVjpNotReduced(const spec::OpCall<S>&, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  for (std::size_t i = 0; i < d[0].size() && i < delta.size(); ++i) d[0][i] = delta[i];
}

void maxVjpWithoutHalfOnTies(const spec::OpCall<double>& c, const spec::Tensor<double>& delta,
                             std::span<spec::Tensor<double>> d) {
  const auto& a = *c.args[0];
  const auto& b = *c.args[1];
  for (std::size_t i = 0; i < delta.size(); ++i) {
    if (!(a[i] < b[i])) d[0][i] = delta[i];
    if (!(b[i] < a[i])) d[1][i] = delta[i];
  }
}

template <class S>
spec::OpDef withVjp(const char* name, spec::VjpFn<S> vjp) {
  spec::OpDef broken = *spec::findOp(name);
  broken.name += " (wrong VJP)";
  broken.kernels.get<S>().vjp = vjp;
  return broken;
}

TEST(WrongVjps, TransposedMatmulVjpIsCaughtExactly) {
  const spec::OpDef broken = withVjp<spec::ModP>("matmul", &matmulVjpWithoutTranspose<spec::ModP>);
  EXPECT_FALSE(runT5<spec::ModP>({&broken}, &props::vjpIsAdjointOfJvp<spec::ModP>).passed);
}

TEST(WrongVjps, SignErrorInSubIsCaughtExactly) {
  const spec::OpDef broken = withVjp<spec::ModP>("sub", &subVjpWithSignError<spec::ModP>);
  EXPECT_FALSE(runT5<spec::ModP>({&broken}, &props::vjpIsAdjointOfJvp<spec::ModP>).passed);
}

TEST(WrongVjps, UnreducedBroadcastVjpIsCaughtExactly) {
  const spec::OpDef broken = withVjp<spec::ModP>("broadcastTo", &broadcastVjpNotReduced<spec::ModP>);
  EXPECT_FALSE(runT5<spec::ModP>({&broken}, &props::vjpIsAdjointOfJvp<spec::ModP>).passed);
}

TEST(WrongVjps, MissingHalfOnTiesIsCaughtByFiniteDifferencesOfMaxXX) {
  // max(x, x) = x is smooth, so finite differences see the doubled gradient.
  const spec::OpDef broken = withVjp<double>("max", &maxVjpWithoutHalfOnTies);
  EXPECT_FALSE(runT5<double>({&broken}, &props::vjpMatchesFiniteDifferences<double>, gen::FloatValues::Moderate)
                   .passed);
}

TEST(WrongVjps, TransposedMatmulVjpIsCaughtByFiniteDifferences) {
  const spec::OpDef broken = withVjp<double>("matmul", &matmulVjpWithoutTranspose<double>);
  EXPECT_FALSE(runT5<double>({&broken}, &props::vjpMatchesFiniteDifferences<double>, gen::FloatValues::Moderate)
                   .passed);
}

}  // namespace
}  // namespace tapecheck
