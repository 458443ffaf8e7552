#include "cli/mutants_command.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/command_line.hpp"
#include "cli/domains.hpp"
#include "cli/text_table.hpp"
#include "cli/worker_pool.hpp"
#include "mutants/kill_matrix.hpp"
#include "properties/catalog.hpp"

namespace tapecheck::cli {
namespace {

bool wanted(const std::vector<std::string>& filter, std::string_view name) {
  return filter.empty() || std::find(filter.begin(), filter.end(), name) != filter.end();
}

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2fs", s);
  return buffer;
}

std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string shrunkSize(const mutants::KillCell& cell) {
  if (!cell.evidence.empty()) return cell.evidence;
  return counted(cell.shrunkNodes, "node") + ", " + counted(cell.shrunkMaxElements, "element") +
         (cell.withinBounds() ? "" : " (over the bounds)");
}

// A row crosses a process boundary with --jobs: the fields the report uses.
std::string serialize(const mutants::KillRow& row) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : row.cells) {
    cells.push_back({{"property", c.property}, {"killed", c.killed}, {"referenceFailsToo", c.referenceFailsToo},
                     {"casesToFirstFailure", c.casesToFirstFailure}, {"casesEvaluated", c.casesEvaluated},
                     {"shrunkNodes", c.shrunkNodes}, {"shrunkMaxElements", c.shrunkMaxElements},
                     {"seconds", c.seconds}, {"failure", c.failure}, {"shrunkListing", c.shrunkListing},
                     {"evidence", c.evidence}});
  }
  const nlohmann::json json = {{"domain", row.domain}, {"mutant", row.mutant}, {"bugClass", row.bugClass},
                               {"family", static_cast<int>(row.family)}, {"seed", row.seed}, {"cells", cells}};
  return json.dump();
}

Result<mutants::KillRow> deserializeKillRow(const std::string& bytes) {
  try {
    const nlohmann::json json = nlohmann::json::parse(bytes);
    mutants::KillRow row;
    row.domain = json.at("domain").get<std::string>();
    row.mutant = json.at("mutant").get<std::string>();
    row.bugClass = json.at("bugClass").get<std::string>();
    row.family = static_cast<mutants::BugFamily>(json.at("family").get<int>());
    row.seed = json.at("seed").get<std::uint64_t>();
    for (const auto& c : json.at("cells")) {
      mutants::KillCell cell;
      cell.property = c.at("property").get<std::string>();
      cell.killed = c.at("killed").get<bool>();
      cell.referenceFailsToo = c.at("referenceFailsToo").get<bool>();
      cell.casesToFirstFailure = c.at("casesToFirstFailure").get<std::size_t>();
      cell.casesEvaluated = c.at("casesEvaluated").get<std::size_t>();
      cell.shrunkNodes = c.at("shrunkNodes").get<std::size_t>();
      cell.shrunkMaxElements = c.at("shrunkMaxElements").get<std::size_t>();
      cell.seconds = c.at("seconds").get<double>();
      cell.failure = c.at("failure").get<std::string>();
      cell.shrunkListing = c.at("shrunkListing").get<std::string>();
      cell.evidence = c.at("evidence").get<std::string>();
      row.cells.push_back(std::move(cell));
    }
    return row;
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string("a worker's kill-matrix row is malformed: ") + e.what());
  }
}

struct PlannedRow {
  std::string domain;
  std::string mutant;
  std::function<mutants::KillRow()> run;
};

std::vector<PlannedRow> planRows(const MutantsOptions& options) {
  mutants::KillMatrixOptions matrix;
  matrix.seed = options.seed;
  matrix.maxSuccess = options.cases;
  matrix.properties = options.properties;
  std::vector<PlannedRow> plan;
  forEachDomain([&](auto tag) {
    using S = typename decltype(tag)::type;
    const std::string domain(spec::Domain<S>::name);
    if (!wanted(options.domains, domain)) return;
    for (const mutants::Mutant<S>& m : mutants::mutantsFor<S>()) {
      if (!wanted(options.mutants, m.name)) continue;
      plan.push_back({domain, std::string(m.name), [&m, matrix] { return mutants::killRow(m, matrix); }});
    }
  });
  return plan;
}

// What a row comes to: killed, and every kill within the bounds.
struct RowVerdict {
  std::size_t kills = 0;
  std::size_t overBounds = 0;
  const mutants::KillCell* fastest = nullptr;  // fewest cases to the first failure
};

