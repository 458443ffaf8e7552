#include "properties/value_census.hpp"

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <type_traits>

#include "generators/gen.hpp"
#include "properties/coverage.hpp"
#include "spec/eval.hpp"

namespace tapecheck::props {
namespace {

constexpr std::uint32_t bit(ValueClass c) { return 1u << static_cast<unsigned>(c); }

template <class S>
std::uint32_t inputClasses(const gen::GraphCase<S>& c) {
  std::uint32_t found = 0;
  if constexpr (std::is_floating_point_v<S>) {
    for (const auto& t : c.inputs) {
      for (S v : t.data) {
        if (v == S(0) && std::signbit(v)) found |= bit(ValueClass::NegativeZero);
        if (std::fpclassify(v) == FP_SUBNORMAL) found |= bit(ValueClass::Subnormal);
        if (std::isinf(v)) found |= bit(ValueClass::Infinity);
        if (std::isnan(v)) found |= bit(ValueClass::NotANumber);
      }
    }
  }
  return found;
}

// Whether some valid row index of a gather (or scatterAdd) window repeats:
// the VJP then adds two cotangent rows into one.
bool windowRepeatsARow(const spec::Env& env, std::size_t offset, std::size_t count, std::size_t rows) {
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < count && offset + i < env.indices.size(); ++i) {
    const std::int64_t row = env.indices[offset + i];
    if (row < 0 || static_cast<std::size_t>(row) >= rows) continue;
    if (!seen.insert(row).second) return true;
  }
  return false;
}

template <class S>
bool hasZero(const spec::Tensor<S>& t) {
  for (const S& v : t.data) {
    if constexpr (std::is_floating_point_v<S>) {
      if (v == S(0)) return true;  // either sign
    } else if (spec::Domain<S>::same(v, spec::zero<S>())) {
      return true;
    }
  }
  return false;
}

template <class S>
std::uint32_t nodeClasses(const gen::GraphCase<S>& c, const spec::Context<S>* values) {
  std::uint32_t found = 0;
  const spec::Graph& g = c.graph();
  const auto& shapes = c.data.shapes;
  for (std::size_t k = 0; k < g.nodes.size(); ++k) {
    const spec::GraphNode& node = g.nodes[k];
    const std::string& name = node.op->name;
    const auto offset = [&] { return node.attrs.ints.empty() ? std::size_t{0} : static_cast<std::size_t>(node.attrs.ints[0]); };
    if (name == "softmax" && shapes[node.args[0]].rank() >= 2) found |= bit(ValueClass::SoftmaxRank2);
    if (name == "gather" && shapes[node.args[0]].rank() >= 1 &&
        windowRepeatsARow(c.env, offset(), shapes[g.positionOfNode(k)][0], shapes[node.args[0]][0])) {
      found |= bit(ValueClass::DuplicateGatherIndex);
    }
    if (name == "scatterAdd" && windowRepeatsARow(c.env, offset(), shapes[node.args[1]][0], shapes[node.args[0]][0])) {
      found |= bit(ValueClass::DuplicateGatherIndex);
    }
    if (!values) continue;
    if ((name == "relu" || name == "abs") && hasZero((*values)[node.args[0]])) found |= bit(ValueClass::Kink);
    if (name == "max" || name == "min") {
      const auto& a = (*values)[node.args[0]];
      const auto& b = (*values)[node.args[1]];
      for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (spec::Domain<S>::same(a[i], b[i])) found |= bit(ValueClass::ExactTie);
      }
    }
  }
  return found;
}

// Measured on 400 cases per mode (tests/harness/distribution_floors_test.cpp
// prints them): -0 57-69%, subnormals 53%, ±inf and NaN 56% (Special), exact
// ties 47%, kinks 24-31%, repeated gather rows 6-12%, rank >= 2 softmax 19%.
// A floor is about half of that: room for a generator change, none for a
// class that stops being drawn.
template <class S>
double floorPercent(ValueClass c, gen::FloatValues values) {
  constexpr bool floats = std::is_floating_point_v<S>;
  constexpr bool ordered = spec::supports<S>(spec::Algebra::Real);
  switch (c) {
    case ValueClass::NegativeZero: return floats ? 30 : 0;
    case ValueClass::Subnormal: return floats && values != gen::FloatValues::Moderate ? 25 : 0;
    case ValueClass::Infinity:
    case ValueClass::NotANumber: return floats && values == gen::FloatValues::Special ? 25 : 0;
    case ValueClass::ExactTie: return ordered ? 20 : 0;
    case ValueClass::Kink: return ordered ? 10 : 0;
    case ValueClass::DuplicateGatherIndex: return 4;
    case ValueClass::SoftmaxRank2: return floats ? 8 : 0;
  }
  return 0;
}

}  // namespace

