// Shrinking through shape-pinning attributes: an input under a reshape or a
// broadcastTo can shrink, the node's target following it (OpDef::refit),
// where before the move was invalid and counterexamples stayed at the
// sampled sizes ([4,2] reshaped to [1,4,2]). Attribute shrinks never refit:
// that would undo them and the shrinker would loop.
#include <gtest/gtest.h>

#include <optional>

#include "generators/shrink_moves.hpp"
#include "spec/registry.hpp"

namespace tapecheck::gen {
namespace {

using spec::Shape;

spec::Attrs dims(std::initializer_list<std::int64_t> values) {
  spec::Attrs a;
  a.ints = values;
  return a;
}

using Ints = std::vector<std::int64_t>;

Ints ints(const spec::Attrs& a) { return Ints(a.ints.begin(), a.ints.end()); }

// The refitted attributes as a vector, or nothing when the op found none.
std::optional<Ints> refit(std::string_view op, const Shape& arg, const spec::Attrs& old) {
  const Shape* args[] = {&arg};
  Result<spec::Attrs> r = spec::findOp(op)->refit(std::span<const Shape* const>(args), old);
  if (!r) return std::nullopt;
  return ints(*r);
}

// One input of `shape` (values 1, 2, ...), one node, a full seed of ones.
GraphCase<double> caseOf(const Shape& shape, std::string_view op, spec::Attrs attrs) {
  spec::Graph g;
  g.inputs = {shape};
  g.nodes.push_back({spec::findOp(op), {0}, std::move(attrs)});
  GraphCase<double> c;
  c.data = *spec::makeGraphData<double>(std::move(g));
  c.inputs.push_back(spec::Tensor<double>::zeros(shape));
  for (std::size_t i = 0; i < c.inputs[0].size(); ++i) c.inputs[0][i] = static_cast<double>(i + 1);
  for (const Shape& s : c.data.shapes) {
    c.seed.push_back(spec::Tensor<double>::zeros(s));
    for (std::size_t i = 0; i < c.seed.back().size(); ++i) c.seed.back()[i] = 1;
  }
  return c;
}

Ints targetOf(const GraphCase<double>& c) { return ints(c.graph().nodes[0].attrs); }

TEST(Refit, ReshapeKeepsItsRankAndTheArgumentsElementCount) {
  EXPECT_EQ(refit("reshape", Shape{2, 2}, dims({3, 3})), Ints({2, 2}));
  EXPECT_EQ(refit("reshape", Shape{2, 2}, dims({1, 4, 2})), Ints({1, 4, 1}));
  EXPECT_EQ(refit("reshape", Shape{1, 2}, dims({1, 4, 2})), Ints({1, 2, 1}));
  EXPECT_EQ(refit("reshape", Shape{3}, dims({2, 6})), Ints({1, 3}));
  EXPECT_EQ(refit("reshape", Shape{0, 2}, dims({4, 2, 1})), Ints({4, 2, 0}));
  EXPECT_EQ(refit("reshape", Shape{1}, dims({})), Ints({}));
  EXPECT_FALSE(refit("reshape", Shape{2}, dims({})));  // a scalar holds one element
  EXPECT_FALSE(refit("reshape", Shape{2}, dims({-1, 2})));
}

TEST(Refit, BroadcastToFollowsTheArgumentsUnbroadcastAxes) {
  EXPECT_EQ(refit("broadcastTo", Shape{2}, dims({3, 4})), Ints({3, 2}));
  EXPECT_EQ(refit("broadcastTo", Shape{2, 1}, dims({3, 4})), Ints({2, 4}));
  EXPECT_EQ(refit("broadcastTo", Shape{1}, dims({3, 4})), Ints({3, 4}));
  EXPECT_FALSE(refit("broadcastTo", Shape{1, 1, 1}, dims({3, 4})));
}

TEST(Refit, OpsWithoutShapePinningAttributesHaveNone) {
  EXPECT_EQ(spec::findOp("add")->refit, nullptr);
  EXPECT_EQ(spec::findOp("slice")->refit, nullptr);
}

TEST(ShrinkRefit, AnInputUnderAReshapeShrinksAndTheTargetFollows) {
  const GraphCase<double> c = caseOf(Shape{4, 2}, "reshape", dims({1, 4, 2}));
  const auto sliced = sliceInputAxis(c, 0, 0, 1);
  ASSERT_TRUE(sliced);
  EXPECT_EQ(sliced->graph().inputs[0], (Shape{1, 2}));
  EXPECT_EQ(targetOf(*sliced), (Ints{1, 2, 1}));
  EXPECT_EQ(sliced->inputs[0].size(), 2u);
  EXPECT_EQ(sliced->inputs[0][0], 3);  // row 1 of [[1,2],[3,4],...]: the slice, not the first elements
  EXPECT_EQ(sliced->data.shapes[1], (Shape{1, 2, 1}));
  const auto shorter = shortenLongestAxes(c, 0);
  ASSERT_TRUE(shorter);
  EXPECT_EQ(shorter->graph().inputs[0], (Shape{3, 2}));
  EXPECT_EQ(targetOf(*shorter), (Ints{1, 2, 3}));
}

// Found by the 40-seed kill statistics: slicing an axis of an input whose
// other axis is empty divided by zero (SIGFPE) inside the shrinker.
TEST(ShrinkRefit, SlicingAnEmptyTensorAlongALongAxisKeepsItEmpty) {
  const GraphCase<double> c = caseOf(Shape{3, 0}, "neg", {});
  const auto sliced = sliceInputAxis(c, 0, 0, 2);
  ASSERT_TRUE(sliced);
  EXPECT_EQ(sliced->graph().inputs[0], (Shape{1, 0}));
  EXPECT_EQ(sliced->inputs[0].size(), 0u);
}

TEST(ShrinkRefit, AnInputUnderABroadcastShrinksAndTheTargetFollows) {
  const GraphCase<double> c = caseOf(Shape{3}, "broadcastTo", dims({2, 3}));
  const auto shorter = shortenAxesOfLength(c, 3);
  ASSERT_TRUE(shorter);
  EXPECT_EQ(shorter->graph().inputs[0], (Shape{2}));
  EXPECT_EQ(targetOf(*shorter), (Ints{2, 2}));
}

TEST(ShrinkRefit, AttributeShrinksAreNotUndoneByARefit) {
  const GraphCase<double> c = caseOf(Shape{4, 2}, "reshape", dims({1, 4, 2}));
  // Setting the 4 to 1 leaves 2 elements for 8: invalid, and no refit makes it valid again.
  EXPECT_FALSE(shrinkAttribute(c, 0, 1));
  const GraphCase<double> b = caseOf(Shape{1}, "broadcastTo", dims({2, 3}));
  const auto smaller = shrinkAttribute(b, 0, 0);
  ASSERT_TRUE(smaller);
  EXPECT_EQ(targetOf(*smaller), (Ints{1, 3}));
}

}  // namespace
}  // namespace tapecheck::gen
