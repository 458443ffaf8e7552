#include "cli/campaign.hpp"

#include <unistd.h>

#include <charconv>
#include <map>
#include <ostream>
#include <sstream>

#include "cli/check_report.hpp"
#include "cli/failure_artifacts.hpp"
#include "cli/finding_key.hpp"
#include "cli/json_at.hpp"

namespace tapecheck::cli {
namespace {

std::optional<long long> wholeNumber(std::string_view text) {
  long long value = 0;
  const auto [stop, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || stop != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string durationText(std::chrono::seconds d) {
  const long long s = d.count();
  std::string text;
  if (s >= 3600) text += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) text += std::to_string(s % 3600 / 60) + "m";
  if (s % 60 != 0 || text.empty()) text += std::to_string(s % 60) + "s";
  return text;
}

std::string shardText(const Shard& shard) {
  return "shard " + std::to_string(shard.index) + (shard.total > 0 ? " of " + std::to_string(shard.total) : "");
}

void replaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::size_t caseFilesIn(const std::filesystem::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) n += entry.path().extension() == ".json";
  return n;
}

// What the campaign adds up for one property in one domain over its rounds.
struct Totals {
  int rounds = 0;
  long long cases = 0;
  int failed = 0;    // runs that failed or errored on a finding not --known
  int known = 0;     // runs that failed on a --known finding
  int findings = 0;  // new distinct findings this campaign wrote
  std::string notRun;  // "needs ..." or "n/a: ..." when it never runs
};

// One round's failures, for its line.
struct RoundTally {
  int runs = 0;
  int failed = 0;
  int fresh = 0;
  int already = 0;
  int known = 0;
};

class Campaign {
 public:
  Campaign(const CheckOptions& options, std::ostream& out, std::ostream& progress)
      : options_(options), out_(out), progress_(progress), shard_(options.shard.value_or(Shard{})) {}

  int run() {
    CheckReport(options_, out_).header();
    std::error_code ec;
    std::filesystem::create_directories(options_.outDir, ec);
    out_ << "campaign: " << (options_.time ? "rounds for " + durationText(*options_.time) : std::string("one round"))
         << ", " << shardText(shard_) << "; each distinct finding is kept once in "
         << shellQuoted(options_.outDir.string()) << " (" << caseFilesIn(options_.outDir) << " already there)\n\n"
         << std::flush;
    const auto deadline = std::chrono::steady_clock::now() + options_.time.value_or(std::chrono::seconds(0));
    int round = 0;
    do {
      runRound(round++);
    } while (options_.time && std::chrono::steady_clock::now() < deadline);
    return summary(round);
  }

 private:
  void runRound(int round) {
    CheckOptions roundOptions = options_;
    roundOptions.time.reset();
    roundOptions.shard.reset();
    roundOptions.settings.seed = campaignSeed(options_.settings.seed, shard_.index, round);
    roundOptions.outDir = options_.outDir / (".round-" + std::to_string(getpid()) + "-" + std::to_string(round));
    std::ostringstream unused;  // a round's own header and table are the campaign's to print
    const CheckReport report(roundOptions, unused);
    RoundTally tally;
    runEachPlannedRun(roundOptions, report, progress_, [&](const ReportedRun& run) {
      keep(run, round, roundOptions.outDir, tally);
    });
    std::error_code ec;
    std::filesystem::remove_all(roundOptions.outDir, ec);
    out_ << "round " << round << " (seed " << roundOptions.settings.seed << "): " << tally.runs << " property runs, ";
    if (tally.failed + tally.known == 0) {
      out_ << "all hold\n";
    } else {
      out_ << tally.failed << " failed: " << tally.fresh << " new findings, " << tally.already << " found before (in --out)";
      if (tally.known > 0) out_ << "; " << tally.known << " failed on a logged finding (--known)";
      out_ << "\n";
    }
    out_ << std::flush;
  }

  void keep(const ReportedRun& run, int round, const std::filesystem::path& scratch, RoundTally& tally) {
    const auto id = std::pair{run.domain, run.property};
    if (!totals_.contains(id)) order_.push_back(id);
    Totals& totals = totals_[id];
    ++tally.runs;
    if (run.outcome == RunOutcome::NeedsCapability || run.outcome == RunOutcome::NotApplicable ||
        run.outcome == RunOutcome::Skipped) {
      totals.notRun = run.row.size() > kVerdictColumn ? run.row[kVerdictColumn] : outcomeName(run.outcome);
      return;
    }
    ++totals.rounds;
    if (run.row.size() > kCasesColumn) totals.cases += wholeNumber(run.row[kCasesColumn]).value_or(0);
    if (run.outcome == RunOutcome::Holds) return;
    if (!run.knownAs.empty()) {
      ++tally.known;
      ++totals.known;
      return;
    }
    ++tally.failed;
    ++totals.failed;
    if (!run.leftCaseFile || run.findingKey.empty()) {
      out_ << run.section << std::flush;  // a lost run: nothing to deduplicate
      return;
    }
    const std::string oldStem = artifactStem(run.property, run.domain);
    const std::string stem = oldStem + "-" + findingHash(run.findingKey);
    const std::filesystem::path target = options_.outDir / (stem + ".json");
    std::error_code ec;
    if (std::filesystem::exists(target, ec)) {
      ++tally.already;
      return;
    }
    std::filesystem::rename(scratch / (oldStem + ".json"), target, ec);
    if (!ec) std::filesystem::rename(scratch / (oldStem + ".dot"), options_.outDir / (stem + ".dot"), ec);
    if (ec) {
      out_ << "could not keep the finding " << stem << ": " << ec.message() << "\n";
      return;
    }
    ++tally.fresh;
    ++totals.findings;
    std::string section = run.section;
    replaceAll(section, (scratch / oldStem).string(), (options_.outDir / stem).string());
    out_ << "NEW FINDING " << stem << " (round " << round << ")\n  key: " << run.findingKey << "\n" << section
         << std::flush;
  }

