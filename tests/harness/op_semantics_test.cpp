// The op-semantics tables (properties/op_semantics.hpp): every registered op
// has one in every domain it has kernels in, the registered kernels agree with
// every row, and kernels with planted bugs that every other property misses —
// because the spec calls the same kernels — contradict a row that names the case.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "properties/op_semantics.hpp"
#include "spec/registry.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck {
namespace {

using spec::ModP;
using spec::Tropical;

template <class S>
void expectEveryOpAgreesWithItsTable() {
  const std::string domain(spec::Domain<S>::name);
  std::size_t rows = 0;
  for (const spec::OpDef* op : spec::opsFor<S>()) {
    const props::SemanticsReport report = props::checkOpSemantics<S>(*op);
    EXPECT_TRUE(report.hasTable) << op->name << " has kernels in " << domain << " but no table";
    EXPECT_GT(report.rows, 0u) << op->name << " in " << domain;
    EXPECT_FALSE(report.mismatch) << domain << ": " << report.mismatch->row;
    rows += report.rows;
  }
  EXPECT_GT(rows, 0u);
}

TEST(OpSemantics, EveryRegisteredOpHasATableInEachDomainWithKernelsAndAgreesWithIt) {
  expectEveryOpAgreesWithItsTable<ModP>();
  expectEveryOpAgreesWithItsTable<double>();
  expectEveryOpAgreesWithItsTable<float>();
  expectEveryOpAgreesWithItsTable<Tropical>();
}

// Kernels that leave their outputs as they arrive (zeros): every table has a row
// with a non-zero value and one with a non-zero argument cotangent.
template <class S>
void forwardDoesNothing(const spec::OpCall<S>&, spec::Tensor<S>&) {}
template <class S>
void vjpDoesNothing(const spec::OpCall<S>&, const spec::Tensor<S>&, std::span<spec::Tensor<S>>) {}

template <class S>
void expectEveryTableCatchesKernelsThatDoNothing() {
  for (const spec::OpDef* op : spec::opsFor<S>()) {
    spec::OpDef idle = *op;
    idle.kernels.get<S>().forward = &forwardDoesNothing<S>;
    EXPECT_TRUE(props::checkOpSemantics<S>(idle).mismatch) << op->name << " forward in " << spec::Domain<S>::name;
    idle = *op;
    idle.kernels.get<S>().vjp = &vjpDoesNothing<S>;
    EXPECT_TRUE(props::checkOpSemantics<S>(idle).mismatch) << op->name << " vjp in " << spec::Domain<S>::name;
  }
}

TEST(OpSemantics, EveryTableCatchesKernelsThatDoNothing) {
  expectEveryTableCatchesKernelsThatDoNothing<ModP>();
  expectEveryTableCatchesKernelsThatDoNothing<double>();
  expectEveryTableCatchesKernelsThatDoNothing<float>();
  expectEveryTableCatchesKernelsThatDoNothing<Tropical>();
}

TEST(OpSemantics, EveryBuiltInOpIsListed) {
  const std::vector<std::string> listed = props::opsWithSemanticsTables();
  for (const spec::OpDef* op : spec::allOps()) {
    EXPECT_NE(std::find(listed.begin(), listed.end(), op->name), listed.end()) << op->name;
  }
}

TEST(OpSemantics, NoTableWhereTheOpHasNoKernels) {
  const props::SemanticsReport report = props::checkOpSemantics<ModP>(*spec::findOp("exp"));
  EXPECT_FALSE(report.hasTable);
  EXPECT_EQ(report.rows, 0u);
  EXPECT_FALSE(report.mismatch);
}

TEST(OpSemantics, NoTableForAnUnknownOpName) {
  spec::OpDef userOp = *spec::findOp("add");
  userOp.name = "axpyByTheUser";
  const props::SemanticsReport report = props::checkOpSemantics<double>(userOp);
  EXPECT_FALSE(report.hasTable);
  EXPECT_FALSE(report.mismatch);
}

/// The mismatch a copy of op `name`, with kernels in S replaced, gets.
template <class S>
props::SemanticsReport withKernels(const char* name, spec::ForwardFn<S> forward, spec::VjpFn<S> vjp) {
  spec::OpDef broken = *spec::findOp(name);
  if (forward) broken.kernels.get<S>().forward = forward;
  if (vjp) broken.kernels.get<S>().vjp = vjp;
  return props::checkOpSemantics<S>(broken);
}

void expectMismatch(const props::SemanticsReport& report, const std::string& op, const std::string& says) {
  ASSERT_TRUE(report.hasTable);
  ASSERT_TRUE(report.mismatch) << op << ": the planted bug passed " << report.rows << " rows";
  EXPECT_EQ(report.mismatch->op, op);
  EXPECT_NE(report.mismatch->row.find(says), std::string::npos) << report.mismatch->row;
  EXPECT_GE(report.mismatch->rowsChecked, 1u);
  EXPECT_EQ(report.mismatch->rowsChecked, report.rows);
}

// neg as 0 + -x: right everywhere except the sign of zero, neg(+0) = +0.
template <class S>
void negViaZeroPlus(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = S(0) + -(*c.args[0])[i];
}

TEST(OpSemantics, CatchesNegThatLosesTheSignOfZero) {
  expectMismatch(withKernels<double>("neg", &negViaZeroPlus<double>, nullptr), "neg",
                 "neg forward at [5, -1, +0]: kernel gave +0 at element 2, the rule says -0");
  expectMismatch(withKernels<float>("neg", &negViaZeroPlus<float>, nullptr), "neg",
                 "kernel gave +0 at element 2, the rule says -0");
}

// transpose2d that reads a with the output's strides — out[j·m + i] = a[j·m + i], a flat
// copy — and a VJP that is its exact adjoint, so the adjoint properties cannot see it.
template <class S>
void transposeFlatForward(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  const std::size_t m = c.args[0]->shape[0], n = c.args[0]->shape[1];
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) out[j * m + i] = (*c.args[0])[j * m + i];
  }
}
template <class S>
void transposeFlatVjp(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  const std::size_t m = c.args[0]->shape[0], n = c.args[0]->shape[1];
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) d[0][j * m + i] = delta[j * m + i];
  }
}

