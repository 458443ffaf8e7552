#include "properties/op_semantics.hpp"

#include <cmath>
#include <exception>
#include <set>
#include <span>

#include "properties/op_semantics_rows.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::props {
namespace {

using semantics::Row;
using semantics::Tables;

template <class S>
const Tables<S>& tablesFor() {
  static const Tables<S> tables = [] {
    Tables<S> t;
    semantics::addElementwiseTables<S>(t);
    semantics::addRealTables<S>(t);
    semantics::addStructuralTables<S>(t);
    semantics::addReductionTables<S>(t);
    return t;
  }();
  return tables;
}

/// Bit for bit: in floats the sign of zero matters and any NaN matches any NaN.
template <class S>
bool identical(const S& a, const S& b) {
  if constexpr (semantics::kIsFloat<S>) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return a == b && std::signbit(a) == std::signbit(b);
  } else if constexpr (std::is_same_v<S, spec::Tropical>) {
    return a.v == b.v;
  } else {
    return a == b;
  }
}

template <class S>
std::string show(const S& a) {
  if constexpr (semantics::kIsFloat<S>) {
    if (a == 0) return std::signbit(a) ? "-0" : "+0";
    if (std::isnan(a)) return "nan";
  }
  return spec::Domain<S>::format(a);
}

// "[+0, 1]" for rank 1, "2" for a scalar, "[2,2]:[1, 2, 3, 4]" otherwise.
template <class S>
std::string show(const spec::Tensor<S>& t) {
  if (t.shape.rank() == 0 && t.size() == 1) return show(t[0]);
  std::string out = t.shape.rank() == 1 ? "[" : t.shape.str() + ":[";
  for (std::size_t i = 0; i < t.size() && i < 8; ++i) out += (i ? ", " : "") + show(t[i]);
  return out + (t.size() > 8 ? ", ...]" : "]");
}

std::string showInts(std::span<const std::int64_t> ints) {
  std::string out = "{";
  for (std::size_t i = 0; i < ints.size(); ++i) out += (i ? "," : "") + std::to_string(ints[i]);
  return out + "}";
}

template <class S>
std::string describe(const Row<S>& row) {
  std::string out = "at ";
  if (row.args.size() != 1) out += "(";
  for (std::size_t i = 0; i < row.args.size(); ++i) out += (i ? ", " : "") + show(row.args[i]);
  if (row.args.size() != 1) out += ")";
  if (!row.attrs.ints.empty()) {
    out += " attrs " + showInts({row.attrs.ints.begin(), row.attrs.ints.end()});
  }
  if (!row.env.indices.empty()) out += " indices " + showInts(row.env.indices);
  if (!row.note.empty()) out += " (" + row.note + ")";
  return out;
}

/// Where `actual` differs from `expected`: "kernel gave +0, the rule says -0".
template <class S>
std::optional<std::string> difference(const spec::Tensor<S>& actual, const spec::Tensor<S>& expected) {
  if (actual.shape != expected.shape || actual.size() != expected.size()) {
    return "kernel gave shape " + actual.shape.str() + ", the rule says " + expected.shape.str();
  }
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (identical(actual[i], expected[i])) continue;
    const std::string where = actual.size() > 1 ? " at element " + std::to_string(i) : "";
    return "kernel gave " + show(actual[i]) + where + ", the rule says " + show(expected[i]);
  }
  return std::nullopt;
}

template <class S>
bool wellFormed(const spec::Tensor<S>& t) {
  return t.size() == t.shape.numel();
}

/// The first contradiction between the kernels and one row, or nothing.
template <class S>
std::optional<std::string> checkRow(const spec::OpDef& op, const spec::Kernels<S>& k, const Row<S>& row) {
  const std::string at = describe(row);
  bool formed = row.args.size() == op.arity && row.grads.size() == op.arity && wellFormed(row.out) &&
                wellFormed(row.cotangent) && row.cotangent.shape == row.out.shape;
  for (std::size_t i = 0; formed && i < row.args.size(); ++i) {
    formed = wellFormed(row.args[i]) && row.grads[i].shape == row.args[i].shape && wellFormed(row.grads[i]);
  }
  if (!formed) return op.name + " " + at + ": the row is malformed (arity or shapes)";

  std::vector<const spec::Shape*> shapes;
  std::vector<const spec::Tensor<S>*> args;
  for (const spec::Tensor<S>& a : row.args) {
    shapes.push_back(&a.shape);
    args.push_back(&a);
  }
  const Result<spec::Shape> outShape = op.shapeRule(shapes, row.attrs);
  if (!outShape) return op.name + " " + at + ": the shape rule rejects the row: " + outShape.error();
  if (*outShape != row.out.shape) {
    return op.name + " " + at + ": the shape rule gives " + outShape->str() + ", the rule says " +
           row.out.shape.str();
  }

  spec::Tensor<S> out = spec::Tensor<S>::zeros(*outShape);
  k.forward(spec::OpCall<S>{args, nullptr, row.attrs, row.env}, out);
  if (auto d = difference(out, row.out)) return op.name + " forward " + at + ": " + *d;

  std::vector<spec::Tensor<S>> grads;
  for (const spec::Tensor<S>& a : row.args) grads.push_back(spec::Tensor<S>::zeros(a.shape));
  k.vjp(spec::OpCall<S>{args, &out, row.attrs, row.env}, row.cotangent, grads);
  for (std::size_t i = 0; i < grads.size(); ++i) {
    if (auto d = difference(grads[i], row.grads[i])) {
      return op.name + " vjp " + at + " with cotangent " + show(row.cotangent) + ": argument " +
             std::to_string(i) + ": " + *d;
    }
  }
  return std::nullopt;
}

}  // namespace

template <class S>
SemanticsReport checkOpSemantics(const spec::OpDef& op) {
  SemanticsReport report;
  const spec::Kernels<S>& k = op.kernelsFor<S>();
  if (!k) return report;
  for (const semantics::Table<S>& table : tablesFor<S>()) {
    if (table.op != op.name) continue;
    report.hasTable = true;
    for (const Row<S>& row : table.rows) {
      ++report.rows;
      std::optional<std::string> wrong;
      try {
        wrong = checkRow(op, k, row);
      } catch (const std::exception& e) {
        wrong = op.name + " " + describe(row) + ": a kernel threw: " + e.what();
      }
      if (wrong) {
        report.mismatch = SemanticsMismatch{op.name, *wrong, report.rows};
        return report;
      }
    }
  }
  return report;
}

std::vector<std::string> opsWithSemanticsTables() {
  std::set<std::string> names;
#define TAPECHECK_COLLECT(S) \
  for (const auto& table : tablesFor<S>()) names.insert(table.op);
  TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_COLLECT)
#undef TAPECHECK_COLLECT
  return {names.begin(), names.end()};
}

#define TAPECHECK_INSTANTIATE(S) template SemanticsReport checkOpSemantics<S>(const spec::OpDef&);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::props
