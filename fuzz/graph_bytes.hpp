#pragma once
// A byte encoding of graph cases for the fuzzers: every byte string decodes to
// some spec::Graph (often ill-typed, on purpose: unregistered ops, wrong
// arity, forward arguments, huge or empty axes, extreme attributes) plus Δ and
// integer values; encode() is its inverse, for seed corpora.
//
// Layout (a varint is one byte < 0xF0, or 0xF0+ then 8 little-endian bytes):
//   inputs: count%6, then per input a shape (rank%5, then varint dims)
//   nodes:  count%65, then per node: op byte (index into spec::allOps(), past
//           the end = unregistered), arg-count byte (< 0x80: the op's arity,
//           else (b-0x80)%5), varint args, attr count%5, signed varint attrs
//   env:    count%9, signed varints
//   values: signed varints for every input element, then every seed element
// Signed varints map byte b < 0xF0 to b - 120. Missing bytes read as 0.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "spec/graph.hpp"
#include "spec/op.hpp"

namespace tapecheck::fuzz {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::uint8_t byte() { return pos_ < bytes_.size() ? bytes_[pos_++] : 0; }
  std::uint64_t varint();
  std::int64_t signedVarint();
  /// Bytes read so far (never past the end).
  std::size_t consumed() const { return pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

struct DecodedCase {
  spec::Graph graph;
  spec::Env env;
};

/// The graph and Δ; the reader is left at the values.
DecodedCase decodeCase(ByteReader& in);

/// Bytes that decode back to `graph` and `env` (values appended by the caller).
std::vector<std::uint8_t> encodeCase(const spec::Graph& graph, const spec::Env& env);
void appendSignedVarint(std::vector<std::uint8_t>& out, std::int64_t v);

}  // namespace tapecheck::fuzz
