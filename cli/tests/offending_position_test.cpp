#include "cli/offending_position.hpp"

#include <gtest/gtest.h>

namespace tapecheck::cli {
namespace {

TEST(OffendingPosition, ReadsThePositionOfAComparison) {
  EXPECT_EQ(offendingPosition("backwardDenseFrom(compileAux) != backpropAllCtx at position 3, element 1: runtime 2, spec 4"),
            3u);
}

TEST(OffendingPosition, PrefersPositionOverANodeIndex) {
  // describeNode names node 3 at position 5: the position is what the picture shows.
  EXPECT_EQ(offendingPosition("spec backpropAllCtx failed: node 3 (position 5, matmul): bad"), 5u);
}

TEST(OffendingPosition, ReadsTapeIdsOfNodesAndGradients) {
  EXPECT_EQ(offendingPosition("compileAux: node 0 has requires_grad == false"), 0u);
  EXPECT_EQ(offendingPosition("gradient 12 has shape [4] but its node has [2,2]"), 12u);
}

TEST(OffendingPosition, NothingWhenNoneIsNamed) {
  EXPECT_EQ(offendingPosition("Array.all over requires_grad is false"), std::nullopt);
  EXPECT_EQ(offendingPosition("superposition 4"), std::nullopt);
  EXPECT_EQ(offendingPosition("position x"), std::nullopt);
}

}  // namespace
}  // namespace tapecheck::cli
