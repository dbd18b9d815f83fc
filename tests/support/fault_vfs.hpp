#pragma once
// A SQLite VFS that wraps the platform's default one and, while switched on, fails every
// write with the error a full disk (SQLITE_FULL) or a broken/unwritable device
// (SQLITE_IOERR_WRITE) gives. Registered as the default VFS for the life of a FaultVfs, so
// the code under test opens its files through it without knowing. The same technique as
// SQLite's own test VFS (src/test_vfs.c), much reduced.
#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

namespace goalpost::testing {

class FaultVfs {
public:
    enum class Fault { none, disk_full, io_error };

    FaultVfs() {
        real_ = sqlite3_vfs_find(nullptr);
        if (real_ == nullptr) throw std::runtime_error("no default sqlite VFS");
        self() = this;
        vfs_ = *real_;
        vfs_.zName = "goalpost-fault";
        vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
        vfs_.pAppData = this;
        vfs_.xOpen = &open;
        if (sqlite3_vfs_register(&vfs_, 1) != SQLITE_OK) throw std::runtime_error("cannot register fault VFS");
    }
    ~FaultVfs() {
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_vfs_register(real_, 1);
        self() = nullptr;
    }
    FaultVfs(const FaultVfs&) = delete;
    FaultVfs& operator=(const FaultVfs&) = delete;

    void set(Fault f) { fault_.store(f); }
    // Lets `syncs` more syncs succeed, then switches `f` on: a disk that fills up right after
    // a transaction committed (a commit in WAL mode syncs the log once).
    void fail_after_syncs(int syncs, Fault f) {
        armed_fault_.store(f);
        syncs_left_.store(syncs);
    }
    // Writes refused since construction.
    long long refused_writes() const { return refused_.load(); }

private:
    struct File {
        sqlite3_file base;
        sqlite3_file* real;  // points just past this struct, in the same allocation
    };

    static FaultVfs*& self() {
        static FaultVfs* instance = nullptr;
        return instance;
    }
    static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

    // The error to fail a write with, or SQLITE_OK to let it through.
    static int injected() {
        FaultVfs* v = self();
        if (v == nullptr) return SQLITE_OK;
        switch (v->fault_.load()) {
            case Fault::none: return SQLITE_OK;
            case Fault::disk_full: ++v->refused_; return SQLITE_FULL;
            case Fault::io_error: ++v->refused_; return SQLITE_IOERR_WRITE;
        }
        return SQLITE_OK;
    }

    static int open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
        auto* me = static_cast<FaultVfs*>(vfs->pAppData);
        auto* f = reinterpret_cast<File*>(file);
        f->real = reinterpret_cast<sqlite3_file*>(f + 1);
        int rc = me->real_->xOpen(me->real_, name, f->real, flags, out_flags);
        // SQLite calls xClose on failure only if pMethods is set; mirror the real file.
        f->base.pMethods = f->real->pMethods != nullptr ? &methods() : nullptr;
        return rc;
    }

    static const sqlite3_io_methods& methods() {
        static const sqlite3_io_methods m = [] {
            sqlite3_io_methods x;
            std::memset(&x, 0, sizeof x);
            x.xClose = [](sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); };
            x.xRead = [](sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
                return real(f)->pMethods->xRead(real(f), buf, n, off);
            };
            x.xWrite = [](sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
                if (int rc = injected(); rc != SQLITE_OK) return rc;
                return real(f)->pMethods->xWrite(real(f), buf, n, off);
            };
            x.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
                if (int rc = injected(); rc != SQLITE_OK) return rc == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_TRUNCATE;
                return real(f)->pMethods->xTruncate(real(f), size);
            };
            x.xSync = [](sqlite3_file* f, int flags) {
                int rc = real(f)->pMethods->xSync(real(f), flags);
                if (FaultVfs* v = self(); v != nullptr && rc == SQLITE_OK && v->syncs_left_.load() > 0 &&
                                          v->syncs_left_.fetch_sub(1) == 1) {
                    v->fault_.store(v->armed_fault_.load());
                }
                return rc;
            };
            x.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
                return real(f)->pMethods->xFileSize(real(f), size);
            };
            x.xLock = [](sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); };
            x.xUnlock = [](sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); };
            x.xCheckReservedLock = [](sqlite3_file* f, int* out) {
                return real(f)->pMethods->xCheckReservedLock(real(f), out);
            };
            x.xFileControl = [](sqlite3_file* f, int op, void* arg) {
                return real(f)->pMethods->xFileControl(real(f), op, arg);
            };
            x.xSectorSize = [](sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); };
            x.xDeviceCharacteristics = [](sqlite3_file* f) {
                return real(f)->pMethods->xDeviceCharacteristics(real(f));
            };
            x.xShmMap = [](sqlite3_file* f, int region, int size, int extend, void volatile** out) {
                return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
            };
            x.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
                return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
            };
            x.xShmBarrier = [](sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); };
            x.xShmUnmap = [](sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); };
            // Version 3 (memory-mapped I/O) is left out: version 2 makes SQLite read through
            // xRead and write through xWrite, where the faults are injected.
            x.iVersion = 2;
            return x;
        }();
        return m;
    }

    sqlite3_vfs* real_ = nullptr;
    sqlite3_vfs vfs_{};
    std::atomic<Fault> fault_{Fault::none};
    std::atomic<long long> refused_{0};
    std::atomic<int> syncs_left_{0};
    std::atomic<Fault> armed_fault_{Fault::none};
};

}  // namespace goalpost::testing
