// Internal to etsim_solvers (not part of the public interface): Jacobians by forward differences,
// dense (one RHS evaluation per column) or coloured for a sparsity pattern (one RHS evaluation per
// colour, Curtis-Powell-Reid), plus validation of a user-supplied pattern.
//
//   J(i, j) ~= (f_i(x + d_j e_j) - f_i(x)) / d_j,   d_j = sqrt(eps) * max(|x_j|, 1)
// Columns with no row in common share a colour and are perturbed together; the greedy colouring is
// computed once in initialize(). evaluate() allocates nothing.
#pragma once

#include <vector>

#include "engine/solvers/ode_system.h"

namespace etsim::solvers_detail {

// Throws InputError when the pattern is not a valid size×size CSC pattern with sorted rows.
void validate_pattern(const SparsityPattern& pattern, int size, const char* who);

class DifferenceJacobian {
 public:
  // pattern == nullptr: dense column-major n×n output. The pattern must outlive this object.
  void initialize(int size, const SparsityPattern* pattern);
  int color_count() const { return color_count_; }

  // values: n*n (dense, column-major) or pattern->nonzeros() (pattern order). x is perturbed in place
  // and restored exactly. rhs(t, x, xdot) -> RhsStatus. Returns the first non-Ok status.
  template <class Rhs>
  RhsStatus evaluate(Rhs&& rhs, double t, double* x, const double* f_at_x, double* values);

 private:
  int size_ = 0;
  const SparsityPattern* pattern_ = nullptr;
  int color_count_ = 0;
  std::vector<int> color_start_;        // color_count_ + 1 offsets into columns_by_color_
  std::vector<int> columns_by_color_;
  std::vector<double> perturbed_f_;
  std::vector<double> increment_;
  std::vector<double> saved_x_;
};

template <class Rhs>
RhsStatus DifferenceJacobian::evaluate(Rhs&& rhs, double t, double* x, const double* f_at_x,
                                       double* values) {
  constexpr double kSqrtEpsilon = 1.4901161193847656e-08;
  for (int color = 0; color < color_count_; ++color) {
    for (int k = color_start_[color]; k < color_start_[color + 1]; ++k) {
      const int column = columns_by_color_[k];
      saved_x_[column] = x[column];
      const double magnitude = x[column] < 0 ? -x[column] : x[column];
      const double target = x[column] + kSqrtEpsilon * (magnitude > 1.0 ? magnitude : 1.0);
      x[column] = target;
      increment_[column] = target - saved_x_[column];  // the increment actually representable
    }
    const RhsStatus status = rhs(t, static_cast<const double*>(x), perturbed_f_.data());
    for (int k = color_start_[color]; k < color_start_[color + 1]; ++k) {
      const int column = columns_by_color_[k];
      x[column] = saved_x_[column];
    }
    if (status != RhsStatus::Ok) return status;
    for (int k = color_start_[color]; k < color_start_[color + 1]; ++k) {
      const int column = columns_by_color_[k];
      const double inverse_increment = 1.0 / increment_[column];
      if (pattern_ == nullptr) {
        double* column_values = values + static_cast<long>(column) * size_;
        for (int row = 0; row < size_; ++row)
          column_values[row] = (perturbed_f_[row] - f_at_x[row]) * inverse_increment;
      } else {
        for (int entry = pattern_->column_start[column]; entry < pattern_->column_start[column + 1];
             ++entry) {
          const int row = pattern_->row_index[entry];
          values[entry] = (perturbed_f_[row] - f_at_x[row]) * inverse_increment;
        }
      }
    }
  }
  return RhsStatus::Ok;
}

}  // namespace etsim::solvers_detail