template <class S>
void expectWrongTransposeCaught() {
  expectMismatch(withKernels<S>("transpose2d", &transposeFlatForward<S>, &transposeFlatVjp<S>), "transpose2d",
                 "transpose2d forward at [2,3]:[1, 2, 3, 4, 5, 6]: kernel gave 2 at element 1, the rule says 4");
}

TEST(OpSemantics, CatchesTransposeWithAWrongIndexMapSharedByForwardAndVjp) {
  expectWrongTransposeCaught<ModP>();
  expectWrongTransposeCaught<double>();
  expectWrongTransposeCaught<float>();
  expectWrongTransposeCaught<Tropical>();
}

// relu'(0) = 1: δ where x >= 0, where the rule says δ where x > 0.
template <class S>
void reluSubgradientOne(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  for (std::size_t i = 0; i < delta.size(); ++i) d[0][i] = (*c.args[0])[i] >= 0 ? delta[i] : S(0);
}

TEST(OpSemantics, CatchesReluDerivativeOneAtZero) {
  expectMismatch(withKernels<double>("relu", nullptr, &reluSubgradientOne<double>), "relu",
                 "relu vjp at [-0, +0, nan, -inf, 5e-324, -5e-324, 2, inf] "
                 "with cotangent [1, 2, 3, 4, 5, 6, nan, -0]: argument 0: kernel gave 1 at element 0, the rule says +0");
  expectMismatch(withKernels<float>("relu", nullptr, &reluSubgradientOne<float>), "relu",
                 "kernel gave 1 at element 0, the rule says +0");
}

// gather's VJP writing δ's row instead of adding it: a duplicate index keeps only the last.
template <class S>
void gatherVjpDropsDuplicates(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  if (delta.size() == 0) return;
  const std::size_t count = delta.shape[0], width = delta.size() / count;
  const std::size_t offset = static_cast<std::size_t>(c.attrs.ints[0]);
  for (std::size_t i = 0; i < count; ++i) {
    if (offset + i >= c.env.indices.size()) continue;
    const std::int64_t row = c.env.indices[offset + i];
    if (row < 0 || static_cast<std::size_t>(row) >= c.args[0]->shape[0]) continue;
    for (std::size_t r = 0; r < width; ++r) d[0][static_cast<std::size_t>(row) * width + r] = delta[i * width + r];
  }
}

TEST(OpSemantics, CatchesGatherVjpThatDropsDuplicateIndices) {
  expectMismatch(withKernels<double>("gather", nullptr, &gatherVjpDropsDuplicates<double>), "gather",
                 "gather vjp at [4,2]:[1, 2, 3, 4, 5, 6, 7, 8] attrs {1,5} indices {9,2,0,2,-1,7}");
  expectMismatch(withKernels<ModP>("gather", nullptr, &gatherVjpDropsDuplicates<ModP>), "gather",
                 "argument 0: kernel gave 105 at element 4, the rule says 206");
}

// Kernels that follow PyTorch or the C library where the spec's rule says otherwise.
template <class S>
void absViaFabs(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::fabs((*c.args[0])[i]);
}
template <class S>
void maxViaFmax(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::fmax((*c.args[0])[i], (*c.args[1])[i]);
}
template <class S>
void softplusViaLog1p(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::log1p(std::exp((*c.args[0])[i]));
}
template <class S>
void divAsQuotient(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = (*c.args[0])[i] / (*c.args[1])[i];
}

TEST(OpSemantics, CatchesKernelsThatFollowTheLibraryInsteadOfTheRule) {
  expectMismatch(withKernels<double>("abs", &absViaFabs<double>, nullptr), "abs",
                 "kernel gave +0 at element 0, the rule says -0");
  expectMismatch(withKernels<double>("max", &maxViaFmax<double>, nullptr), "max",
                 "kernel gave 1 at element 4, the rule says nan");
  expectMismatch(withKernels<float>("softplus", &softplusViaLog1p<float>, nullptr), "softplus", "the rule says +0");
  expectMismatch(withKernels<double>("div", &divAsQuotient<double>, nullptr), "div",
                 "div forward at ([5], [3]) (a times reciprocal(b), not a/b): kernel gave 1.6666666666666667, "
                 "the rule says 1.6666666666666665");
}

}  // namespace
}  // namespace tapecheck
