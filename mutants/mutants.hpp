#pragma once
// Deliberately broken runtimes: each wraps or re-implements one piece of the
// reference runtime with a bug that real autograd engines have had. One header
// per bug family; registry.hpp lists them as data.
#include "mutants/compile_mutants.hpp"
#include "mutants/harness_mutants.hpp"
#include "mutants/loop_mutants.hpp"
#include "mutants/seed_mutants.hpp"
#include "mutants/vjp_mutants.hpp"
