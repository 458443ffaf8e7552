// The property suite: every catalog property in every domain, on random
// well-typed graphs, against this repository's runtime.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "../support/property_check.hpp"

using tapecheck::test_support::checkProperty;

#define TAPECHECK_PROPERTY_SUITE(Suite, S)                                                  \
  RC_GTEST_PROP(Suite, T1_requires_grad, ()) { checkProperty<S>("T1_requires_grad"); }     \
  RC_GTEST_PROP(Suite, T2_pids_lt_id, ()) { checkProperty<S>("T2_pids_lt_id"); }           \
  RC_GTEST_PROP(Suite, T3_backward_eq_spec, ()) {                                          \
    checkProperty<S>("T3_backward_eq_spec");                                                \
  }                                                                                         \
  RC_GTEST_PROP(Suite, T4_values_eq_eval, ()) { checkProperty<S>("T4_values_eq_eval"); }   \
  RC_GTEST_PROP(Suite, zero_seed_gives_zero, ()) { checkProperty<S>("zero_seed_gives_zero"); } \
  RC_GTEST_PROP(Suite, backward_deterministic, ()) {                                       \
    checkProperty<S>("backward_deterministic");                                             \
  }                                                                                         \
  RC_GTEST_PROP(Suite, grad_shapes_eq_value_shapes, ()) {                                  \
    checkProperty<S>("grad_shapes_eq_value_shapes");                                        \
  }                                                                                         \
  RC_GTEST_PROP(Suite, reachable_eq_dense, ()) { checkProperty<S>("reachable_eq_dense"); }

TAPECHECK_PROPERTY_SUITE(ModP, tapecheck::spec::ModP)
TAPECHECK_PROPERTY_SUITE(F64, double)
TAPECHECK_PROPERTY_SUITE(F32, float)
TAPECHECK_PROPERTY_SUITE(Tropical, tapecheck::spec::Tropical)

RC_GTEST_PROP(ModP, linear_in_seed, ()) { checkProperty<tapecheck::spec::ModP>("linear_in_seed"); }
RC_GTEST_PROP(ModP, T5_vjp_adjoint_of_jvp, ()) {
  checkProperty<tapecheck::spec::ModP>("T5_vjp_adjoint_of_jvp");
}
RC_GTEST_PROP(F64, T5_finite_differences, ()) { checkProperty<double>("T5_finite_differences"); }
RC_GTEST_PROP(F64, T5_vjp_adjoint_of_jvp, ()) { checkProperty<double>("T5_vjp_adjoint_of_jvp"); }
