// Small text helpers used when reporting input errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace etsim::text {

// Levenshtein edit distance.
int edit_distance(std::string_view a, std::string_view b);

// The candidate closest to word, or "" when none is within a plausible distance.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "" — ready to append to an error message.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace etsim::text
