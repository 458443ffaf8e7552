#include "properties/catalog.hpp"

#include <array>
#include <string_view>
#include <type_traits>
#include <vector>

#include "properties/adjoint.hpp"
#include "properties/adjoint_bounded.hpp"
#include "properties/special_values.hpp"

namespace tapecheck::props {
namespace {

// Every check reports, when it fails, whether the case held NaN or ±Inf: a
// failure there may be an IEEE corner rather than a wrong gradient.
template <class S, Verdict (*Check)(const RuntimeAdapter<S>&, const gen::GraphCase<S>&)>
Verdict noted(const RuntimeAdapter<S>& runtime, const gen::GraphCase<S>& c) {
  return noteSpecialValues(Check(runtime, c), c);
}

// Where VJPs go wrong and T5 alone sees it when spec and runtime share the
// kernel: rows read twice (gather, scatterAdd), reductions and maps over
// rank >= 2 (softmax per row, reduceSum, mean, matmul, linear).
constexpr std::array<std::string_view, 7> kVjpHazards = {"gather", "scatterAdd", "softmax", "reduceSum",
                                                         "mean",   "matmul",     "linear"};

template <class S>
std::vector<PropertySpec<S>> buildCatalog() {
  std::vector<PropertySpec<S>> list = {
      {"T1_requires_grad", "compileAux_requires_grad_true, compileAuxData_requires_grad_true",
       &noted<S, &requiresGradEverywhere<S>>},
      {"T2_pids_lt_id", "compileAux_backward_pids_lt_id, compileAuxData_backward_pids_lt_id",
       &noted<S, &backwardEdgesPointBackwards<S>>},
      {"T3_backward_eq_spec",
       "backwardDenseFrom_compileAux_eq_backpropAllCtx, backwardDenseFrom_compileAuxData_eq_backpropAllCtx",
       &noted<S, &backwardMatchesSpec<S>>},
      {"T4_values_eq_eval", "compileAux_nodes_size, compileAux_values_eq, compileAux_ctx_eq_eval",
       &noted<S, &tapeMatchesEval<S>>},
      // Why moderate values: both need finite forward values (a zero seed
      // times an infinite partial is NaN; the dense loop meets it where the
      // reachable one does not), which huge magnitudes break in 4 cases of 10.
      {"zero_seed_gives_zero", "supporting", &noted<S, &zeroSeedGivesZero<S>>, gen::FloatValues::Moderate},
      {"backward_deterministic", "supporting", &noted<S, &backwardIsDeterministic<S>>},
      {"grad_shapes_eq_value_shapes", "supporting", &noted<S, &gradientShapesMatchValues<S>>},
      {"reachable_eq_dense", "supporting (lean-dojo backwardDenseAll_lowerGraphToTape_eq_backpropAllCtx)",
       &noted<S, &reachableMatchesDense<S>>, gen::FloatValues::Moderate},
  };
  if constexpr (spec::Domain<S>::exact && spec::supports<S>(spec::Algebra::Ring)) {
    list.push_back({"linear_in_seed", "supporting", &noted<S, &linearInSeed<S>>});
  }
  if constexpr (std::is_same_v<S, spec::ModP>) {
    list.push_back({"T5_vjp_adjoint_of_jvp", "Graph.backprop_correct, Node.correct", &noted<S, &vjpIsAdjointOfJvp<S>>,
                    gen::FloatValues::Finite, kVjpHazards});
  }
  if constexpr (std::is_same_v<S, double>) {
    list.push_back({"T5_vjp_adjoint_of_jvp", "Graph.backprop_correct, Node.correct (within the order bound)",
                    &noted<S, &vjpIsAdjointOfJvpWithinBound>, gen::FloatValues::Moderate, kVjpHazards});
    list.push_back({"T5_finite_differences", "Graph.backprop_correct (in floating point)",
                    &noted<S, &vjpMatchesFiniteDifferences<S>>, gen::FloatValues::Moderate, kVjpHazards});
  }
  return list;
}

}  // namespace

template <class S>
std::span<const PropertySpec<S>> catalog() {
  static const std::vector<PropertySpec<S>> list = buildCatalog<S>();
  return list;
}

template <class S>
const PropertySpec<S>* findProperty(std::string_view name) {
  for (const auto& p : catalog<S>()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

#define TAPECHECK_INSTANTIATE(S)                                     \
  template std::span<const PropertySpec<S>> catalog<S>();            \
  template const PropertySpec<S>* findProperty<S>(std::string_view);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
