#pragma once
// The runtime tape (Lean's `Runtime.Autograd.Node` / `Tape`): an append-only
// array of nodes whose id is their index, each with a backward closure that
// turns the node's cotangent into contributions to other node ids.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/errors.hpp"
#include "spec/result.hpp"
#include "spec/tensor.hpp"

namespace tapecheck::runtime {

/// A tensor with its run-time shape (Lean's `AnyTensor`); spec tensors already
/// carry their shape, so this is the same type.
template <class S>
using AnyTensor = spec::Tensor<S>;

/// One contribution (parent id, cotangent for that parent).
template <class S>
using Contribution = std::pair<std::size_t, AnyTensor<S>>;

template <class S>
using Contributions = std::vector<Contribution<S>>;

/// A node's forward value: one immutable tensor that the node shares with
/// whoever made it. compileAux's nodes view the contiguous store of every
/// position's value that their closures read (Lean's nodes and closures share
/// one value too), so a compiled tape holds each value once. Assigning a
/// tensor gives the node a value of its own, as hand-built tapes do; a
/// broken runtime that wants other values builds its own storage this way.
template <class S>
class SharedTensor {
 public:
  SharedTensor() : value_(std::shared_ptr<const AnyTensor<S>>(), empty()) {}
  SharedTensor(AnyTensor<S> value)  // NOLINT(google-explicit-constructor): `node.value = t`
      : value_(std::make_shared<const AnyTensor<S>>(std::move(value))) {}

  /// A view of `*value`, which `owner` keeps alive.
  static SharedTensor view(std::shared_ptr<const void> owner, const AnyTensor<S>* value) {
    SharedTensor t;
    t.value_ = std::shared_ptr<const AnyTensor<S>>(std::move(owner), value);
    return t;
  }

  const AnyTensor<S>& operator*() const { return *value_; }
  const AnyTensor<S>* operator->() const { return value_.get(); }
  operator const AnyTensor<S>&() const { return *value_; }  // NOLINT(google-explicit-constructor)

 private:
  // What a default Node's value was before values were shared: the empty tensor.
  static const AnyTensor<S>* empty() {
    static const AnyTensor<S> none{};
    return &none;
  }
  std::shared_ptr<const AnyTensor<S>> value_;
};

/// A node's local VJP. It appends its contributions to `out`, which the caller
/// passes in empty and reuses across nodes (so that no list is allocated per
/// node), or returns an error.
template <class S>
using BackwardFn = std::function<Status(const AnyTensor<S>& cotangent, Contributions<S>& out)>;

template <class S>
struct Node {
  std::optional<std::string> name;  // debugging only
  SharedTensor<S> value;            // fixes the shape of the node's gradient
  bool requires_grad = true;        // false: backward neither runs nor accumulates here
  std::vector<std::size_t> parents; // informational; the backward loops never read it
  BackwardFn<S> backward;

  /// Runs the closure (which must be set). Why the catch: the closure is user
  /// code and may throw; the exception becomes an error value naming node `id`
  /// (errors::closureThrew) rather than unwinding through the reverse loop.
  Status runBackward(const AnyTensor<S>& cotangent, Contributions<S>& out,
                     std::optional<std::size_t> id = std::nullopt) const {
    try {
      return backward(cotangent, out);
    } catch (const std::exception& e) {
      return fail(errors::closureThrew(e.what(), id));
    } catch (...) {
      return fail(errors::closureThrew("unknown exception", id));
    }
  }

  /// The closure's result as Lean returns it: the contribution list, or the error.
  Result<Contributions<S>> backwardList(const AnyTensor<S>& cotangent) const {
    Contributions<S> out;
    if (!backward) return out;
    if (Status ok = runBackward(cotangent, out); !ok) return fail(ok.error());
    return out;
  }
};

/// What the reverse loop knows of each node before it starts, one byte per
/// node (backward.cpp gathers them in one pass).
enum NodeFlag : std::uint8_t { kRequiresGrad = 1, kSlotFits = 2 };

/// A compiled tape's op nodes in the form the reverse loop can run without
/// their closures, set by compileAux on the tape it lowers and dropped by
/// any change to the nodes. `step(context, id, grads, flags)` does what node
/// id's closure and the loop's additions of its contributions do (the same
/// kernels, checks, errors and additions, in the same order) without the
/// contribution list; `touch` prefetches what step will read for node id.
/// Why: on a 10^5-node random DAG the list's copies, the std::function call
/// and waiting on random ids in memory were most of a node's cost.
template <class S>
struct CompiledSteps {
  Status (*step)(const void* context, std::size_t id, std::vector<AnyTensor<S>>& grads,
                 const std::uint8_t* flags) = nullptr;
  void (*touch)(const void* context, std::size_t id, const AnyTensor<S>* slots) = nullptr;
  const void* context = nullptr;  // kept alive by the tape's owners
  std::size_t firstOpNode = 0;    // ids below are leaves: their closures add nothing
};

template <class S>
class Tape {
 public:
  std::size_t size() const { return nodes_.size(); }

  /// Lean's `getNode?`: the node with this id, or null when out of range.
  const Node<S>* getNode(std::size_t id) const { return id < nodes_.size() ? &nodes_[id] : nullptr; }

  /// Appends a node and returns its id (the previous size).
  std::size_t addNode(Node<S> node) {
    compiled_ = {};
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }

  /// A leaf: no parents, requires_grad, a backward that contributes nothing.
  std::size_t addLeaf(SharedTensor<S> value) {
    Node<S> leaf;
    leaf.value = std::move(value);
    leaf.backward = [](const AnyTensor<S>&, Contributions<S>&) -> Status { return {}; };
    return addNode(std::move(leaf));
  }

  /// Room for n nodes without reallocation (compile knows the final size).
  void reserve(std::size_t n) { nodes_.reserve(n); }

  const std::vector<Node<S>>& nodes() const { return nodes_; }
  /// Why the compiled steps go: the nodes may change into ones they do not describe.
  std::vector<Node<S>>& mutableNodes() {
    compiled_ = {};
    return nodes_;
  }

  /// Set by compileAux once the nodes are final.
  void setCompiledSteps(CompiledSteps<S> steps) { compiled_ = steps; }
  const CompiledSteps<S>& compiledSteps() const { return compiled_; }

  /// Keeps `state` alive as long as this tape or a copy of it. Why: compiled
  /// closures hold a plain pointer to the state they share (so that each fits
  /// std::function's inline buffer, with no allocation per node); the tape
  /// owns that state. A node copied into another tape must bring its owner
  /// along (copy the tape, or call keepAlive on the new one).
  void keepAlive(std::shared_ptr<const void> state) { owners_.push_back(std::move(state)); }
  const std::vector<std::shared_ptr<const void>>& owners() const { return owners_; }

 private:
  std::vector<Node<S>> nodes_;
  std::vector<std::shared_ptr<const void>> owners_;
  CompiledSteps<S> compiled_;
};

}  // namespace tapecheck::runtime
