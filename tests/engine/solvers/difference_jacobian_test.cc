#include "engine/solvers/difference_jacobian.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/core/error.h"
#include "tests/engine/solvers/test_systems.h"

namespace etsim {
namespace {

TEST(DifferenceJacobian, ColouredDifferencesMatchAnalyticTridiagonalJacobian) {
  test::NonlinearChain system(9, test::NonlinearChain::JacobianKind::Sparse);
  const SparsityPattern& pattern = *system.jacobian_pattern();
  solvers_detail::DifferenceJacobian differences;
  differences.initialize(9, &pattern);
  EXPECT_EQ(differences.color_count(), 3);  // tridiagonal: columns j, j+3, j+6 share a colour
  std::vector<double> x(9), f(9), analytic(pattern.nonzeros()), approximate(pattern.nonzeros());
  for (int i = 0; i < 9; ++i) x[i] = 0.3 + 0.1 * i;
  const std::vector<double> x_before = x;
  system.derivatives(0.0, x.data(), f.data());
  system.jacobian(0.0, x.data(), f.data(), analytic.data());
  int evaluations = 0;
  auto rhs = [&](double t, const double* state, double* xdot) {
    ++evaluations;
    return system.derivatives(t, state, xdot);
  };
  ASSERT_EQ(differences.evaluate(rhs, 0.0, x.data(), f.data(), approximate.data()), RhsStatus::Ok);
  EXPECT_EQ(evaluations, 3);
  EXPECT_EQ(x, x_before);  // perturbations are undone exactly
  for (int k = 0; k < pattern.nonzeros(); ++k) EXPECT_NEAR(approximate[k], analytic[k], 1e-5 * (1.0 + std::fabs(analytic[k])));
}

TEST(DifferenceJacobian, DenseDifferencesMatchAnalytic) {
  test::NonlinearChain system(4, test::NonlinearChain::JacobianKind::Dense);
  solvers_detail::DifferenceJacobian differences;
  differences.initialize(4, nullptr);
  EXPECT_EQ(differences.color_count(), 4);
  std::vector<double> x = {0.1, -0.4, 0.7, 1.2}, f(4), analytic(16), approximate(16);
  system.derivatives(0.0, x.data(), f.data());
  system.jacobian(0.0, x.data(), f.data(), analytic.data());
  auto rhs = [&](double t, const double* state, double* xdot) { return system.derivatives(t, state, xdot); };
  ASSERT_EQ(differences.evaluate(rhs, 0.0, x.data(), f.data(), approximate.data()), RhsStatus::Ok);
  for (int k = 0; k < 16; ++k) EXPECT_NEAR(approximate[k], analytic[k], 1e-5 * (1.0 + std::fabs(analytic[k])));
}

TEST(DifferenceJacobian, InvalidPatternsAreInputErrors) {
  SparsityPattern pattern;
  pattern.size = 2;
  pattern.column_start = {0, 2, 3};
  pattern.row_index = {1, 0, 1};  // rows of column 0 not increasing
  EXPECT_THROW(solvers_detail::validate_pattern(pattern, 2, "test"), InputError);
  pattern.row_index = {0, 1, 2};  // row out of range
  EXPECT_THROW(solvers_detail::validate_pattern(pattern, 2, "test"), InputError);
  pattern.row_index = {0, 1, 1};
  EXPECT_NO_THROW(solvers_detail::validate_pattern(pattern, 2, "test"));
  EXPECT_THROW(solvers_detail::validate_pattern(pattern, 3, "test"), InputError);  // size mismatch
}

}  // namespace
}  // namespace etsim
