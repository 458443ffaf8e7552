#pragma once
// Broken op VJPs. Each runtime compiles with a copy of the registered op whose
// VJP kernel in domain S is replaced; the spec keeps the registered op, so the
// runtime's stored VJP differs from the spec's.
#include <algorithm>

#include "mutants/mutant_compile.hpp"

namespace tapecheck::mutants {

/// matmul's dA = δ·Bᵀ computed as δ·B. Only a square B has a B to multiply
/// by (anything else fails a shape check at once), so that is where the bug
/// survives; other shapes get the correct VJP.
template <class S>
void matmulVjpWithUntransposedB(const spec::OpCall<S>& c, const spec::Tensor<S>& delta,
                                std::span<spec::Tensor<S>> d) {
  const spec::Tensor<S>& a = *c.args[0];
  const spec::Tensor<S>& b = *c.args[1];
  const std::size_t m = a.shape[0], n = a.shape[1], p = b.shape[1];
  const bool square = n == p;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k < n; ++k) {
      S acc = spec::zero<S>();
      for (std::size_t j = 0; j < p; ++j) acc = acc + delta[i * p + j] * (square ? b[j * p + k] : b[k * p + j]);
      d[0][i * n + k] = acc;
    }
  }
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t j = 0; j < p; ++j) {
      S acc = spec::zero<S>();
      for (std::size_t i = 0; i < m; ++i) acc = acc + a[i * n + k] * delta[i * p + j];
      d[1][k * p + j] = acc;
    }
  }
}

template <class S>
Adapter<S> transposedMatmulVjp() {
  return compilingWithOpReplaced<S>("matmul VJP uses B instead of its transpose", "matmul",
                                    opWithVjp<S, &matmulVjpWithUntransposedB<S>>("matmul"));
}

/// broadcastTo's VJP returns δ as it is, in the output's shape, instead of
/// summing it back to the argument's shape (a missing `sum_to_size`).
template <class S>
void broadcastVjpNotReduced(const spec::OpCall<S>&, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  d[0] = delta;
}

template <class S>
Adapter<S> unreducedBroadcastVjp() {
  return compilingWithOpReplaced<S>("broadcast VJP not reduced", "broadcastTo",
                                    opWithVjp<S, &broadcastVjpNotReduced<S>>("broadcastTo"));
}

/// gather's VJP clamps an out-of-range index into [0, n) and scatters δ's row
/// there, where the forward read zeros (GPU-style index clamping in the
/// backward only). Rows past the end of Δ still receive nothing.
template <class S>
void gatherVjpClampsIndices(const spec::OpCall<S>& c, const spec::Tensor<S>& delta, std::span<spec::Tensor<S>> d) {
  if (delta.size() == 0) return;
  const std::vector<std::int64_t>& indices = c.env.indices;
  const std::size_t offset = static_cast<std::size_t>(c.attrs.ints[0]);
  const auto rows = static_cast<std::int64_t>(c.args[0]->shape[0]);
  const std::size_t count = delta.shape[0], width = delta.size() / count;
  for (std::size_t i = 0; i < count; ++i) {
    if (rows == 0 || offset >= indices.size() || i >= indices.size() - offset) continue;
    const std::int64_t row = std::clamp<std::int64_t>(indices[offset + i], 0, rows - 1);
    const std::size_t to = static_cast<std::size_t>(row) * width;
    for (std::size_t r = 0; r < width; ++r) d[0][to + r] = d[0][to + r] + delta[i * width + r];
  }
}

template <class S>
Adapter<S> clampedGatherVjp() {
  return compilingWithOpReplaced<S>("gather VJP clamps out-of-range indices", "gather",
                                    opWithVjp<S, &gatherVjpClampsIndices<S>>("gather"));
}

}  // namespace tapecheck::mutants
