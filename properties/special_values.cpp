#include "properties/special_values.hpp"

#include <cmath>

#include "spec/eval.hpp"

namespace tapecheck::props {
namespace {

// Which of NaN, +Inf, -Inf occur in a context, as "NaN, +Inf".
template <class S>
std::string kindsIn(const spec::Context<S>& values) {
  bool nan = false, posInf = false, negInf = false;
  for (const auto& t : values) {
    for (const S& v : t.data) {
      nan |= std::isnan(v);
      posInf |= std::isinf(v) && v > 0;
      negInf |= std::isinf(v) && v < 0;
    }
  }
  std::string out;
  for (auto [present, name] : {std::pair{nan, "NaN"}, {posInf, "+Inf"}, {negInf, "-Inf"}}) {
    if (present) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

}  // namespace

template <class S>
std::optional<std::string> specialValuesIn(const gen::GraphCase<S>& c) {
  if constexpr (spec::Domain<S>::exact) {
    return std::nullopt;
  } else {
    std::string found;
    const auto add = [&found](const std::string& kinds, const char* where) {
      if (!kinds.empty()) found += (found.empty() ? "" : "; ") + kinds + " in " + where;
    };
    add(kindsIn(c.inputs), "inputs");
    add(kindsIn(c.seed), "seed");
    // Forward values too: finite inputs can still overflow (exp) or make NaN (log of < 0).
    if (auto values = spec::eval(c.data, c.inputs, c.env)) {
      const spec::Context<S> nodes(values->begin() + static_cast<std::ptrdiff_t>(c.inputs.size()),
                                   values->end());
      add(kindsIn(nodes), "forward values");
    }
    if (found.empty()) return std::nullopt;
    return "special values involved: " + found;
  }
}

template <class S>
Verdict noteSpecialValues(Verdict verdict, const gen::GraphCase<S>& c) {
  if (!verdict.failed()) return verdict;
  if (auto note = specialValuesIn(c)) verdict.message += " [" + *note + "]";
  return verdict;
}

#define TAPECHECK_INSTANTIATE(S)                                                       \
  template std::optional<std::string> specialValuesIn<S>(const gen::GraphCase<S>&);   \
  template Verdict noteSpecialValues<S>(Verdict, const gen::GraphCase<S>&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
