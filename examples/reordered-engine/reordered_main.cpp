// `tapecheck_reordered`: the whole tapecheck command line (check, replay,
// show) on the reordered engine, in f64, f32, modp and tropical.
//   REORDERED_BUG=repeated-argument-twice|relu-grad-at-zero-is-one|
//                 matmul-vjp-not-transposed|sub-vjp-sign|contribution-overwritten
//   REORDERED_ORDER=all|none|one-by-one,depth-first,pairwise,blocked-matmul
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "cli/run.hpp"
#include "reordered_engine.hpp"

namespace {

std::string_view fromEnv(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string_view(value) : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const auto bug = reordered::parseBug(fromEnv("REORDERED_BUG", "none"));
  const auto orders = reordered::parseReorderings(fromEnv("REORDERED_ORDER", "all"));
  if (!bug || !orders) {
    std::cerr << "tapecheck_reordered: " << (bug ? orders.error() : bug.error()) << "\n";
    return 2;
  }
  tapecheck::cli::RuntimeSet engines;
  const auto add = [&]<class S>() {
    engines.withEngine<S>([bug = *bug, orders = *orders] { return reordered::reorderedEngine<S>(bug, orders); });
  };
  add.operator()<double>();
  add.operator()<float>();
  add.operator()<tapecheck::spec::ModP>();
  add.operator()<tapecheck::spec::Tropical>();
  return tapecheck::cli::run(argc, argv, engines);
}
