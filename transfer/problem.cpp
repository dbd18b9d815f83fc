#include "transfer/problem.hpp"

#include <algorithm>
#include <cctype>

namespace goalpost::transfer {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Runs of digits compare as numbers.
bool natural_less(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (is_digit(a[i]) && is_digit(b[j])) {
            std::size_t ie = i, je = j;
            while (ie < a.size() && is_digit(a[ie])) ++ie;
            while (je < b.size() && is_digit(b[je])) ++je;
            if (ie - i != je - j) return ie - i < je - j;
            if (int c = a.compare(i, ie - i, b, j, je - j); c != 0) return c < 0;
            i = ie;
            j = je;
        } else {
            if (a[i] != b[j]) return a[i] < b[j];
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

}  // namespace

void sort_by_place(Problems& problems) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem& x, const Problem& y) { return natural_less(x.where, y.where); });
}

}  // namespace goalpost::transfer
