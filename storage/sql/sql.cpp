#include "storage/sql/sql.hpp"

namespace goalpost::storage {

Transaction::Transaction(Database& db) : db_(db) { db_.begin_write(); }

Transaction::~Transaction() {
    if (done_ || !db_.in_transaction()) return;
    // No throwing from a destructor: a ROLLBACK that fails leaves the engine to roll back
    // when the connection closes.
    try {
        db_.exec("ROLLBACK");
    } catch (...) {
    }
}

void Transaction::commit() {
    db_.cached("COMMIT").run();
    done_ = true;
}

}  // namespace goalpost::storage
