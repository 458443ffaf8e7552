// The extension path: an op defined and registered in this one file, with no
// other change anywhere, is generated and checked by the property suites.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "../support/property_check.hpp"
#include "generators/gen.hpp"
#include "properties/adjoint.hpp"
#include "properties/coverage.hpp"
#include "spec/ops/common.hpp"
#include "spec/registry.hpp"

namespace {

using namespace tapecheck;

// axpy(a, x, y) = a*x + y elementwise: a user's fused op with three arguments.
struct Axpy {
  static constexpr const char* name = "axpy";
  static constexpr std::size_t arity = 3;
  static constexpr spec::Algebra algebra = spec::Algebra::Semiring;
  static constexpr bool zeroPreserving = true;
  static constexpr bool readsEnv = false;
  static constexpr const char* attrDoc = "";
  static constexpr auto shape = spec::ops::sameShapes;
  static spec::Signature sample(spec::ShapePicker& p) { return spec::ops::sampleSameShapes<3>(p); }

  template <class S>
  static void forward(const spec::OpCall<S>& c, spec::Tensor<S>& out) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = (*c.args[0])[i] * (*c.args[1])[i] + (*c.args[2])[i];
  }

  template <class S>
  static void vjp(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
    for (std::size_t i = 0; i < delta.size(); ++i) {
      d[0][i] = delta[i] * (*c.args[1])[i];
      d[1][i] = delta[i] * (*c.args[0])[i];
      d[2][i] = delta[i];
    }
  }
};

const spec::OpDef& axpyOp() {
  static const spec::OpDef def = spec::defineOp<Axpy>();
  return def;
}

// The one registration line.
const bool axpyRegistered = spec::registerOp(axpyOp()).has_value();

TEST(UserOp, IsRegisteredAndListed) {
  ASSERT_TRUE(axpyRegistered);
  EXPECT_EQ(spec::findOp("axpy"), &axpyOp());
  EXPECT_FALSE(spec::registerOp(axpyOp())) << "a second registration under the same name must fail";
}

template <class S>
int graphsUsingAxpy() {
  const auto generator = gen::genGraphCase<S>();
  int count = 0;
  for (int i = 0; i < 300; ++i) {
    const auto c = generator(rc::Random(static_cast<std::uint64_t>(i) + 1), i % 101).value();
    const auto ops = props::featuresOf(c.graph()).ops;
    count += std::find(ops.begin(), ops.end(), "axpy") != ops.end();
  }
  return count;
}

TEST(UserOp, IsGeneratedInEveryDomainThatProvidesItsAlgebra) {
  EXPECT_GE(graphsUsingAxpy<spec::ModP>(), 15);
  EXPECT_GE(graphsUsingAxpy<double>(), 15);
  EXPECT_GE(graphsUsingAxpy<spec::Tropical>(), 15);
}

TEST(UserOp, PassesT3AndT5OnGraphsOfItsOwn) {
  gen::GenConfig onlyAxpy;
  onlyAxpy.ops = {"axpy"};
  EXPECT_TRUE(rc::check("T3 with axpy in modp", [&] {
    test_support::checkProperty<spec::ModP>("T3_backward_eq_spec", props::referenceAdapter<spec::ModP>(), onlyAxpy);
  }));
  EXPECT_TRUE(rc::check("T3 with axpy in tropical", [&] {
    test_support::checkProperty<spec::Tropical>("T3_backward_eq_spec", props::referenceAdapter<spec::Tropical>(),
                                                onlyAxpy);
  }));
  EXPECT_TRUE(rc::check("T5 with axpy in modp", [&] {
    test_support::checkProperty<spec::ModP>("T5_vjp_adjoint_of_jvp", props::referenceAdapter<spec::ModP>(),
                                            onlyAxpy);
  }));
}

}  // namespace
