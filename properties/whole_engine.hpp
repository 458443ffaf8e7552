#pragma once
// An engine tested as a whole (docs/engine-protocol.md): tapecheck hands it a
// case and asks for what it can report — forward values, gradients for a full
// seed context, its backward edges, a second backward on the same recording —
// and each property runs on those answers or says which capability it needs.
// Engines in another process (the protocol client, engines/) and in this one
// (a C++ adapter) both take this form.
#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "generators/config.hpp"
#include "generators/graph_case.hpp"
#include "properties/adapter.hpp"
#include "properties/edge_graph.hpp"
#include "properties/verdict.hpp"

namespace tapecheck::props {

/// What an engine can report; an absent capability is off, never an error.
struct Capabilities {
  bool values = false;          // forward value of every position
  bool gradients = false;       // gradient of every position for a full seed context
  bool edges = false;           // every backward edge of its recorded graph
  bool secondBackward = false;  // gradients of a second backward on one recording
};

/// One case and what is wanted of it. `c.seed` is the seed context the
/// gradients are for (a property may replace the case's own).
template <class S>
struct EngineRequest {
  gen::GraphCase<S> c;
  Capabilities want;
};

/// What the engine answered; each part is present when it was wanted.
template <class S>
struct EngineReply {
  std::optional<spec::Context<S>> values;
  std::optional<spec::Context<S>> gradients;
  std::optional<std::vector<BackwardEdge>> edges;
  std::optional<spec::Context<S>> gradientsAgain;
  /// The engine reported an error running the case: the property fails.
  std::optional<std::string> raised;
};

/// The engine itself broke down (crash, hang, a reply out of protocol, a
/// refusal): the case's verdict is ERROR.
struct EngineBroken {
  std::string why;
};

template <class S>
using EngineOutcome = std::expected<EngineReply<S>, EngineBroken>;

template <class S>
struct Engine {
  std::string name;
  Capabilities capabilities;
  /// How its float results are compared with the spec's (docs/floats.md):
  /// an engine's own order is not the spec's, so order-bound by default.
  Comparison compare = Comparison::orderBound();
  std::function<EngineOutcome<S>(const EngineRequest<S>&)> run;
  /// Optional (an engine that batches): the requests `run` will be called
  /// with next, in order, so that it can send them in batches. A reply from
  /// a batch answers only the identical request; any other goes alone.
  std::function<void(std::span<const EngineRequest<S>>)> prefetch;
};

/// A property of whole engines, by the same name as the runtime property it
/// mirrors where there is one.
template <class S>
struct EnginePropertySpec {
  std::string_view name;
  std::string_view theorem;
  /// The capability it needs, as the protocol names it ("gradients", ...).
  std::string_view needs;
  bool (*available)(const Capabilities&);
  Verdict (*check)(const Engine<S>&, const gen::GraphCase<S>&);
  gen::FloatValues values = gen::FloatValues::Finite;
  /// Why the property never applies in this domain, whatever the engine can
  /// do (e.g. "needs exact arithmetic"); empty when it may. Such a property
  /// is not run and is reported as "n/a: <reason>", never as holding.
  std::string_view notApplicable = {};
};

/// A per-node runtime seen as a whole engine with every capability: one
/// compileAux per request; values are the tape's, gradients come from
/// backwardDenseFrom (twice on the same tape for a second backward), edges
/// from each node's contributions for a zero cotangent.
template <class S>
Engine<S> wholeEngineFromRuntime(RuntimeAdapter<S> runtime);

/// Every engine property of domain S, available or not: an engine is told
/// what it could be checked for with one more capability.
template <class S>
std::span<const EnginePropertySpec<S>> engineCatalog();

template <class S>
const EnginePropertySpec<S>* findEngineProperty(std::string_view name);

/// The requests `property` makes of an engine for `cases`, in order, found
/// by running it on an engine that records them and breaks down (so each
/// check stops at its first request): what an engine may batch ahead.
template <class S>
std::vector<EngineRequest<S>> foreseenRequests(const EnginePropertySpec<S>& property,
                                               std::span<const gen::GraphCase<S>> cases);

}  // namespace tapecheck::props
