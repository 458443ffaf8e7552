#pragma once
#include <string_view>
#include <vector>

#include "spec/op.hpp"

namespace tapecheck::spec {

/// Every registered op: the built-in ones of spec/ops/op_list.hpp, then any
/// added with registerOp, in registration order.
const std::vector<const OpDef*>& allOps();

/// The op with this name, or null.
const OpDef* findOp(std::string_view name);

/// Adds an op whose definition outlives every use (a function-local static, say).
/// Fails when the name is taken or the definition is incomplete.
Status registerOp(const OpDef& op);

/// The registered ops whose kernels exist for domain S.
template <class S>
std::vector<const OpDef*> opsFor() {
  std::vector<const OpDef*> out;
  for (const OpDef* op : allOps()) {
    if (op->kernelsFor<S>()) out.push_back(op);
  }
  return out;
}

}  // namespace tapecheck::spec
