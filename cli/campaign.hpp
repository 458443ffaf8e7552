#pragma once
// Campaign mode: `tapecheck check --time 30m --shard k/n`. Rounds of the
// whole check, each on its own seed, until the time is up; every distinct
// failure (property, domain, op set, shape of the shrunk graph) is kept once,
// as <property>-<domain>-<hash>.json and .dot in --out, however many rounds,
// shards or machines find it again. docs/campaigns.md.
#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string_view>

#include "cli/check_command.hpp"

namespace tapecheck::cli {

/// "90", "90s", "30m", "1h30m", "2h": a positive whole number of seconds.
Result<std::chrono::seconds> parseDuration(std::string_view text);

/// "k/n" with 0 <= k < n.
Result<Shard> parseShard(std::string_view text);

/// The shard a CI runner or a Kubernetes Indexed Job assigns, from
/// GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS, else JOB_COMPLETION_INDEX (whose
/// total the pod is not told: total 0). Nothing set: no shard. A value that
/// is not a number is an error naming the variable.
Result<std::optional<Shard>> shardFromEnvironment(const std::function<const char*(const char*)>& getenv);

/// The seed of one round of one shard: the base seed itself for shard 0's
/// first round, so that a one-round campaign sees what `check --seed` sees;
/// a well-mixed distinct seed for every other (shard, round).
std::uint64_t campaignSeed(std::uint64_t base, int shard, int round);

/// Runs the campaign of `options` (time and/or shard set) and returns the
/// exit code: 0 nothing failed, 1 a property failed or errored on a finding
/// that is not --known.
int runCampaign(const CheckOptions& options, std::ostream& out, std::ostream& progress);

}  // namespace tapecheck::cli
