#pragma once
// Hand-built tapes for the runtime loop tests: nodes whose backward emits a
// fixed contribution list, so every check of the loop can be hit directly.
#include <cstdint>
#include <initializer_list>
#include <utility>

#include "runtime/backward.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::handtape {

using runtime::AnyTensor;
using runtime::Contributions;
using runtime::Grads;
using runtime::Node;
using runtime::Tape;
using spec::ModP;
using spec::Shape;

/// A tensor of the given shape and elements (which may disagree, on purpose).
template <class S>
AnyTensor<S> tensor(Shape shape, std::initializer_list<S> values) {
  AnyTensor<S> t;
  t.shape = std::move(shape);
  t.data.assign(values.begin(), values.end());
  return t;
}

/// A double vector [n] of the given elements.
inline AnyTensor<double> vec(std::initializer_list<double> values) {
  return tensor<double>(Shape{values.size()}, values);
}

/// An integer in ModP.
inline ModP m(std::int64_t v) { return ModP::of(v); }

/// A node of value `value` whose backward emits `contributions` verbatim.
template <class S>
Node<S> emitting(AnyTensor<S> value, Contributions<S> contributions, int* calls = nullptr) {
  Node<S> node;
  node.value = std::move(value);
  node.backward = [contributions = std::move(contributions), calls](const AnyTensor<S>&,
                                                                     Contributions<S>& out) -> Status {
    if (calls) ++*calls;
    out.insert(out.end(), contributions.begin(), contributions.end());
    return {};
  };
  return node;
}

/// A tape of one [2] leaf (id 0) and one [2] node (id 1) emitting `contributions`.
inline Tape<double> leafAndNode(Contributions<double> contributions) {
  Tape<double> tape;
  tape.addLeaf(vec({0, 0}));
  tape.addNode(emitting<double>(vec({0, 0}), std::move(contributions)));
  return tape;
}

/// Zeros for every node of the tape.
inline Grads<double> zeros(const Tape<double>& tape) {
  Grads<double> grads;
  for (const auto& node : tape.nodes()) grads.push_back(AnyTensor<double>::zeros(node.value->shape));
  return grads;
}

}  // namespace tapecheck::handtape