  int summary(int rounds) {
    TextTable table({"property", "domain", "rounds", "cases", "failed", "known", "findings", "verdict"});
    int failed = 0;
    int known = 0;
    int runs = 0;
    for (const auto& id : order_) {
      const Totals& t = totals_[id];
      failed += t.failed;
      known += t.known;
      runs += t.rounds;
      if (!t.notRun.empty() && t.rounds == 0) {
        table.add({id.second, id.first, "-", "-", "-", "-", "-", t.notRun});
        continue;
      }
      const std::string verdict = t.failed > 0 ? "FAIL" : t.known > 0 ? "known" : "holds";
      table.add({id.second, id.first, std::to_string(t.rounds), std::to_string(t.cases), std::to_string(t.failed),
                 std::to_string(t.known), std::to_string(t.findings), verdict});
    }
    out_ << "\n" << table.str() << "\n";
    out_ << "campaign: " << rounds << " rounds, " << runs << " property runs";
    if (failed == 0) {
      out_ << ", all hold" << (known > 0 ? " but " + std::to_string(known) + " on a known finding (--known)" : "");
    } else {
      out_ << ", " << failed << " failed; distinct findings are in " << shellQuoted(options_.outDir.string()) << " ("
           << caseFilesIn(options_.outDir) << " case files)";
      if (known > 0) out_ << "; " << known << " failed on a known finding (--known)";
    }
    out_ << "\n" << std::flush;
    return failed > 0 ? 1 : 0;
  }

  const CheckOptions& options_;
  std::ostream& out_;
  std::ostream& progress_;
  Shard shard_;
  std::map<std::pair<std::string, std::string>, Totals> totals_;
  std::vector<std::pair<std::string, std::string>> order_;
};

}  // namespace

Result<std::chrono::seconds> parseDuration(std::string_view text) {
  const auto bad = [&] {
    return fail("--time " + quoteShort(text) + " is not a duration: give seconds (90, 90s), minutes (30m) or hours (1h30m), at most a year");
  };
  // A year at most: the deadline is a steady_clock time point in nanoseconds.
  constexpr long long kLongest = 366LL * 24 * 3600;
  if (const auto plain = wholeNumber(text)) {
    if (*plain == 0 || *plain > kLongest) return bad();
    return std::chrono::seconds(*plain);
  }
  // Units in the order h, m, s, each at most once: "1h30m", not "30m1h" or "1m1m".
  constexpr std::string_view kUnits = "hms";
  constexpr long long kScale[] = {3600, 60, 1};
  long long total = 0;
  std::size_t start = 0;
  int lastUnit = -1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') continue;
    const std::size_t unit = kUnits.find(text[i]);
    const auto count = wholeNumber(text.substr(start, i - start));
    if (unit == std::string_view::npos || !count || static_cast<int>(unit) <= lastUnit || *count > kLongest) {
      return bad();
    }
    total += *count * kScale[unit];
    lastUnit = static_cast<int>(unit);
    start = i + 1;
  }
  if (start != text.size() || total == 0 || total > kLongest) return bad();
  return std::chrono::seconds(total);
}

Result<Shard> parseShard(std::string_view text) {
  const std::size_t slash = text.find('/');
  const auto index = slash == std::string_view::npos ? std::nullopt : wholeNumber(text.substr(0, slash));
  const auto total = slash == std::string_view::npos ? std::nullopt : wholeNumber(text.substr(slash + 1));
  if (!index || !total || *total == 0 || *index >= *total || *total > 1'000'000) {
    return fail("--shard " + quoteShort(text) + " is not a shard: give k/n with 0 <= k < n (0/4 is the first of four)");
  }
  return Shard{static_cast<int>(*index), static_cast<int>(*total)};
}

Result<std::optional<Shard>> shardFromEnvironment(const std::function<const char*(const char*)>& getenv) {
  const auto number = [&](const char* name) -> Result<std::optional<long long>> {
    const char* value = getenv(name);
    if (value == nullptr) return std::optional<long long>{};
    const auto n = wholeNumber(value);
    if (!n || *n > 1'000'000) return fail(std::string(name) + "=" + quoteShort(value) + " is not a shard number");
    return std::optional<long long>{*n};
  };
  Result<std::optional<long long>> index = number("GTEST_SHARD_INDEX");
  Result<std::optional<long long>> total = number("GTEST_TOTAL_SHARDS");
  if (!index) return fail(index.error());
  if (!total) return fail(total.error());
  if (index->has_value() && total->has_value()) {
    if (**index >= **total) return fail("GTEST_SHARD_INDEX must be below GTEST_TOTAL_SHARDS");
    return std::optional<Shard>{Shard{static_cast<int>(**index), static_cast<int>(**total)}};
  }
  Result<std::optional<long long>> job = number("JOB_COMPLETION_INDEX");
  if (!job) return fail(job.error());
  if (job->has_value()) return std::optional<Shard>{Shard{static_cast<int>(**job), 0}};
  return std::optional<Shard>{};
}

std::uint64_t campaignSeed(std::uint64_t base, int shard, int round) {
  if (shard == 0 && round == 0) return base;
  return splitmix(splitmix(base ^ splitmix(static_cast<std::uint64_t>(shard))) + static_cast<std::uint64_t>(round));
}

int runCampaign(const CheckOptions& options, std::ostream& out, std::ostream& progress) {
  return Campaign(options, out, progress).run();
}

}  // namespace tapecheck::cli
