#include "generators/graph_case.hpp"

#include <ostream>
#include <sstream>

#include "spec/eval.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::gen {

std::string seedKindName(SeedKind kind) {
  switch (kind) {
    case SeedKind::Full: return "full";
    case SeedKind::OneHotLast: return "one-hot at the last position";
    case SeedKind::Zero: return "zero";
  }
  return "?";
}

namespace {
template <class S>
bool isZeroTensor(const spec::Tensor<S>& t) {
  for (const S& v : t.data) {
    if (!spec::Domain<S>::same(v, spec::zero<S>())) return false;
  }
  return true;
}
}  // namespace

template <class S>
SeedKind seedKindOf(const spec::Context<S>& seed) {
  std::size_t nonZero = 0;
  for (const spec::Tensor<S>& t : seed) nonZero += isZeroTensor(t) ? 0 : 1;
  if (nonZero == 0) return SeedKind::Zero;
  if (nonZero == 1 && !isZeroTensor(seed.back())) return SeedKind::OneHotLast;
  return SeedKind::Full;
}

template <class S>
std::string formatValues(const spec::Tensor<S>& t) {
  std::string out = "[";
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i) out += ", ";
    out += spec::Domain<S>::format(t[i]);
  }
  return out + "]";
}

template <class S>
void writeListing(const GraphCase<S>& c, std::ostream& os) {
  const spec::Graph& g = c.graph();
  // Why line by line into `os`: the listing of a 480k-node case is tens of MB.
  os << "graph case in " << spec::Domain<S>::name << ": " << g.inputs.size() << " input(s), " << g.nodes.size()
     << " node(s)\n";
  Result<spec::Context<S>> values = spec::eval(c.data, c.inputs, c.env);
  for (std::size_t p = 0; p < c.data.positionCount(); ++p) {
    std::string line = "  %" + std::to_string(p) + " = ";
    if (p < g.inputs.size()) {
      line += "input";
    } else {
      const spec::GraphNode& node = g.nodes[p - g.inputs.size()];
      line += node.op->name + "(";
      for (std::size_t i = 0; i < node.args.size(); ++i) {
        line += (i ? ", %" : "%") + std::to_string(node.args[i]);
      }
      for (std::int64_t a : node.attrs.ints) line += "; " + std::to_string(a);
      line += ")";
    }
    line += " : " + c.data.shapes[p].str();
    if (values) line += " = " + formatValues((*values)[p]);
    os << line << "\n";
  }
  std::string out = "  env = [";
  for (std::size_t i = 0; i < c.env.indices.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(c.env.indices[i]);
  }
  out += "]\n  seed (" + seedKindName(seedKindOf(c.seed)) + "):";
  bool any = false;
  for (std::size_t p = 0; p < c.seed.size(); ++p) {
    if (isZeroTensor(c.seed[p])) continue;
    os << out << " %" << p << "=" << formatValues(c.seed[p]);
    out.clear();
    any = true;
  }
  os << out << (any ? "" : " all zero") << "\n";
}

template <class S>
std::string listing(const GraphCase<S>& c) {
  std::ostringstream os;
  writeListing(c, os);
  return os.str();
}

template <class S>
void showValue(const GraphCase<S>& c, std::ostream& os) {
  os << "\n" << listing(c);
}

#define TAPECHECK_INSTANTIATE(S)                                          \
  template SeedKind seedKindOf<S>(const spec::Context<S>&);               \
  template std::string formatValues<S>(const spec::Tensor<S>&);           \
  template std::string listing<S>(const GraphCase<S>&);                   \
  template void writeListing<S>(const GraphCase<S>&, std::ostream&);      \
  template void showValue<S>(const GraphCase<S>&, std::ostream&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::gen