std::string_view valueClassName(ValueClass c) {
  constexpr std::array<std::string_view, kValueClasses> names = {
      "-0", "subnormal", "±inf", "NaN", "exact tie (max, min)", "kink (relu, abs at 0)",
      "duplicate gather/scatterAdd index", "rank >= 2 softmax"};
  return names[static_cast<std::size_t>(c)];
}

template <class S>
std::uint32_t valueClassesOf(const gen::GraphCase<S>& c) {
  const auto values = spec::eval(c.data, c.inputs, c.env);
  return inputClasses(c) | nodeClasses(c, values ? &*values : nullptr);
}

template <class S>
double valueClassFloor(ValueClass c, gen::FloatValues values) {
  return floorPercent<S>(c, values);
}

template <class S>
CaseSampler<S> defaultSampler() {
  return [](int i, gen::FloatValues values) {
    gen::GenConfig config;
    config.floatValues = values;
    return gen::genGraphCase<S>(config)(rc::Random(static_cast<std::uint64_t>(i) * 7919u + 1u), i % 101).value();
  };
}

template <class S>
SelfCheckResult distributionFloorsHold(const CaseSampler<S>& sample, int cases) {
  SelfCheckResult result;
  result.check = "distribution_floors";
  const auto modes = std::is_floating_point_v<S>
                         ? std::vector{gen::FloatValues::Finite, gen::FloatValues::Moderate, gen::FloatValues::Special}
                         : std::vector{gen::FloatValues::Finite};
  std::map<std::string, int> graphsWithOp;
  for (const gen::FloatValues mode : modes) {
    std::array<int, kValueClasses> count{};
    for (int i = 0; i < cases; ++i) {
      const gen::GraphCase<S> c = sample(i, mode);
      ++result.casesEvaluated;
      const std::uint32_t found = valueClassesOf(c);
      for (std::size_t k = 0; k < kValueClasses; ++k) count[k] += (found >> k) & 1u;
      if (mode == gen::FloatValues::Finite) {
        for (const std::string& op : featuresOf(c.graph()).ops) ++graphsWithOp[op];
      }
    }
    for (std::size_t k = 0; k < kValueClasses; ++k) {
      const auto cls = static_cast<ValueClass>(k);
      const double share = 100.0 * count[k] / cases, floor = floorPercent<S>(cls, mode);
      if (share < floor && !result.failed) {
        result.failed = true;
        result.casesToFailure = result.casesEvaluated;
        result.message = std::string(valueClassName(cls)) + " drawn in " + std::to_string(share).substr(0, 4) +
                         "% of " + std::string(spec::Domain<S>::name) + " cases, under its floor of " +
                         std::to_string(static_cast<int>(floor)) + "%";
      }
    }
  }
  for (const spec::OpDef* op : gen::opsInScope<S>({})) {
    const double share = 100.0 * graphsWithOp[op->name] / cases;
    if (share < kOpFloorPercent && !result.failed) {
      result.failed = true;
      result.casesToFailure = result.casesEvaluated;
      result.message = "op " + op->name + " drawn in " + std::to_string(share).substr(0, 4) + "% of " +
                       std::string(spec::Domain<S>::name) + " graphs, under the floor of " +
                       std::to_string(static_cast<int>(kOpFloorPercent)) + "%";
    }
  }
  return result;
}

#define TAPECHECK_INSTANTIATE(S)                                                            \
  template std::uint32_t valueClassesOf<S>(const gen::GraphCase<S>&);                       \
  template double valueClassFloor<S>(ValueClass, gen::FloatValues);                         \
  template CaseSampler<S> defaultSampler<S>();                                              \
  template SelfCheckResult distributionFloorsHold<S>(const CaseSampler<S>&, int);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
