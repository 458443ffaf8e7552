#include "properties/catalog.hpp"

#include <type_traits>
#include <vector>

#include "properties/adjoint.hpp"

namespace tapecheck::props {
namespace {

template <class S>
std::vector<PropertySpec<S>> buildCatalog() {
  std::vector<PropertySpec<S>> list = {
      {"T1_requires_grad", "compileAux_requires_grad_true, compileAuxData_requires_grad_true",
       &requiresGradEverywhere<S>},
      {"T2_pids_lt_id", "compileAux_backward_pids_lt_id, compileAuxData_backward_pids_lt_id",
       &backwardEdgesPointBackwards<S>},
      {"T3_backward_eq_spec",
       "backwardDenseFrom_compileAux_eq_backpropAllCtx, backwardDenseFrom_compileAuxData_eq_backpropAllCtx",
       &backwardMatchesSpec<S>},
      {"T4_values_eq_eval", "compileAux_nodes_size, compileAux_values_eq, compileAux_ctx_eq_eval",
       &tapeMatchesEval<S>},
      {"zero_seed_gives_zero", "supporting", &zeroSeedGivesZero<S>},
      {"backward_deterministic", "supporting", &backwardIsDeterministic<S>},
      {"grad_shapes_eq_value_shapes", "supporting", &gradientShapesMatchValues<S>},
      {"reachable_eq_dense", "supporting (lean-dojo backwardDenseAll_lowerGraphToTape_eq_backpropAllCtx)",
       &reachableMatchesDense<S>},
  };
  if constexpr (spec::Domain<S>::exact && spec::supports<S>(spec::Algebra::Ring)) {
    list.push_back({"linear_in_seed", "supporting", &linearInSeed<S>});
  }
  if constexpr (std::is_same_v<S, spec::ModP>) {
    list.push_back({"T5_vjp_adjoint_of_jvp", "Graph.backprop_correct, Node.correct", &vjpIsAdjointOfJvp<S>});
  }
  if constexpr (std::is_same_v<S, double>) {
    list.push_back({"T5_finite_differences", "Graph.backprop_correct (in floating point)",
                    &vjpMatchesFiniteDifferences<S>, gen::FloatValues::Moderate});
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
