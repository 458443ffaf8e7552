#include "spec/registry.hpp"

namespace tapecheck::spec {

#define TAPECHECK_OP(name) const OpDef& op_##name();
#include "spec/ops/op_list.hpp"
#undef TAPECHECK_OP

namespace {

std::vector<const OpDef*>& registry() {
  static std::vector<const OpDef*> ops = [] {
    std::vector<const OpDef*> builtins;
#define TAPECHECK_OP(name) builtins.push_back(&op_##name());
#include "spec/ops/op_list.hpp"
#undef TAPECHECK_OP
    return builtins;
  }();
  return ops;
}

}  // namespace

const std::vector<const OpDef*>& allOps() { return registry(); }

const OpDef* findOp(std::string_view name) {
  for (const OpDef* op : registry()) {
    if (op->name == name) return op;
  }
  return nullptr;
}

Status registerOp(const OpDef& op) {
  if (op.name.empty()) return fail("cannot register an op without a name");
  if (!op.shapeRule || !op.sample) {
    return fail("op '" + op.name + "' needs a shape rule and a sampler");
  }
  if (findOp(op.name)) return fail("an op named '" + op.name + "' is already registered");
  registry().push_back(&op);
  return {};
}

}  // namespace tapecheck::spec
