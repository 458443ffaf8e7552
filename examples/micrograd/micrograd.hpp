#pragma once
// A micrograd-style scalar autograd engine, written for this example and
// independent of tapecheck: each Value owns a node with its data, its grad,
// its children and a backward closure that pushes its grad into them.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace micrograd {

struct Node {
  double data = 0.0;
  double grad = 0.0;
  std::string op;  // "" for a leaf
  std::vector<std::shared_ptr<Node>> children;
  std::function<void()> backward;  // adds this node's grad into its children's
};

class Value {
 public:
  explicit Value(double data);

  double data() const { return node_->data; }
  double grad() const { return node_->grad; }
  void setGrad(double g) { node_->grad = g; }
  const Node* node() const { return node_.get(); }

  friend Value operator+(const Value& a, const Value& b);
  friend Value operator*(const Value& a, const Value& b);
  friend Value operator-(const Value& a, const Value& b);
  friend Value operator-(const Value& a);
  Value tanh() const;
  Value exp() const;
  Value relu() const;

  /// micrograd's backward(): grad 1 here, then every node in reverse topological order.
  void backward();

  /// This node's backward closure on its own: what it adds to each distinct
  /// child for the given grad, children's grads starting from zero.
  std::vector<std::pair<const Node*, double>> localBackward(double grad) const;

 private:
  explicit Value(std::shared_ptr<Node> node) : node_(std::move(node)) {}
  static Value make(double data, std::string op, std::vector<std::shared_ptr<Node>> children);
  friend void backwardFrom(std::span<const Value> roots);

  std::shared_ptr<Node> node_;
};

/// The reverse pass with grads the caller has already set on any node (a full
/// seed): topological order over everything reachable from `roots`, closures
/// run last to first. Grads are not reset.
void backwardFrom(std::span<const Value> roots);

}  // namespace micrograd
