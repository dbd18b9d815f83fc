#pragma once
// The OKR rules of SPEC.md: progress, decreasing metrics, binary, objective mean, grade.
#include <vector>

#include "core/types.hpp"

namespace goalpost::core {

// (current - start) / (target - start), clamped to 0..1. Works for decreasing metrics
// (start above target). When start == target the KR is done once current reaches it.
double progress(double start, double target, double current);
double progress(const KeyResult& kr);
KrKind kind_of(const KeyResult& kr);

// Mean of the KRs' progress; 0 for an objective without KRs.
double objective_progress(const std::vector<KeyResult>& krs);

// Google's scale: red below 0.4, yellow 0.4 to below 0.7, green 0.7 and up.
enum class Grade { red, yellow, green };
Grade grade_of(double score);
const char* grade_name(Grade g);

// Committed objectives succeed at 1.0, aspirational ones at 0.7.
double success_threshold(ObjectiveKind kind);

// Confidence words map onto the 1..10 scale: on-track 8, at-risk 5, off-track 2.
const char* confidence_label(int confidence);  // "on track" (7-10), "at risk" (4-6), "off track" (1-3)

}  // namespace goalpost::core
