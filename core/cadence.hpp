#pragma once
// The cadence moved to core/schedule/. core/ports.hpp, not edited with that move, still
// includes it under this name; remove this file once ports.hpp includes the new one.
#include "core/schedule/cadence.hpp"
