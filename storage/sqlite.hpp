#pragma once
// Forwarding header for storage/transfer.cpp, which moves to transfer/ on its own branch:
// remove it once that code includes storage/sqlite/sqlite.hpp and storage/schema.hpp.
#include "storage/errors.hpp"
#include "storage/schema.hpp"
#include "storage/sqlite/sqlite.hpp"
