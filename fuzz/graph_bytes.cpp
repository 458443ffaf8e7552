#include "fuzz/graph_bytes.hpp"

#include "spec/registry.hpp"

namespace tapecheck::fuzz {
namespace {

constexpr std::uint8_t kWide = 0xF0;  // bytes from here on announce 8 more bytes
constexpr std::int64_t kSignedBias = 120;

spec::Shape readShape(ByteReader& in) {
  spec::Shape s;
  const std::size_t rank = in.byte() % 5;
  for (std::size_t a = 0; a < rank; ++a) s.dims.push_back(static_cast<std::size_t>(in.varint()));
  return s;
}

void appendVarint(std::vector<std::uint8_t>& out, std::uint64_t v) {
  if (v < kWide) {
    out.push_back(static_cast<std::uint8_t>(v));
    return;
  }
  out.push_back(kWide);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void appendShape(std::vector<std::uint8_t>& out, const spec::Shape& s) {
  out.push_back(static_cast<std::uint8_t>(s.rank()));
  for (std::size_t d : s.dims) appendVarint(out, d);
}

}  // namespace

std::uint64_t ByteReader::varint() {
  const std::uint8_t b = byte();
  if (b < kWide) return b;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{byte()} << (8 * i);
  return v;
}

std::int64_t ByteReader::signedVarint() {
  const std::uint8_t b = byte();
  if (b < kWide) return std::int64_t{b} - kSignedBias;
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= std::uint64_t{byte()} << (8 * i);
  return static_cast<std::int64_t>(v);
}

void appendSignedVarint(std::vector<std::uint8_t>& out, std::int64_t v) {
  if (v >= -kSignedBias && v < kWide - kSignedBias) {
    out.push_back(static_cast<std::uint8_t>(v + kSignedBias));
    return;
  }
  out.push_back(kWide);
  const auto u = static_cast<std::uint64_t>(v);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(u >> (8 * i)));
}

DecodedCase decodeCase(ByteReader& in) {
  DecodedCase c;
  const auto& ops = spec::allOps();
  const std::size_t inputs = in.byte() % 6;
  for (std::size_t j = 0; j < inputs; ++j) c.graph.inputs.push_back(readShape(in));
  const std::size_t nodes = in.byte() % 65;
  for (std::size_t k = 0; k < nodes; ++k) {
    spec::GraphNode node;
    const std::uint8_t opByte = in.byte();
    node.op = opByte < ops.size() ? ops[opByte] : nullptr;
    const std::uint8_t argByte = in.byte();
    const std::size_t argc = argByte < 0x80 ? (node.op ? node.op->arity : 0) : (argByte - 0x80) % 5;
    for (std::size_t i = 0; i < argc; ++i) node.args.push_back(static_cast<std::size_t>(in.varint()));
    const std::size_t attrs = in.byte() % 5;
    for (std::size_t i = 0; i < attrs; ++i) node.attrs.ints.push_back(in.signedVarint());
    c.graph.nodes.push_back(std::move(node));
  }
  const std::size_t envLength = in.byte() % 9;
  for (std::size_t i = 0; i < envLength; ++i) c.env.indices.push_back(in.signedVarint());
  return c;
}

std::vector<std::uint8_t> encodeCase(const spec::Graph& graph, const spec::Env& env) {
  std::vector<std::uint8_t> out;
  const auto& ops = spec::allOps();
  out.push_back(static_cast<std::uint8_t>(graph.inputs.size()));
  for (const spec::Shape& s : graph.inputs) appendShape(out, s);
  out.push_back(static_cast<std::uint8_t>(graph.nodes.size()));
  for (const spec::GraphNode& node : graph.nodes) {
    std::size_t index = ops.size();
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i] == node.op) index = i;
    }
    out.push_back(static_cast<std::uint8_t>(index < 0xFF ? index : 0xFF));
    out.push_back(static_cast<std::uint8_t>(0x80 + node.args.size()));
    for (std::size_t a : node.args) appendVarint(out, a);
    out.push_back(static_cast<std::uint8_t>(node.attrs.ints.size()));
    for (std::int64_t v : node.attrs.ints) appendSignedVarint(out, v);
  }
  out.push_back(static_cast<std::uint8_t>(env.indices.size()));
  for (std::int64_t v : env.indices) appendSignedVarint(out, v);
  return out;
}

}  // namespace tapecheck::fuzz
