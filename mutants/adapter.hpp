#pragma once
// Every mutant is a RuntimeAdapter: the reference runtime with one piece
// wrapped or re-implemented wrongly.
#include "properties/adapter.hpp"

namespace tapecheck::mutants {

template <class S>
using Adapter = props::RuntimeAdapter<S>;

}  // namespace tapecheck::mutants
