#include "engine/solvers/difference_jacobian.h"

#include <string>

#include "engine/core/error.h"

namespace etsim::solvers_detail {

void validate_pattern(const SparsityPattern& pattern, int size, const char* who) {
  const std::string prefix = std::string(who) + ": Jacobian sparsity pattern ";
  if (pattern.size != size)
    throw InputError(prefix + "has size " + std::to_string(pattern.size) + " but the system has " +
                     std::to_string(size) + " states");
  if (static_cast<int>(pattern.column_start.size()) != size + 1 || pattern.column_start.front() != 0)
    throw InputError(prefix + "must have column_start of size+1 entries starting at 0 (CSC form)");
  if (static_cast<int>(pattern.row_index.size()) != pattern.column_start.back())
    throw InputError(prefix + "must have column_start[size] == row_index.size()");
  for (int column = 0; column < size; ++column) {
    if (pattern.column_start[column + 1] < pattern.column_start[column])
      throw InputError(prefix + "has decreasing column_start at column " + std::to_string(column));
    for (int k = pattern.column_start[column]; k < pattern.column_start[column + 1]; ++k) {
      const int row = pattern.row_index[k];
      if (row < 0 || row >= size)
        throw InputError(prefix + "has row index " + std::to_string(row) + " out of [0, " +
                         std::to_string(size) + ") in column " + std::to_string(column));
      if (k > pattern.column_start[column] && row <= pattern.row_index[k - 1])
        throw InputError(prefix + "must have strictly increasing row indices within column " +
                         std::to_string(column));
    }
  }
}

void DifferenceJacobian::initialize(int size, const SparsityPattern* pattern) {
  size_ = size;
  pattern_ = pattern;
  perturbed_f_.assign(size, 0.0);
  increment_.assign(size, 0.0);
  saved_x_.assign(size, 0.0);
  columns_by_color_.clear();
  color_start_.clear();
  if (pattern == nullptr) {
    // Dense: every column its own colour.
    color_count_ = size;
    for (int column = 0; column <= size; ++column) color_start_.push_back(column);
    for (int column = 0; column < size; ++column) columns_by_color_.push_back(column);
    return;
  }
  // Rows -> columns (transpose of the pattern) to find the columns that conflict with a column.
  std::vector<std::vector<int>> columns_of_row(size);
  for (int column = 0; column < size; ++column)
    for (int k = pattern->column_start[column]; k < pattern->column_start[column + 1]; ++k)
      columns_of_row[pattern->row_index[k]].push_back(column);
  // Greedy colouring in natural order: the smallest colour not used by a conflicting column.
  std::vector<int> color_of_column(size, -1);
  std::vector<int> color_used_by_neighbour(size + 1, -1);  // stamp = column being coloured
  color_count_ = 0;
  for (int column = 0; column < size; ++column) {
    for (int k = pattern->column_start[column]; k < pattern->column_start[column + 1]; ++k)
      for (int other : columns_of_row[pattern->row_index[k]])
        if (color_of_column[other] >= 0) color_used_by_neighbour[color_of_column[other]] = column;
    int color = 0;
    while (color_used_by_neighbour[color] == column) ++color;
    color_of_column[column] = color;
    if (color + 1 > color_count_) color_count_ = color + 1;
  }
  color_start_.assign(color_count_ + 1, 0);
  for (int column = 0; column < size; ++column) ++color_start_[color_of_column[column] + 1];
  for (int color = 0; color < color_count_; ++color) color_start_[color + 1] += color_start_[color];
  columns_by_color_.assign(size, 0);
  std::vector<int> fill(color_start_.begin(), color_start_.end() - 1);
  for (int column = 0; column < size; ++column) columns_by_color_[fill[color_of_column[column]]++] = column;
}

}  // namespace etsim::solvers_detail
