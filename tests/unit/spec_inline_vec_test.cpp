// InlineVec, the storage of Shape and Tensor: every operation across the
// inline/heap boundary, against std::vector doing the same.
#include <gtest/gtest.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "spec/inline_vec.hpp"

using tapecheck::spec::InlineVec;

namespace {

using Vec = InlineVec<std::uint64_t, 4>;

std::vector<std::uint64_t> asStd(const Vec& v) { return {v.begin(), v.end()}; }

Vec iota(std::size_t n) {
  Vec v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(10 * i + 1);
  return v;
}

std::vector<std::uint64_t> iotaStd(std::size_t n) {
  std::vector<std::uint64_t> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(10 * i + 1);
  return v;
}

}  // namespace

TEST(InlineVec, StaysInlineUpToItsCapacityThenMovesToTheHeap) {
  Vec v = iota(4);
  EXPECT_EQ(v.capacity(), 4u);
  const auto* inlineData = v.data();
  EXPECT_GE(reinterpret_cast<const char*>(inlineData), reinterpret_cast<const char*>(&v));
  EXPECT_LT(reinterpret_cast<const char*>(inlineData), reinterpret_cast<const char*>(&v + 1));
  v.push_back(41);
  EXPECT_GT(v.capacity(), 4u);
  EXPECT_EQ(asStd(v), iotaStd(5));
}

TEST(InlineVec, CopiesAndMovesKeepElementsOnBothSidesOfTheBoundary) {
  for (std::size_t n : {0u, 1u, 4u, 5u, 9u}) {
    const Vec original = iota(n);
    Vec copy = original;
    EXPECT_EQ(asStd(copy), iotaStd(n)) << n;
    Vec moved = std::move(copy);
    EXPECT_EQ(asStd(moved), iotaStd(n)) << n;
    EXPECT_TRUE(copy.empty()) << n;  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    for (std::size_t m : {0u, 3u, 7u}) {
      Vec target = iota(m);
      target = original;
      EXPECT_EQ(asStd(target), iotaStd(n)) << n << " over " << m;
      Vec other = iota(m);
      other = std::move(target);
      EXPECT_EQ(asStd(other), iotaStd(n)) << n << " moved over " << m;
    }
  }
}

TEST(InlineVec, SelfAssignmentIsHarmless) {
  Vec v = iota(6);
  Vec& alias = v;
  v = alias;
  EXPECT_EQ(asStd(v), iotaStd(6));
}

TEST(InlineVec, InsertAndEraseMatchStdVector) {
  for (std::size_t n : {0u, 2u, 4u, 6u}) {
    for (std::size_t at = 0; at <= n; ++at) {
      Vec v = iota(n);
      std::vector<std::uint64_t> s = iotaStd(n);
      v.insert(v.begin() + at, 7);
      s.insert(s.begin() + at, 7);
      EXPECT_EQ(asStd(v), s);
      v.insert(v.begin() + at, {8, 9});
      s.insert(s.begin() + at, {8, 9});
      EXPECT_EQ(asStd(v), s);
      v.erase(v.begin() + at);
      s.erase(s.begin() + at);
      EXPECT_EQ(asStd(v), s);
      v.erase(v.begin(), v.begin() + at);
      s.erase(s.begin(), s.begin() + at);
      EXPECT_EQ(asStd(v), s);
    }
  }
}

TEST(InlineVec, ElementsOfItselfSurviveTheMoveToTheHeap) {
  Vec v = iota(3);
  v.insert(v.begin() + 1, v.begin(), v.end());
  EXPECT_EQ(asStd(v), (std::vector<std::uint64_t>{1, 1, 11, 21, 11, 21}));
  Vec w = iota(4);
  w.push_back(w[0]);  // the element pushed lives in the storage being replaced
  EXPECT_EQ(w.back(), 1u);
  Vec r = iota(4);
  r.resize(9, r[0]);  // the fill value too
  EXPECT_EQ(asStd(r), (std::vector<std::uint64_t>{1, 11, 21, 31, 1, 1, 1, 1, 1}));
}

TEST(InlineVec, ResizeAndAssignFillAsStdVectorDoes) {
  Vec v;
  v.resize(3);
  EXPECT_EQ(asStd(v), (std::vector<std::uint64_t>{0, 0, 0}));
  v.resize(6, 5);
  EXPECT_EQ(asStd(v), (std::vector<std::uint64_t>{0, 0, 0, 5, 5, 5}));
  v.resize(2);
  EXPECT_EQ(asStd(v), (std::vector<std::uint64_t>{0, 0}));
  v.assign(5, 3);
  EXPECT_EQ(asStd(v), (std::vector<std::uint64_t>{3, 3, 3, 3, 3}));
  const std::vector<std::uint64_t> source{4, 5};
  v.assign(source.begin(), source.end());
  EXPECT_EQ(asStd(v), source);
  v.clear();
  EXPECT_TRUE(v.empty());
}

TEST(InlineVec, ComparesElementwise) {
  EXPECT_EQ(iota(5), iota(5));
  EXPECT_NE(iota(5), iota(4));
  EXPECT_LT(iota(4), iota(5));
  Vec changed = iota(5);
  changed[4] = 0;
  EXPECT_NE(changed, iota(5));
  const Vec five = iota(5);
  EXPECT_EQ(std::vector<std::uint64_t>(five.rbegin(), five.rend()), (std::vector<std::uint64_t>{41, 31, 21, 11, 1}));
}
