#include "engine/core/text.h"

#include <algorithm>
#include <cctype>

namespace etsim::text {
namespace {

char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Levenshtein distance with two rolling rows (Wagner & Fischer 1974), O(|a|*|b|) time.
template <typename Equal>
int distance(std::string_view a, std::string_view b, Equal equal) {
  if (a.size() < b.size()) std::swap(a, b);
  std::vector<int> previous(b.size() + 1);
  std::vector<int> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int substitution = previous[j - 1] + (equal(a[i - 1], b[j - 1]) ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// Case-insensitive optimal-string-alignment distance: Levenshtein plus adjacent transpositions
// ("form" -> "from" is one typo, not two). Used only to rank suggestions.
int typo_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<int> table((n + 1) * (m + 1));
  auto at = [&](std::size_t i, std::size_t j) -> int& { return table[i * (m + 1) + j]; };
  for (std::size_t i = 0; i <= n; ++i) at(i, 0) = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) at(0, j) = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      int best = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1])) {
        best = std::min(best, at(i - 2, j - 2) + 1);
      }
      at(i, j) = best;
    }
  }
  return at(n, m);
}

bool starts_with_folded(std::string_view text, std::string_view prefix) {
  if (prefix.size() > text.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (fold(text[i]) != fold(prefix[i])) return false;
  }
  return true;
}

}  // namespace

int edit_distance(std::string_view a, std::string_view b) {
  return distance(a, b, [](char x, char y) { return x == y; });
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty()) return "";
  // Plausible: about one typo per three characters, at least one, so that short words only match
  // near-identical names ("kw" -> "kW") and long ones tolerate a couple of typos; or a name that
  // merely extends the word or is cut from it ("time" -> "time_s"), for words of 3+ characters.
  const int allowed = std::max<int>(1, static_cast<int>(word.size()) / 3);
  const std::string* best = nullptr;
  int best_typos = 0;
  int best_exact = 0;
  for (const std::string& candidate : candidates) {
    if (candidate == word) continue;  // suggesting the word itself helps nobody
    const int typos = typo_distance(word, candidate);
    const bool extends = word.size() >= 3 && (starts_with_folded(candidate, word) ||
                                              starts_with_folded(word, candidate)) &&
                         std::min(word.size(), candidate.size()) >= 3;
    if (typos > allowed && !extends) continue;
    const int exact = edit_distance(word, candidate);
    // Fewest typos first, then exact (case-sensitive) distance; ties keep the earlier candidate.
    if (best == nullptr || typos < best_typos || (typos == best_typos && exact < best_exact)) {
      best = &candidate;
      best_typos = typos;
      best_exact = exact;
    }
  }
  return best == nullptr ? std::string() : *best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string suggestion = closest(word, candidates);
  return suggestion.empty() ? std::string() : " (did you mean '" + suggestion + "'?)";
}

}  // namespace etsim::text