RowVerdict judge(const mutants::KillRow& row) {
  RowVerdict v;
  for (const auto& c : row.cells) {
    if (!c.killed) continue;
    ++v.kills;
    if (!c.withinBounds()) ++v.overBounds;
    if (!v.fastest || c.casesToFirstFailure < v.fastest->casesToFirstFailure) v.fastest = &c;
  }
  return v;
}

class MatrixPrinter {
 public:
  MatrixPrinter(const MutantsOptions& options, std::ostream& out)
      : options_(options), out_(out), table_(header(options)) {}

  void add(const mutants::KillRow& row) {
    const RowVerdict v = judge(row);
    ++rows_;
    if (v.kills == 0) ++survivors_;
    overBounds_ += v.overBounds;
    if (v.fastest) casesToKill_.push_back(v.fastest->casesToFirstFailure);
    if (options_.format == MatrixFormat::Markdown) {
      markdownRows_.push_back(row);
    } else if (options_.format == MatrixFormat::Cells) {
      for (const auto& c : row.cells) addCell(row, c);
    } else {
      addSummary(row, v);
    }
  }

  void addLost(const PlannedRow& row, const std::string& why) {
    ++rows_;
    ++survivors_;
    out_ << "ERROR " << row.mutant << " in " << row.domain << ": " << why << "\n";
  }

  int finish() {
    if (options_.format == MatrixFormat::Markdown) {
      out_ << mutants::killMatrixMarkdown(markdownRows_);
    } else {
      out_ << table_.str();
    }
    out_ << "\n" << rows_ - survivors_ << " of " << rows_ << " mutant rows killed";
    if (overBounds_ > 0) {
      out_ << "; " << overBounds_ << " kills shrunk to more than " << mutants::kMaxShrunkNodes << " op nodes or "
           << mutants::kMaxShrunkElements << " elements";
    } else if (rows_ > survivors_) {
      out_ << ", every shrunk case within " << mutants::kMaxShrunkNodes << " op nodes and " << mutants::kMaxShrunkElements
           << " elements per tensor";
    }
    out_ << "\n";
    if (!casesToKill_.empty()) {
      std::sort(casesToKill_.begin(), casesToKill_.end());
      out_ << "cases to the first kill: median " << casesToKill_[casesToKill_.size() / 2] << ", worst "
           << casesToKill_.back() << " (a census counts every case it drew)\n";
    }
    return survivors_ == 0 && overBounds_ == 0 ? 0 : 1;
  }

 private:
  static std::vector<std::string> header(const MutantsOptions& options) {
    std::vector<std::string> h;
    if (options.format == MatrixFormat::Cells) {
      h = {"domain", "mutant", "property", "verdict", "cases to failure", "shrunk case"};
    } else {
      h = {"domain", "mutant", "family", "killed by", "first kill (cases)", "smallest shrunk case"};
    }
    if (options.timings) h.emplace_back("time");
    return h;
  }

  void addCell(const mutants::KillRow& row, const mutants::KillCell& c) {
    const std::string verdict = c.killed ? "killed" : c.referenceFailsToo ? "fails on the reference too" : "holds";
    std::vector<std::string> cells = {row.domain, row.mutant, c.property, verdict,
                                      c.casesToFirstFailure ? std::to_string(c.casesToFirstFailure) : "-",
                                      c.killed ? shrunkSize(c) : "-"};
    if (options_.timings) cells.push_back(seconds(c.seconds));
    table_.add(std::move(cells));
  }

  void addSummary(const mutants::KillRow& row, const RowVerdict& v) {
    const mutants::KillCell* smallest = row.smallestKill();
    std::vector<std::string> cells = {
        row.domain,
        row.mutant,
        std::string(mutants::familyName(row.family)),
        v.kills ? std::to_string(v.kills) + " of " + std::to_string(row.cells.size()) : "NOT KILLED",
        v.fastest ? v.fastest->property + " (" + std::to_string(v.fastest->casesToFirstFailure) + ")" : "-",
        smallest ? shrunkSize(*smallest) + " (" + smallest->property + ")" : "-"};
    if (options_.timings) cells.push_back(seconds(row.seconds()));
    table_.add(std::move(cells));
  }

  const MutantsOptions& options_;
  std::ostream& out_;
  TextTable table_;
  std::vector<mutants::KillRow> markdownRows_;  // Markdown is written in one piece
  std::size_t rows_ = 0;
  std::size_t survivors_ = 0;
  std::size_t overBounds_ = 0;
  std::vector<std::size_t> casesToKill_;  // per killed row, its fastest kill
};

