#pragma once
// What makes two failures the same finding: the property and domain, the set
// of ops, and the shape of the shrunk graph (input shapes, each node's op,
// arguments and attributes) — never its values, which differ from seed to
// seed while the bug is the same. Campaigns keep one case file per key, and
// `--known` recognizes a logged finding by it.
#include <string>
#include <string_view>

#include "spec/graph.hpp"

namespace tapecheck::cli {

/// "T3_backward_eq_spec in f64 | ops mul,sum | inputs [2] [] | %2 = mul(%0,%0) | %3 = sum(%2)":
/// readable, so that a campaign can print why two failures count as one.
std::string findingKey(std::string_view property, std::string_view domain, const spec::Graph& graph);

/// A 16-hex-digit digest of a finding key (FNV-1a, 64 bits): the file-name
/// part that tells findings apart.
std::string findingHash(std::string_view key);

}  // namespace tapecheck::cli
