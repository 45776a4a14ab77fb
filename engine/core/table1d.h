// Interpolation tables used by components: load profiles, drive cycles, loss curves (Table1D) and
// maps on a rectilinear grid such as loss maps, flux maps or switching energy vs current and
// temperature (Table2D). Tables are built once at set-up (may allocate, validates and throws
// etsim::InputError); lookups are const, allocation-free and never throw.
//
// Table1D, breakpoints x_0 < x_1 < ... < x_{n-1} with values y_i, interval k = [x_k, x_{k+1}):
//   Linear:        y = y_k + (y_{k+1} - y_k) * (x - x_k) / (x_{k+1} - x_k)
//   Previous:      y = y_k                     (zero-order hold, right-continuous: y(x_k) = y_k)
//   Nearest:       y = y_k or y_{k+1}, whichever breakpoint is closer (a tie takes y_{k+1})
//   PchipMonotone: cubic Hermite with slopes d_i chosen so that the curve is monotone wherever the
//                  data are (Fritsch & Carlson 1980, SIAM J. Numer. Anal. 17(2):238-246, with the
//                  weighted-harmonic-mean interior slopes of Fritsch & Butland 1984 and the
//                  shape-preserving three-point end slopes; the same variant as MATLAB's pchip and
//                  SciPy's PchipInterpolator):
//                    d_i = 0 where the secant slopes delta_{i-1}, delta_i differ in sign or one is 0,
//                    else (w1 + w2) / (w1 / delta_{i-1} + w2 / delta_i),
//                    w1 = 2 h_i + h_{i-1}, w2 = h_i + 2 h_{i-1}.
// Extrapolation outside [x_0, x_{n-1}]:
//   Clamp:  y = y_0 left of the table, y_{n-1} right of it (every method);
//   Linear: continues the end tangent: the end secant for Linear, the end slope d_0 / d_{n-1} for
//           PchipMonotone. Previous and Nearest are piecewise constant and always hold the end value.
// A table with one breakpoint is a constant.
//
// Search hints: a component keeps the last interval index in its run-data workspace
// (EvalContext::work) and passes it back; the lookup checks that interval and its successor before
// falling back to a binary search, so lookups are O(1) while time advances.
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace etsim {

enum class Interpolation { Linear, Previous, Nearest, PchipMonotone };
enum class Extrapolation { Clamp, Linear };

// "linear", "previous", "nearest", "pchip" and back; unknown text throws InputError listing the names.
Interpolation interpolation_from_string(const std::string& name);
Extrapolation extrapolation_from_string(const std::string& name);
const char* to_string(Interpolation method);
const char* to_string(Extrapolation extrapolation);

class Table1D {
 public:
  Table1D() = default;
  // Throws InputError naming source and the 1-based row when x is not strictly increasing, when
  // x and y differ in length, when the table is empty or when a value is not finite.
  Table1D(std::vector<double> x, std::vector<double> y,
          Interpolation method = Interpolation::Linear,
          Extrapolation extrapolation = Extrapolation::Clamp, std::string source = "");

  double operator()(double x) const;
  // Same value; interval_hint is read as a guess of the interval and updated to the one found.
  // Any hint value is safe (out-of-range or NaN hints fall back to a binary search).
  double evaluate(double x, int& interval_hint) const;
  // Same, with the hint kept in a double slot of a component workspace (EvalContext::work).
  double evaluate(double x, double& interval_hint) const;

  // dy/dx of the interpolant (0 for Previous/Nearest; one-sided at breakpoints: the interval to
  // the right is used).
  double derivative(double x) const;
  // Same, with the interval hint of evaluate() (a lookup at a time that advances is O(1)).
  double derivative(double x, int& interval_hint) const;

  // Smallest breakpoint strictly greater than x; +infinity when there is none. Components return
  // this from next_time_event so that the simulator stops at the kinks of a time table.
  double next_breakpoint_after(double x) const;
  double next_breakpoint_after(double x, int& interval_hint) const;
  double next_breakpoint_after(double x, double& interval_hint) const;

  // Index k of the interval [x_k, x_{k+1}) holding x (0 left of the table, n-2 at and right of the
  // last breakpoint; 0 for a one-point table).
  int find_interval(double x, int& interval_hint) const;

  std::size_t size() const { return x_.size(); }
  bool empty() const { return x_.empty(); }
  const std::vector<double>& breakpoints() const { return x_; }
  const std::vector<double>& values() const { return y_; }
  Interpolation method() const { return method_; }
  Extrapolation extrapolation() const { return extrapolation_; }
  const std::string& source() const { return source_; }

 private:
  double evaluate_in(double x, int interval) const;
  double derivative_in(double x, int interval) const;
  double evaluate_searching(double x, double& interval_hint) const;
  // Linear interpolation inside interval k (x_k <= x < x_{k+1}).
  double linear_in(double x, std::size_t k) const {
    return y_[k] + (y_[k + 1] - y_[k]) * ((x - x_[k]) / (x_[k + 1] - x_[k]));
  }

  std::vector<double> x_;
  std::vector<double> y_;
  std::vector<double> slope_;  // PchipMonotone: Hermite slopes d_i at the breakpoints
  Interpolation method_ = Interpolation::Linear;
  Extrapolation extrapolation_ = Extrapolation::Clamp;
  std::string source_;
};

// The common case inline (a time table looked up while time advances within one interval, linear):
// the same arithmetic as the general lookup, without a call. Everything else searches out of line.
inline double Table1D::evaluate(double x, double& interval_hint) const {
  if (method_ == Interpolation::Linear && interval_hint >= 0.0 && interval_hint < 2.0e9) {
    const std::size_t k = static_cast<std::size_t>(interval_hint);
    if (k + 1 < x_.size()) {
      if (x_[k] <= x && x < x_[k + 1]) return linear_in(x, k);
    }
  }
  return evaluate_searching(x, interval_hint);
}

// z(x, y) on a rectilinear grid, bilinear inside, clamped to the grid edges outside:
//   z = (1-s)(1-t) z_{i,j} + s(1-t) z_{i+1,j} + (1-s) t z_{i,j+1} + s t z_{i+1,j+1},
//   s = (x - x_i)/(x_{i+1} - x_i), t = (y - y_j)/(y_{j+1} - y_j), x and y clamped to the grid first.
class Table2D {
 public:
  Table2D() = default;
  // values are row-major: values[i * y.size() + j] = z(x_i, y_j). Axes strictly increasing (at
  // least one point each), every value finite; otherwise InputError naming source and the problem.
  Table2D(std::vector<double> x, std::vector<double> y, std::vector<double> values,
          std::string source = "");

  // Builds the grid from long-format rows (x_r, y_r, z_r), r = 0..n-1, in any order, as in CSV
  // files with one operating point per line. Every (x, y) pair of the grid must appear exactly
  // once; InputError names the missing or duplicate point.
  static Table2D from_points(const std::vector<double>& x, const std::vector<double>& y,
                             const std::vector<double>& z, std::string source = "");

  double operator()(double x, double y) const;
  double evaluate(double x, double y, int& x_hint, int& y_hint) const;

  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }
  const std::vector<double>& values() const { return z_; }
  double at(std::size_t i, std::size_t j) const { return z_[i * y_.size() + j]; }
  const std::string& source() const { return source_; }

 private:
  std::vector<double> x_;
  std::vector<double> y_;
  std::vector<double> z_;
  std::string source_;
};

}  // namespace etsim
