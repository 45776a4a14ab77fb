// SparsityPattern helpers declared in ode_system.h.
#include <algorithm>

#include "engine/core/error.h"
#include "engine/solvers/ode_system.h"

namespace etsim {

SparsityPattern SparsityPattern::dense(int n) {
  if (n < 0) throw InputError("SparsityPattern::dense: size must be >= 0, got " + std::to_string(n));
  SparsityPattern pattern;
  pattern.size = n;
  pattern.column_start.resize(static_cast<std::size_t>(n) + 1);
  pattern.row_index.resize(static_cast<std::size_t>(n) * static_cast<std::size_t>(n));
  for (int column = 0; column <= n; ++column) pattern.column_start[column] = column * n;
  for (int column = 0; column < n; ++column)
    for (int row = 0; row < n; ++row) pattern.row_index[static_cast<std::size_t>(column) * n + row] = row;
  return pattern;
}

// Lower half-bandwidth: the largest row - column over the stored entries (0 for an upper-triangular
// or diagonal pattern).
int SparsityPattern::lower_bandwidth() const {
  int bandwidth = 0;
  for (int column = 0; column < size; ++column)
    for (int k = column_start[column]; k < column_start[column + 1]; ++k)
      bandwidth = std::max(bandwidth, row_index[k] - column);
  return bandwidth;
}

// Upper half-bandwidth: the largest column - row over the stored entries.
int SparsityPattern::upper_bandwidth() const {
  int bandwidth = 0;
  for (int column = 0; column < size; ++column)
    for (int k = column_start[column]; k < column_start[column + 1]; ++k)
      bandwidth = std::max(bandwidth, column - row_index[k]);
  return bandwidth;
}

}  // namespace etsim
