#include "models/fluid/tables/hermite_grid.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/fluid/fluid_error.h"

namespace etsim::fluid::tables {
namespace {

TEST(HermiteGrid, FiniteDifferenceIsExactForQuartics) {
  // d/di of a quartic in the index i, at every node including the one-sided ends.
  auto f = [](double i) { return 2.0 - 1.5 * i + 0.25 * i * i - 0.125 * i * i * i + 0.01 * i * i * i * i; };
  auto df = [](double i) { return -1.5 + 0.5 * i - 0.375 * i * i + 0.04 * i * i * i; };
  const int n = 9;
  std::vector<double> values(n), derivative(n);
  for (int i = 0; i < n; ++i) values[i] = f(i);
  finite_difference_derivative(values.data(), derivative.data(), n, 1);
  for (int i = 0; i < n; ++i) EXPECT_NEAR(derivative[i], df(i), 1e-12) << i;
}

TEST(HermiteGrid, SheetReproducesBicubicPolynomialExactly) {
  // Bicubic polynomial in the node-index coordinates: Hermite with exact (quartic-exact FD) slopes
  // reproduces it everywhere, including values and both slopes.
  auto f = [](double x, double y) {
    return 1.0 + 0.3 * x - 0.2 * y + 0.05 * x * y + 0.01 * x * x * x - 0.02 * y * y * y + 0.003 * x * x * y * y * y;
  };
  auto fx = [](double x, double y) { return 0.3 + 0.05 * y + 0.03 * x * x + 0.006 * x * y * y * y; };
  auto fy = [](double x, double y) { return -0.2 + 0.05 * x - 0.06 * y * y + 0.009 * x * x * y * y; };
  const int rows = 7, columns = 6, functions = 2;
  std::vector<double> values(rows * columns * functions);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < columns; ++j) {
      values[(i * columns + j) * functions + 0] = f(i, j);
      values[(i * columns + j) * functions + 1] = -f(i, j);
    }
  const HermiteSheet sheet(rows, columns, functions, values);
  for (double x = 0.0; x <= rows - 1; x += 0.37) {
    for (double y = 0.0; y <= columns - 1; y += 0.41) {
      const int i = std::min(static_cast<int>(x), rows - 2), j = std::min(static_cast<int>(y), columns - 2);
      const HermiteBasis bu(x - i), bv(y - j);
      double value, d_du, d_dv;
      sheet.value_and_slopes(0, i, j, bu, bv, value, d_du, d_dv);
      EXPECT_NEAR(value, f(x, y), 1e-11);
      EXPECT_NEAR(d_du, fx(x, y), 1e-10);
      EXPECT_NEAR(d_dv, fy(x, y), 1e-10);
      EXPECT_NEAR(sheet.value(1, i, j, bu, bv), -f(x, y), 1e-11);
    }
  }
}

TEST(HermiteGrid, CurvesConvergeAtFourthOrder) {
  // sin on [0, 2]: halving the spacing must cut the max error by about 2^4 = 16.
  auto max_error = [](int nodes) {
    const double dx = 2.0 / (nodes - 1);
    std::vector<double> values(nodes);
    for (int i = 0; i < nodes; ++i) values[i] = std::sin(i * dx);
    const HermiteCurves curves(nodes, 1, values);
    double error = 0.0;
    for (double x = 0.0; x <= 2.0; x += 0.00731) {
      const int i = std::min(static_cast<int>(x / dx), nodes - 2);
      error = std::max(error, std::abs(curves.value(0, i, HermiteBasis(x / dx - i)) - std::sin(x)));
    }
    return error;
  };
  const double coarse = max_error(11), fine = max_error(21);
  EXPECT_LT(coarse, 1e-4);
  EXPECT_GT(coarse / fine, 10.0);
  EXPECT_LT(coarse / fine, 40.0);  // 2^4 = 16, plus super-convergence of the FD slopes
}

TEST(HermiteGrid, RejectsTooFewNodesAndWrongSizes) {
  std::vector<double> four(4, 1.0), derivative(4);
  EXPECT_THROW(finite_difference_derivative(four.data(), derivative.data(), 4, 1), FluidError);
  EXPECT_THROW(HermiteCurves(5, 2, std::vector<double>(9)), FluidError);
  EXPECT_THROW(HermiteSheet(5, 5, 1, std::vector<double>(24)), FluidError);
}

}  // namespace
}  // namespace etsim::fluid::tables
