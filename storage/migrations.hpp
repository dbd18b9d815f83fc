#pragma once
// Forwarding header for storage/transfer.cpp, which moves to transfer/ on its own branch:
// remove it once that code includes storage/sqlite/migrations.hpp and storage/schema.hpp.
#include "storage/schema.hpp"
#include "storage/sqlite/migrations.hpp"
