#include "cli/ops_listing.hpp"

#include "cli/domains.hpp"
#include "cli/text_table.hpp"
#include "spec/registry.hpp"

namespace tapecheck::cli {

std::string opsTable() {
  TextTable table({"op", "arity", "algebra", "zero-preserving", "reads Δ", "domains", "attrs"});
  for (const spec::OpDef* op : spec::allOps()) {
    std::string domains;
    forEachDomain([&](auto tag) {
      using S = typename decltype(tag)::type;
      if (op->kernelsFor<S>()) domains += (domains.empty() ? "" : ",") + std::string(spec::Domain<S>::name);
    });
    table.add({op->name, std::to_string(op->arity), std::string(spec::algebraName(op->algebra)),
               op->zeroPreserving ? "yes" : "no", op->readsEnv ? "yes" : "no", domains.empty() ? "-" : domains,
               op->attrDoc.empty() ? "-" : op->attrDoc});
  }
  return table.str();
}

}  // namespace tapecheck::cli
