#pragma once
// The one error type of storage/, whichever database is behind it.
#include <stdexcept>

namespace goalpost::storage {

// The environment failed (disk full, file unwritable, corrupt database, busy too long).
// Caught once at the edge; never shown to a chat user.
class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace goalpost::storage