void printZoo(std::ostream& out) {
  TextTable table({"mutant", "family", "must die in", "bug"});
  for (const auto& m : mutants::zooSummary()) {
    table.add({m.name, std::string(mutants::familyName(m.family)), m.domains, m.bugClass});
  }
  out << table.str();
}

}  // namespace

Status validateMutantsOptions(const MutantsOptions& options) {
  const std::vector<std::string> domains = domainNames();
  for (const auto& d : options.domains) {
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) return fail("unknown domain " + d);
  }
  const auto zoo = mutants::zooSummary();
  for (const auto& name : options.mutants) {
    const bool known = std::any_of(zoo.begin(), zoo.end(), [&](const auto& m) { return m.name == name; });
    if (!known) return fail("unknown mutant '" + name + "' (`tapecheck mutants --list` lists them)");
  }
  for (const auto& name : options.properties) {
    bool known = false;
    forEachDomain([&](auto tag) {
      using S = typename decltype(tag)::type;
      known = known || props::findProperty<S>(name) != nullptr;
    });
    if (!known) return fail("unknown property " + name);
  }
  if (options.cases < 1) return fail("--cases must be at least 1");
  return {};
}

int runMutants(const MutantsOptions& options, std::ostream& out) {
  if (options.list) {
    printZoo(out);
    return 0;
  }
  const std::vector<PlannedRow> plan = planRows(options);
  out << "tapecheck mutants: seed " << options.seed << ", " << options.cases << " cases per property, "
      << plan.size() << " mutant rows (mutant x domain where it must die)\n\n"
      << std::flush;
  MatrixPrinter printer(options, out);
  WorkerPoolOptions pool;
  pool.jobs = options.jobs == 0 ? hardwareJobs() : options.jobs;
  runInWorkers(
      plan.size(), pool, [&](std::size_t i, const ProgressFunction&) { return serialize(plan[i].run()); },
      [&](std::size_t i, Result<std::string> bytes) {
        Result<mutants::KillRow> row = bytes ? deserializeKillRow(*bytes) : fail(bytes.error());
        if (row) {
          printer.add(*row);
        } else {
          printer.addLost(plan[i], row.error());
        }
      });
  return printer.finish();
}

}  // namespace tapecheck::cli

namespace tapecheck::cli {

void addMutantsCommand(CommandLine& commandLine) {
  struct Flags {
    MutantsOptions options;
    std::string seed = "2";
    bool cells = false;
    bool markdown = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* mutants = commandLine.addCommand(
      "mutants", "The kill matrix: every broken runtime of the mutant zoo against every property", [flags] {
        MutantsOptions& options = flags->options;
        if (flags->cells && flags->markdown) {
          std::cerr << "tapecheck mutants: --cells and --markdown exclude each other\n";
          return kBadUsage;
        }
        Result<std::uint64_t> seed = parseSeed(flags->seed);
        if (!seed) {
          std::cerr << "tapecheck mutants: " << seed.error() << "\n";
          return kBadUsage;
        }
        options.seed = *seed;
        options.format = flags->markdown ? MatrixFormat::Markdown
                         : flags->cells  ? MatrixFormat::Cells
                                         : MatrixFormat::Summary;
        if (Status ok = validateMutantsOptions(options); !ok) {
          std::cerr << "tapecheck mutants: " << ok.error() << "\n";
          return kBadUsage;
        }
        return runMutants(options, std::cout);
      });
  MutantsOptions& o = flags->options;
  mutants->add_option("--seed", flags->seed, "RapidCheck seed for every pair")->default_str("2 (the kill test's)");
  mutants->add_option("--cases", o.cases, "Random cases per mutant and property")
      ->check(CLI::Range(1, 1'000'000))
      ->default_str("100");
  mutants->add_option("--mutant", o.mutants, "Only these mutants (comma-separated names, see --list)")
      ->delimiter(',');
  mutants->add_option("--domain", o.domains, "Only these domains (comma-separated)")->delimiter(',');
  mutants->add_option("--property", o.properties, "Only these properties (comma-separated)")->delimiter(',');
  mutants->add_option("--jobs,-j", o.jobs, "Worker processes (0: one per hardware thread)")
      ->check(CLI::Range(0, 256))
      ->default_str("1");
  mutants->add_flag("--cells", flags->cells, "One line per mutant x property pair instead of per mutant");
  mutants->add_flag("--markdown", flags->markdown, "A Markdown table (as in docs/mutants.md)");
  mutants->add_flag("--timings", o.timings, "Show a time column");
  mutants->add_flag("--list", o.list, "List the zoo: each mutant, its bug family and class, where it must die");
}

}  // namespace tapecheck::cli
