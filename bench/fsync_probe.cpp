// How long this disk takes to make a small write durable: the physical floor of a durable
// check-in (SQLite with synchronous=FULL syncs the WAL once per commit).
//
//   bench_fsync_probe DIR [--count 500]
//
// Appends 4 KiB and calls fdatasync, `count` times, in a file in DIR (removed afterwards),
// and prints "RESULT label=fsync p50_us=... p99_us=... count=...".
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_fsync_probe DIR [--count N]\n");
        return 2;
    }
    const std::string path = std::string(argv[1]) + "/fsync-probe.tmp";
    int count = 500;
    if (argc >= 4 && std::string(argv[2]) == "--count") count = std::max(10, std::atoi(argv[3]));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        std::perror("open");
        return 1;
    }
    std::vector<char> block(4096, 'x');
    std::vector<double> us;
    us.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const auto start = std::chrono::steady_clock::now();
        if (::write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()) || ::fdatasync(fd) != 0) {
            std::perror("write/fdatasync");
            return 1;
        }
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
    }
    ::close(fd);
    ::unlink(path.c_str());
    std::sort(us.begin(), us.end());
    std::printf("RESULT label=fsync p50_us=%.0f p99_us=%.0f count=%d\n", us[us.size() / 2],
                us[std::min(us.size() - 1, us.size() * 99 / 100)], count);
    return 0;
}
