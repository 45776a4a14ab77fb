#include "models/fluid/tables/hermite_grid.h"

#include <string>

#include "models/fluid/fluid_error.h"

namespace etsim::fluid::tables {

void finite_difference_derivative(const double* f, double* d, int n, std::ptrdiff_t stride) {
  if (n < 5) throw FluidError("fluid tables: a Hermite grid needs at least 5 nodes per direction, got " + std::to_string(n));
  auto at = [&](int i) { return f[i * stride]; };
  // One-sided and central five-point stencils: exact for polynomials up to degree 4.
  d[0] = (-25.0 * at(0) + 48.0 * at(1) - 36.0 * at(2) + 16.0 * at(3) - 3.0 * at(4)) / 12.0;
  d[stride] = (-3.0 * at(0) - 10.0 * at(1) + 18.0 * at(2) - 6.0 * at(3) + at(4)) / 12.0;
  for (int i = 2; i < n - 2; ++i) {
    d[i * stride] = (at(i - 2) - 8.0 * at(i - 1) + 8.0 * at(i + 1) - at(i + 2)) / 12.0;
  }
  const int e = n - 1;
  d[(e - 1) * stride] = (3.0 * at(e) + 10.0 * at(e - 1) - 18.0 * at(e - 2) + 6.0 * at(e - 3) - at(e - 4)) / 12.0;
  d[e * stride] = (25.0 * at(e) - 48.0 * at(e - 1) + 36.0 * at(e - 2) - 16.0 * at(e - 3) + 3.0 * at(e - 4)) / 12.0;
}

HermiteCurves::HermiteCurves(int nodes, int curves, const std::vector<double>& values)
    : nodes_(nodes), curves_(curves), data_(static_cast<std::size_t>(nodes) * curves * 2) {
  if (values.size() != static_cast<std::size_t>(nodes) * curves) {
    throw FluidError("fluid tables: HermiteCurves value count does not match nodes x curves");
  }
  for (int c = 0; c < curves; ++c) {
    for (int i = 0; i < nodes; ++i) data_[(static_cast<std::size_t>(i) * curves + c) * 2] = values[static_cast<std::size_t>(i) * curves + c];
    finite_difference_derivative(&data_[static_cast<std::size_t>(c) * 2], &data_[static_cast<std::size_t>(c) * 2 + 1], nodes,
                                 static_cast<std::ptrdiff_t>(curves) * 2);
  }
}

HermiteSheet::HermiteSheet(int rows, int columns, int functions, const std::vector<double>& values)
    : rows_(rows), columns_(columns), functions_(functions),
      data_(static_cast<std::size_t>(rows) * columns * functions * 4) {
  if (values.size() != static_cast<std::size_t>(rows) * columns * functions) {
    throw FluidError("fluid tables: HermiteSheet value count does not match rows x columns x functions");
  }
  const std::ptrdiff_t column_stride = static_cast<std::ptrdiff_t>(functions) * 4;
  const std::ptrdiff_t row_stride = column_stride * columns;
  for (std::size_t n = 0; n < values.size(); ++n) data_[n * 4] = values[n];
  for (int k = 0; k < functions; ++k) {
    double* base = &data_[static_cast<std::size_t>(k) * 4];
    // d/dx along each column (across rows), d/dy along each row, d2/dxdy = d/dy of d/dx.
    for (int j = 0; j < columns; ++j) {
      finite_difference_derivative(base + j * column_stride, base + j * column_stride + 1, rows, row_stride);
    }
    for (int i = 0; i < rows; ++i) {
      finite_difference_derivative(base + i * row_stride, base + i * row_stride + 2, columns, column_stride);
      finite_difference_derivative(base + i * row_stride + 1, base + i * row_stride + 3, columns, column_stride);
    }
  }
}

void HermiteSheet::value_and_slopes(int k, int i, int j, const HermiteBasis& bu, const HermiteBasis& bv,
                                    double& value, double& d_du, double& d_dv) const {
  const double* n00 = node(i, j, k);
  const double* n01 = node(i, j + 1, k);
  const double* n10 = node(i + 1, j, k);
  const double* n11 = node(i + 1, j + 1, k);
  const double a0 = n00[0] * bv.h[0] + n01[0] * bv.h[1] + n00[2] * bv.h[2] + n01[2] * bv.h[3];
  const double a1 = n10[0] * bv.h[0] + n11[0] * bv.h[1] + n10[2] * bv.h[2] + n11[2] * bv.h[3];
  const double s0 = n00[1] * bv.h[0] + n01[1] * bv.h[1] + n00[3] * bv.h[2] + n01[3] * bv.h[3];
  const double s1 = n10[1] * bv.h[0] + n11[1] * bv.h[1] + n10[3] * bv.h[2] + n11[3] * bv.h[3];
  const double da0 = n00[0] * bv.dh[0] + n01[0] * bv.dh[1] + n00[2] * bv.dh[2] + n01[2] * bv.dh[3];
  const double da1 = n10[0] * bv.dh[0] + n11[0] * bv.dh[1] + n10[2] * bv.dh[2] + n11[2] * bv.dh[3];
  const double ds0 = n00[1] * bv.dh[0] + n01[1] * bv.dh[1] + n00[3] * bv.dh[2] + n01[3] * bv.dh[3];
  const double ds1 = n10[1] * bv.dh[0] + n11[1] * bv.dh[1] + n10[3] * bv.dh[2] + n11[3] * bv.dh[3];
  value = a0 * bu.h[0] + a1 * bu.h[1] + s0 * bu.h[2] + s1 * bu.h[3];
  d_du = a0 * bu.dh[0] + a1 * bu.dh[1] + s0 * bu.dh[2] + s1 * bu.dh[3];
  d_dv = da0 * bu.h[0] + da1 * bu.h[1] + ds0 * bu.h[2] + ds1 * bu.h[3];
}

}  // namespace etsim::fluid::tables
