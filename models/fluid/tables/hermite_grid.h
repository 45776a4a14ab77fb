#pragma once
// Building blocks of the fast property tables: cubic Hermite interpolation on uniform grids.
//
// HermiteCurves: M functions of one coordinate x on n uniform nodes x_i = x0 + i dx.
// HermiteSheet:  K functions of (x, y) on an n x m uniform grid (y in [0, 1]).
// Each node stores the value and the derivatives scaled to cell units (dx f_x, dy f_y, dx dy f_xy);
// the derivatives come from fourth-order finite differences of the node values (five-point central
// stencil, one-sided five-point stencils at the ends), so the interpolant is C1, exact for cubic
// polynomials, and its error is O(dx^4) for smooth data. Evaluation on a cell uses the tensor-product
// Hermite basis
//     H0(u) = 1 - 3u^2 + 2u^3, H1(u) = 3u^2 - 2u^3, G0(u) = u - 2u^2 + u^3, G1(u) = u^3 - u^2,
//     f(u, v) = sum_{a,b in {0,1}} F_ab Ha(u) Hb(v) + Fx_ab Ga(u) Hb(v) + Fy_ab Ha(u) Gb(v)
//               + Fxy_ab Ga(u) Gb(v).
// Evaluation is const, allocation-free and lock-free.

#include <cstddef>
#include <vector>

namespace etsim::fluid::tables {

// Derivative of uniformly spaced samples with respect to the node index (i.e. dx f'(x_i)), fourth
// order. n >= 5. stride: distance between consecutive samples in `values` and `derivative`.
void finite_difference_derivative(const double* values, double* derivative, int n, std::ptrdiff_t stride);

// Hermite basis at u in [0, 1]: values (h[0..3] = H0, H1, G0, G1) and d/du (dh[0..3]).
struct HermiteBasis {
  double h[4];
  double dh[4];
  explicit HermiteBasis(double u) {
    const double u2 = u * u, u3 = u2 * u;
    h[0] = 1.0 - 3.0 * u2 + 2.0 * u3;
    h[1] = 3.0 * u2 - 2.0 * u3;
    h[2] = u - 2.0 * u2 + u3;
    h[3] = u3 - u2;
    dh[0] = -6.0 * u + 6.0 * u2;
    dh[1] = 6.0 * u - 6.0 * u2;
    dh[2] = 1.0 - 4.0 * u + 3.0 * u2;
    dh[3] = 3.0 * u2 - 2.0 * u;
  }
};

class HermiteCurves {
 public:
  HermiteCurves() = default;
  // values[i * curves + c] = curve c at node i. Requires nodes >= 5.
  HermiteCurves(int nodes, int curves, const std::vector<double>& values);

  int nodes() const { return nodes_; }
  int curves() const { return curves_; }
  // Value of curve c in cell i (0 <= i <= nodes-2) at local coordinate u in [0, 1].
  double value(int c, int i, const HermiteBasis& basis) const {
    const double* a = &data_[(static_cast<std::size_t>(i) * curves_ + c) * 2];
    const double* b = a + static_cast<std::size_t>(curves_) * 2;
    return a[0] * basis.h[0] + b[0] * basis.h[1] + a[1] * basis.h[2] + b[1] * basis.h[3];
  }
  // d/du of curve c (divide by dx for d/dx).
  double slope(int c, int i, const HermiteBasis& basis) const {
    const double* a = &data_[(static_cast<std::size_t>(i) * curves_ + c) * 2];
    const double* b = a + static_cast<std::size_t>(curves_) * 2;
    return a[0] * basis.dh[0] + b[0] * basis.dh[1] + a[1] * basis.dh[2] + b[1] * basis.dh[3];
  }
  double node_value(int c, int i) const { return data_[(static_cast<std::size_t>(i) * curves_ + c) * 2]; }
  std::size_t bytes() const { return data_.size() * sizeof(double); }

 private:
  int nodes_ = 0;
  int curves_ = 0;
  std::vector<double> data_;  // [node][curve][value, dx * derivative]
};

class HermiteSheet {
 public:
  HermiteSheet() = default;
  // values[(i * columns + j) * functions + k] = function k at row i, column j. rows, columns >= 5.
  HermiteSheet(int rows, int columns, int functions, const std::vector<double>& values);

  int rows() const { return rows_; }
  int columns() const { return columns_; }
  int functions() const { return functions_; }

  // Value of function k in cell (i, j) at local coordinates (u along rows index, v along columns).
  double value(int k, int i, int j, const HermiteBasis& bu, const HermiteBasis& bv) const {
    const double* n00 = node(i, j, k);
    const double* n01 = n00 + static_cast<std::size_t>(functions_) * 4;
    const double* n10 = n00 + static_cast<std::size_t>(columns_) * functions_ * 4;
    const double* n11 = n10 + static_cast<std::size_t>(functions_) * 4;
    // Along v at both rows: values (a) and u-slopes (s); then Hermite in u.
    const double a0 = n00[0] * bv.h[0] + n01[0] * bv.h[1] + n00[2] * bv.h[2] + n01[2] * bv.h[3];
    const double a1 = n10[0] * bv.h[0] + n11[0] * bv.h[1] + n10[2] * bv.h[2] + n11[2] * bv.h[3];
    const double s0 = n00[1] * bv.h[0] + n01[1] * bv.h[1] + n00[3] * bv.h[2] + n01[3] * bv.h[3];
    const double s1 = n10[1] * bv.h[0] + n11[1] * bv.h[1] + n10[3] * bv.h[2] + n11[3] * bv.h[3];
    return a0 * bu.h[0] + a1 * bu.h[1] + s0 * bu.h[2] + s1 * bu.h[3];
  }
  // Values of two functions k0, k1 in the same cell (shares the basis products).
  void two_values(int k0, int k1, int i, int j, const HermiteBasis& bu, const HermiteBasis& bv,
                  double& value0, double& value1) const {
    value0 = value(k0, i, j, bu, bv);
    value1 = value(k1, i, j, bu, bv);
  }
  // Value and the derivatives d/du, d/dv (cell units) of function k.
  void value_and_slopes(int k, int i, int j, const HermiteBasis& bu, const HermiteBasis& bv,
                        double& value, double& d_du, double& d_dv) const;
  double node_value(int k, int i, int j) const {
    return data_[((static_cast<std::size_t>(i) * columns_ + j) * functions_ + k) * 4];
  }
  std::size_t bytes() const { return data_.size() * sizeof(double); }

 private:
  const double* node(int i, int j, int k) const {
    return &data_[((static_cast<std::size_t>(i) * columns_ + j) * functions_ + k) * 4];
  }
  int rows_ = 0;
  int columns_ = 0;
  int functions_ = 0;
  std::vector<double> data_;  // [row][column][function][f, fx, fy, fxy] in cell units
};

}  // namespace etsim::fluid::tables
