#pragma once
// The whole `tapecheck` command line as a library call, for a program of your
// own that tests your runtime: check, replay, show and ops, the failure case
// files, pictures and replay commands, and the exit codes (0 all hold, 1 a
// property failed or errored, 2 bad usage or input).
//
//   int main(int argc, char** argv) {
//     return tapecheck::cli::run(argc, argv, RuntimeSet{}.with<double>(myAdapter));
//   }
#include "cli/runtime_set.hpp"

namespace tapecheck::cli {

/// Parses argv and runs the chosen subcommand against `runtimes`.
int run(int argc, char** argv, const RuntimeSet& runtimes = {});

}  // namespace tapecheck::cli
