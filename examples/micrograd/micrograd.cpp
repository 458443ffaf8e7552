#include "micrograd.hpp"

#include <cmath>
#include <unordered_set>

namespace micrograd {

Value::Value(double data) : node_(std::make_shared<Node>()) { node_->data = data; }

Value Value::make(double data, std::string op, std::vector<std::shared_ptr<Node>> children) {
  auto node = std::make_shared<Node>();
  node->data = data;
  node->op = std::move(op);
  node->children = std::move(children);
  return Value(std::move(node));
}

namespace {

// Why sum first when both operands are one node (x + x, x * x, x - x): the
// contributions of one op to one child are combined before they meet the
// child's grad, g + (a + b), as in a tape that returns one contribution per
// distinct parent. Adding them one at a time, (g + a) + b, rounds differently
// and can cancel to nothing: tapecheck's T3 found this in the first version
// of this engine (sub(%3, %3) under a 1e26 grad lost the seed 1 of %3).
void accumulate(Node* x, double gx, Node* y, double gy) {
  if (x == y) {
    x->grad += gx + gy;
  } else {
    x->grad += gx;
    y->grad += gy;
  }
}

}  // namespace

// Why raw pointers in the closures: a closure holding its own node's
// shared_ptr would be a reference cycle; children are kept alive by `children`.
Value operator+(const Value& a, const Value& b) {
  Value out = Value::make(a.data() + b.data(), "+", {a.node_, b.node_});
  Node *o = out.node_.get(), *x = a.node_.get(), *y = b.node_.get();
  o->backward = [o, x, y] { accumulate(x, o->grad, y, o->grad); };
  return out;
}

Value operator*(const Value& a, const Value& b) {
  Value out = Value::make(a.data() * b.data(), "*", {a.node_, b.node_});
  Node *o = out.node_.get(), *x = a.node_.get(), *y = b.node_.get();
  o->backward = [o, x, y] { accumulate(x, y->data * o->grad, y, x->data * o->grad); };
  return out;
}

Value operator-(const Value& a, const Value& b) {
  Value out = Value::make(a.data() - b.data(), "-", {a.node_, b.node_});
  Node *o = out.node_.get(), *x = a.node_.get(), *y = b.node_.get();
  o->backward = [o, x, y] { accumulate(x, o->grad, y, -o->grad); };
  return out;
}

Value operator-(const Value& a) {
  Value out = Value::make(-a.data(), "neg", {a.node_});
  Node *o = out.node_.get(), *x = a.node_.get();
  o->backward = [o, x] { x->grad += -o->grad; };
  return out;
}

Value Value::tanh() const {
  Value out = make(std::tanh(data()), "tanh", {node_});
  Node *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += (1 - o->data * o->data) * o->grad; };
  return out;
}

Value Value::exp() const {
  Value out = make(std::exp(data()), "exp", {node_});
  Node *o = out.node_.get(), *x = node_.get();
  o->backward = [o, x] { x->grad += o->data * o->grad; };
  return out;
}

Value Value::relu() const {
  // Why `<= 0` and not `> 0 ? x : 0`: the latter maps NaN to 0, and a NaN
  // that relu swallows hides a NaN gradient downstream (tapecheck's T3 with
  // special values found it: mul(relu(NaN), relu(NaN)) under a zero seed).
  Value out = make(data() <= 0 ? 0.0 : data(), "relu", {node_});
  Node *o = out.node_.get(), *x = node_.get();
  // Why a branch and not micrograd's `(out > 0) * grad`: the mask form turns
  // an infinite grad at a dead unit into 0 * inf = NaN.
  o->backward = [o, x] {
    if (o->data > 0) x->grad += o->grad;
  };
  return out;
}

void backwardFrom(std::span<const Value> roots) {
  std::vector<Node*> order;
  std::unordered_set<const Node*> seen;
  // Iterative DFS (post-order) so that long chains do not overflow the stack.
  for (const Value& root : roots) {
    std::vector<std::pair<Node*, std::size_t>> stack{{root.node_.get(), 0}};
    if (!seen.insert(root.node_.get()).second) continue;
    while (!stack.empty()) {
      auto& [node, next] = stack.back();
      if (next < node->children.size()) {
        Node* child = node->children[next++].get();
        if (seen.insert(child).second) stack.emplace_back(child, 0);
      } else {
        order.push_back(node);
        stack.pop_back();
      }
    }
  }
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    if ((*it)->backward) (*it)->backward();
  }
}

std::vector<std::pair<const Node*, double>> Value::localBackward(double grad) const {
  for (const auto& child : node_->children) child->grad = 0.0;
  node_->grad = grad;
  if (node_->backward) node_->backward();
  std::vector<std::pair<const Node*, double>> out;
  for (const auto& child : node_->children) {
    const bool repeated = !out.empty() && out.back().first == child.get();
    if (!repeated) out.emplace_back(child.get(), child->grad);
  }
  return out;
}

void Value::backward() {
  setGrad(1.0);
  const Value self = *this;
  backwardFrom(std::span<const Value>(&self, 1));
}

}  // namespace micrograd
