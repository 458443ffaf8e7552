#pragma once
#include <cstddef>
#include <iosfwd>
#include <string>

#include "spec/graph_data.hpp"

namespace tapecheck::gen {

/// Which kind of seed context a case carries.
enum class SeedKind { Full, OneHotLast, Zero };

std::string seedKindName(SeedKind kind);

/// The kind of a seed context, read off its values.
template <class S>
SeedKind seedKindOf(const spec::Context<S>& seed);

/// Everything one property check needs: a validated graph in domain S, its
/// inputs, the environment Δ and a full seed context (one cotangent per position).
template <class S>
struct GraphCase {
  spec::GraphData<S> data;
  spec::Context<S> inputs;
  spec::Env env;
  spec::Context<S> seed;

  const spec::Graph& graph() const { return data.graph; }
  std::size_t nodeCount() const { return data.graph.nodes.size(); }
};

/// A readable listing: one line per position (id, op, args, shape, values),
/// then Δ and the seed context.
template <class S>
std::string listing(const GraphCase<S>& c);

/// The same listing written to `os` line by line, without building it whole.
template <class S>
void writeListing(const GraphCase<S>& c, std::ostream& os);

/// How RapidCheck prints a counterexample (found by argument-dependent lookup).
template <class S>
void showValue(const GraphCase<S>& c, std::ostream& os);

/// "[1, 2.5, -0]": a tensor's elements in the domain's exact text form.
template <class S>
std::string formatValues(const spec::Tensor<S>& t);

}  // namespace tapecheck::gen
