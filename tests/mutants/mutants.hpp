#pragma once
// Moved to mutants/mutants.hpp (the tapecheck_mutants library). This forward
// keeps cli/ building until it includes the new path; delete it then.
#include "mutants/mutants.hpp"
