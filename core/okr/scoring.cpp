#include "core/okr/scoring.hpp"

#include <algorithm>
#include <cmath>

namespace goalpost::core {

double progress(double start, double target, double current) {
    if (start == target) {
        bool reached = start <= target ? current >= target : current <= target;
        return reached ? 1.0 : 0.0;
    }
    double p = (current - start) / (target - start);
    if (!std::isfinite(p)) return 0.0;
    return std::clamp(p, 0.0, 1.0);
}

double progress(const KeyResult& kr) {
    if (kr.binary) return kr.current >= 1.0 ? 1.0 : 0.0;
    return progress(kr.start, kr.target, kr.current);
}

KrKind kind_of(const KeyResult& kr) {
    if (kr.binary) return KrKind::binary;
    return kr.target < kr.start ? KrKind::decreasing : KrKind::increasing;
}

double objective_progress(const std::vector<KeyResult>& krs) {
    if (krs.empty()) return 0.0;
    double sum = 0;
    for (const auto& kr : krs) sum += progress(kr);
    return sum / static_cast<double>(krs.size());
}

Grade grade_of(double score) {
    if (score >= 0.7) return Grade::green;
    if (score >= 0.4) return Grade::yellow;
    return Grade::red;
}

const char* grade_name(Grade g) {
    switch (g) {
        case Grade::green: return "green";
        case Grade::yellow: return "yellow";
        case Grade::red: return "red";
    }
    return "red";
}

double success_threshold(ObjectiveKind kind) {
    return kind == ObjectiveKind::committed ? 1.0 : 0.7;
}

const char* confidence_label(int confidence) {
    if (confidence >= 7) return "on track";
    if (confidence >= 4) return "at risk";
    return "off track";
}

}  // namespace goalpost::core
