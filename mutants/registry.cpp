#include "mutants/registry.hpp"

#include <array>
#include <utility>

#include "mutants/mutants.hpp"
#include "spec/scalar/domains.hpp"

namespace tapecheck::mutants {
namespace {

constexpr std::array<std::pair<std::string_view, std::uint8_t>, 4> kDomainBits = {{
    {"modp", DomainSet::kModP},
    {"f64", DomainSet::kF64},
    {"f32", DomainSet::kF32},
    {"tropical", DomainSet::kTropical},
}};

// One row per mutant, whatever the domain; mutantsFor filters it.
template <class S>
std::vector<Mutant<S>> buildZoo() {
  using D = DomainSet;
  using F = BugFamily;
  return {
      {"overwrite instead of accumulate", "a slot is assigned each contribution (grad = g) instead of adding it",
       F::ReverseLoop, D::kAll, &overwriteInsteadOfAccumulate<S>, {}},
      {"forward iteration order", "the reverse loop visits ids upwards, before their consumers contributed",
       F::ReverseLoop, D::kAll, &forwardIterationOrder<S>, {}},
      {"contributions to leaves skipped", "only nodes with an op receive contributions; leaves keep their seed",
       F::ReverseLoop, D::kAll, &contributionsToLeavesSkipped<S>, {}},
      {"contributions added newest first",
       "contributions wait on a per-node stack and are folded in reverse arrival order "
       "(a float-only difference: the order of the whole fold changes, not just new + existing)",
       F::ReverseLoop, D::kFloats, &contributionsAddedNewestFirst<S>, {}},
      {"gradients not zeroed between runs", "each backward adds the previous run's gradients (no zero_grad)",
       F::ReverseLoop, D::kModP | D::kFloats, &gradientsNotZeroedBetweenRuns<S>, {}},
      {"gradients flattened to rank 1", "the returned gradients lose their shapes",
       F::ReverseLoop, D::kAll, &flattenedGradients<S>, {}},
      {"reachability follows the first parent only",
       "the reachable-only loop marks only each node's first parent as reached",
       F::ReachableLoop, D::kModP | D::kTropical, &reachabilityFollowsFirstParentOnly<S>, {}},
      // The weakest kill of the zoo: reachable_eq_dense only looks at the last
      // node's cone, where fan-out is rare; ModP is its most reliable domain
      // (39 of 40 seeds), floats and Tropical lose it more often.
      {"reachable backward drops later fan-out contributions",
       "the reachable-only loop skips a contribution to a node it has already reached, as a traversal skips a "
       "node it has seen, so a fan-out node keeps only its first path's gradient",
       F::ReachableLoop, D::kModP, &reachableDropsLaterFanOutContributions<S>, {}},
      {"backward returns pid == id", "every closure also contributes to its own id (a self-edge)",
       F::CompiledClosure, D::kAll, &selfEdge<S>, {}},
      {"requires_grad false on leaves", "input leaves are compiled with requires_grad = false",
       F::CompiledClosure, D::kAll, &leavesWithoutRequiresGrad<S>, {}},
      {"node values off by one position", "a node's stored forward value is its predecessor's",
       F::CompiledClosure, D::kAll, &valuesShiftedByOne<S>, {}},
      {"parent id off by one", "closures report contributions under pid + 1 (1-based ids)",
       F::CompiledClosure, D::kAll, &parentIdOffByOne<S>, {}},
      {"repeated argument keeps the first cotangent only",
       "a repeated argument (mul(x, x)) gets only its first argument's cotangent",
       F::CompiledClosure, D::kAll, &repeatedArgumentKeepsFirstCotangent<S>, {}},
      {"accumulator starts at literal 0.0",
       "a parent's cotangent is summed from the literal 0.0, which is not the zero of max-plus",
       F::CompiledClosure, D::kTropical, &accumulatorStartsAtLiteralZero<S>, {}},
      {"closure captures the output of the wrong position",
       "a closure reads its saved output at node index k instead of tape id |inputs| + k",
       F::CompiledClosure, D::kFloats, &savedOutputAtNodeIndex<S>, {}},
      {"matmul VJP uses B instead of its transpose", "dA = delta * B instead of delta * B^T (square B)",
       F::OpVjp, D::kAll, &transposedMatmulVjp<S>, {}},
      {"broadcast VJP not reduced", "broadcastTo's VJP returns delta in the output's shape, unsummed",
       F::OpVjp, D::kAll, &unreducedBroadcastVjp<S>, {}},
      {"gather VJP clamps out-of-range indices",
       "gather's VJP clamps an out-of-range index and sends it the gradient the forward never read",
       F::OpVjp, D::kAll, &clampedGatherVjp<S>, {}},
      {"implicit unit seed at the output", "one is added to the output's seed, as a scalar loss.backward() does",
       F::Seed, D::kAll, &implicitUnitSeed<S>, {}},
      {"seed ignored at non-output positions", "only the last node's seed is used; the rest of the context is dropped",
       F::Seed, D::kAll, &seedIgnoredAwayFromOutput<S>, {}},
      {"seed added twice", "the seed is added when slots are initialised and again on each visit",
       F::Seed, D::kModP | D::kFloats, &seedAddedTwice<S>, {}},
      {"comparison skips the last element",
       "the comparison every property uses never looks at the last element of a tensor (an off-by-one bound)",
       F::Comparison, D::kAll, &props::referenceAdapter<S>, {.comparison = &comparisonSkippingLastElements<S>}},
      {"comparison skips the last position",
       "the comparison every property uses never looks at the last position, the output's",
       F::Comparison, D::kAll, &props::referenceAdapter<S>, {.comparison = &comparisonSkippingLastPosition<S>}},
      {"guard takes zero for non-finite",
       "zero_seed_gives_zero's finiteness guard also turns away every case with a zero value",
       F::Applicability, D::kAll, &props::referenceAdapter<S>, {.property = &eagerZeroSeedGuard<S>}},
      {"generator never draws -0", "every -0 the generator draws comes out as +0",
       F::Generator, D::kFloats, &props::referenceAdapter<S>, {.generator = &generatorWithoutNegativeZero<S>}},
      {"generator never draws gather", "gather is missing from the generator's op list",
       F::Generator, D::kAll, &props::referenceAdapter<S>, {.generator = &generatorWithoutGather<S>}},
      {"neg loses the sign of zero", "neg computed as 0 + -x in the kernel spec and runtime share: neg(+0) = +0",
       F::SharedKernel, D::kFloats, &props::referenceAdapter<S>, {.op = &negLosingSignOfZero<S>}},
      {"transpose2d index map shared by forward and VJP",
       "transpose2d copies in row-major order, and its VJP is the exact adjoint of that wrong forward",
       F::SharedKernel, D::kAll, &props::referenceAdapter<S>, {.op = &transposeWithSharedWrongIndexMap<S>}},
      {"gather VJP drops repeated rows in spec and runtime",
       "gather's VJP, shared by spec and runtime, assigns instead of adding: a row read twice gets one cotangent",
       F::SharedKernel, D::kAll, &props::referenceAdapter<S>, {.op = &gatherVjpSharedOverwrite<S>}},
      {"softmax VJP sums over the whole tensor in spec and runtime",
       "softmax's VJP, shared by spec and runtime, takes its dot product over every row at once",
       F::SharedKernel, D::kFloats, &props::referenceAdapter<S>, {.op = &softmaxVjpSharedWholeTensor<S>}},
  };
}

}  // namespace

std::string_view familyName(BugFamily family) {
  switch (family) {
    case BugFamily::ReverseLoop: return "reverse loop";
    case BugFamily::ReachableLoop: return "reachable-only loop";
    case BugFamily::CompiledClosure: return "compile / closure";
    case BugFamily::OpVjp: return "op VJP";
    case BugFamily::Seed: return "seed";
    case BugFamily::Comparison: return "harness: comparison";
    case BugFamily::Applicability: return "harness: applicability";
    case BugFamily::Generator: return "harness: generator";
    case BugFamily::SharedKernel: return "harness: shared kernel";
  }
  return "?";
}

bool DomainSet::contains(std::string_view domainName) const {
  for (const auto& [name, bit] : kDomainBits) {
    if (name == domainName) return (bits_ & bit) != 0;
  }
  return false;
}

std::string DomainSet::str() const {
  std::string out;
  for (const auto& [name, bit] : kDomainBits) {
    if ((bits_ & bit) == 0) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

template <class S>
std::span<const Mutant<S>> zooFor() {
  static const std::vector<Mutant<S>> all = buildZoo<S>();
  return all;
}

template <class S>
std::span<const Mutant<S>> mutantsFor() {
  static const std::vector<Mutant<S>> list = [] {
    std::vector<Mutant<S>> all(zooFor<S>().begin(), zooFor<S>().end());
    std::erase_if(all, [](const Mutant<S>& m) { return !m.domains.contains(spec::Domain<S>::name); });
    return all;
  }();
  return list;
}

template <class S>
const Mutant<S>* findMutant(std::string_view name) {
  for (const auto& m : mutantsFor<S>()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::vector<MutantSummary> zooSummary() {
  std::vector<MutantSummary> out;
  for (const auto& m : zooFor<spec::ModP>()) {
    out.push_back({std::string(m.name), std::string(m.bugClass), m.family, m.domains.str()});
  }
  return out;
}

#define TAPECHECK_INSTANTIATE(S)                                    \
  template std::span<const Mutant<S>> zooFor<S>();                  \
  template std::span<const Mutant<S>> mutantsFor<S>();              \
  template const Mutant<S>* findMutant<S>(std::string_view);
TAPECHECK_FOR_EACH_DOMAIN(TAPECHECK_INSTANTIATE)
#undef TAPECHECK_INSTANTIATE

}  // namespace tapecheck::mutants
