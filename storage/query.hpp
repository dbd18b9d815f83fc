#pragma once
// Forwarding header for storage/transfer.cpp, which moves to transfer/ on its own branch:
// remove it once that code includes storage/sqlite/query.hpp and storage/rows.hpp.
#include "storage/rows.hpp"
#include "storage/sqlite/query.hpp"
