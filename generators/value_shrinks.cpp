// The shrink moves that leave the graph alone: values of inputs and seeds
// made simpler or moved toward the start of their tensor, and Δ shortened.
#include <algorithm>

#include "generators/shrink_moves.hpp"
#include "generators/values.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::gen {
namespace {

// Locates flattened element `element` among `tensors`.
template <class S>
std::optional<std::pair<std::size_t, std::size_t>> locate(const spec::Context<S>& tensors,
                                                          std::size_t element) {
  for (std::size_t t = 0; t < tensors.size(); ++t) {
    if (element < tensors[t].size()) return std::pair{t, element};
    element -= tensors[t].size();
  }
  return std::nullopt;
}

template <class S>
bool simplify(spec::Context<S>& tensors, std::size_t element, std::size_t choice) {
  auto at = locate(tensors, element);
  if (!at) return false;
  S& v = tensors[at->first][at->second];
  std::vector<S> simpler = simplerValues<S>(v);
  if (choice >= simpler.size()) return false;
  v = simpler[choice];
  return true;
}

// The value every value shrinks toward: 0, or Tropical's one (its zero,
// -inf, is one step further), so that an odd -inf among ones can move too.
template <class S>
S simplestValue() {
  S v = spec::zero<S>();
  for (std::vector<S> simpler = simplerValues<S>(v); !simpler.empty(); simpler = simplerValues<S>(v)) v = simpler[0];
  return v;
}

// Swaps the value at `element`, when it is not the simplest, with the first
// simplest value before it.
template <class S>
bool moveTowardStart(spec::Context<S>& tensors, std::size_t element) {
  auto at = locate(tensors, element);
  if (!at) return false;
  spec::Tensor<S>& t = tensors[at->first];
  const std::size_t e = at->second;
  static const S background = simplestValue<S>();
  if (spec::Domain<S>::same(t[e], background)) return false;
  for (std::size_t earlier = 0; earlier < e; ++earlier) {
    if (spec::Domain<S>::same(t[earlier], background)) {
      std::swap(t[earlier], t[e]);
      return true;
    }
  }
  return false;
}
}  // namespace

template <class S>
std::optional<GraphCase<S>> moveSeedValueTowardStart(const GraphCase<S>& c, std::size_t element) {
  GraphCase<S> out = c;
  if (!moveTowardStart(out.seed, element)) return std::nullopt;
  return out;
}

template <class S>
std::optional<GraphCase<S>> moveInputValueTowardStart(const GraphCase<S>& c, std::size_t element) {
  GraphCase<S> out = c;
  if (!moveTowardStart(out.inputs, element)) return std::nullopt;
  return out;
}


template <class S>
std::optional<GraphCase<S>> dropLastEnvIndex(const GraphCase<S>& c) {
  if (c.env.indices.empty()) return std::nullopt;
  GraphCase<S> out = c;
  out.env.indices.pop_back();
  return out;
}

template <class S>
std::optional<GraphCase<S>> zeroEnvIndex(const GraphCase<S>& c, std::size_t e) {
  if (e >= c.env.indices.size() || c.env.indices[e] == 0) return std::nullopt;
  GraphCase<S> out = c;
  out.env.indices[e] = 0;
  return out;
}

template <class S>
std::optional<GraphCase<S>> simplifyInputValue(const GraphCase<S>& c, std::size_t element,
                                               std::size_t choice) {
  GraphCase<S> out = c;
  if (!simplify(out.inputs, element, choice)) return std::nullopt;
  return out;
}

template <class S>
std::optional<GraphCase<S>> simplifySeedValue(const GraphCase<S>& c, std::size_t element,
                                              std::size_t choice) {
  GraphCase<S> out = c;
  if (!simplify(out.seed, element, choice)) return std::nullopt;
  return out;
}

#define TAPECHECK_INSTANTIATE(S)                                                                      \
  template std::optional<GraphCase<S>> moveSeedValueTowardStart<S>(const GraphCase<S>&, std::size_t);  \
  template std::optional<GraphCase<S>> moveInputValueTowardStart<S>(const GraphCase<S>&, std::size_t); \
  template std::optional<GraphCase<S>> dropLastEnvIndex<S>(const GraphCase<S>&);                      \
  template std::optional<GraphCase<S>> zeroEnvIndex<S>(const GraphCase<S>&, std::size_t);             \
  template std::optional<GraphCase<S>> simplifyInputValue<S>(const GraphCase<S>&, std::size_t,        \
                                                             std::size_t);                            \
  template std::optional<GraphCase<S>> simplifySeedValue<S>(const GraphCase<S>&, std::size_t,         \
                                                            std::size_t);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
