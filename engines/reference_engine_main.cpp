// tapecheck_reference_engine: this repository's reference runtime as an
// engine of docs/engine-protocol.md, on stdin and stdout. With it,
// `tapecheck check --engine tapecheck_reference_engine` tests the protocol
// itself: any difference from the in-process runtime is a protocol bug.
#include <iostream>

#include "engines/protocol_server.hpp"

int main() {
  std::ios::sync_with_stdio(false);
  return tapecheck::engines::serve(tapecheck::engines::referenceServerEngines(), std::cin, std::cout);
}
