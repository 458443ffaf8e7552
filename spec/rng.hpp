#pragma once
#include <cstddef>
#include <cstdint>

__extension__ typedef unsigned __int128 tapecheck_uint128;

namespace tapecheck::spec {

/// A small deterministic random stream (SplitMix64). Op samplers draw from it so
/// that a whole graph case comes from one seed, without RapidCheck in spec/.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n); n must be positive.
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>((static_cast<tapecheck_uint128>(next()) * n) >> 64);
  }
  /// Uniform in [lo, hi] inclusive.
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::size_t>(hi - lo) + 1));
  }
  /// True with probability num/den.
  bool chance(std::size_t num, std::size_t den) { return below(den) < num; }

 private:
  std::uint64_t state_;
};

}  // namespace tapecheck::spec
