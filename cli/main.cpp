// The `tapecheck` command: the library's command line on the reference
// runtime, plus `mutants` (the kill matrix of the mutant zoo). Exit codes: 0
// all hold, 1 a property failed, 2 bad usage or input.
#include "cli/command_line.hpp"
#include "cli/mutants_command.hpp"

int main(int argc, char** argv) {
  tapecheck::cli::CommandLine commandLine;
  tapecheck::cli::addMutantsCommand(commandLine);
  return commandLine.run(argc, argv);
}
