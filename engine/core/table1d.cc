#include "engine/core/table1d.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "engine/core/error.h"
#include "engine/core/text.h"

namespace etsim {
namespace {

std::string describe_source(const std::string& source) {
  return source.empty() ? std::string("table") : "table '" + source + "'";
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

void check_axis(const std::vector<double>& axis, const std::string& source, const char* axis_name) {
  if (axis.empty()) {
    throw InputError(describe_source(source) + ": " + axis_name + " has no breakpoints; expected at "
                     "least one");
  }
  for (std::size_t i = 0; i < axis.size(); ++i) {
    if (!std::isfinite(axis[i])) {
      throw InputError(describe_source(source) + ": " + axis_name + " breakpoint in row " +
                       std::to_string(i + 1) + " is not a finite number");
    }
    if (i > 0 && !(axis[i] > axis[i - 1])) {
      throw InputError(describe_source(source) + ": " + axis_name + " breakpoints must be strictly "
                       "increasing, but row " + std::to_string(i + 1) + " has " +
                       number_text(axis[i]) + " after " + number_text(axis[i - 1]) + " in row " +
                       std::to_string(i));
    }
  }
}

// Interval index k with axis[k] <= x < axis[k+1], clamped to [0, n-2]; checks the hint and its
// successor first (time usually advances by less than one interval per lookup).
int locate(const std::vector<double>& axis, double x, int& hint) {
  const int last_interval = static_cast<int>(axis.size()) - 2;
  if (last_interval <= 0) {
    hint = 0;
    return 0;
  }
  int k = hint;
  if (k >= 0 && k <= last_interval) {
    if (axis[k] <= x && x < axis[k + 1]) return k;
    if (k < last_interval && axis[k + 1] <= x && x < axis[k + 2]) {
      hint = k + 1;
      return k + 1;
    }
  }
  if (!(x >= axis[1])) {  // also takes NaN to the first interval
    k = 0;
  } else if (x >= axis[last_interval]) {
    k = last_interval;
  } else {
    k = static_cast<int>(std::upper_bound(axis.begin(), axis.end(), x) - axis.begin()) - 1;
  }
  hint = k;
  return k;
}

// Slope estimates of the monotone piecewise cubic Hermite interpolant (see the header).
std::vector<double> pchip_slopes(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  std::vector<double> slope(n, 0.0);
  if (n < 2) return slope;
  std::vector<double> h(n - 1), delta(n - 1);
  for (std::size_t k = 0; k + 1 < n; ++k) {
    h[k] = x[k + 1] - x[k];
    delta[k] = (y[k + 1] - y[k]) / h[k];
  }
  if (n == 2) {
    slope[0] = slope[1] = delta[0];
    return slope;
  }
  for (std::size_t k = 1; k + 1 < n; ++k) {
    if (delta[k - 1] * delta[k] <= 0.0) {
      slope[k] = 0.0;  // local extremum or flat segment: keep monotone pieces monotone
    } else {
      const double w1 = 2.0 * h[k] + h[k - 1];
      const double w2 = h[k] + 2.0 * h[k - 1];
      slope[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
    }
  }
  // Non-centred three-point end slope, limited to preserve shape.
  auto end_slope = [](double h0, double h1, double delta0, double delta1) {
    double d = ((2.0 * h0 + h1) * delta0 - h0 * delta1) / (h0 + h1);
    if (d * delta0 <= 0.0) {
      d = 0.0;
    } else if (delta0 * delta1 <= 0.0 && std::abs(d) > std::abs(3.0 * delta0)) {
      d = 3.0 * delta0;
    }
    return d;
  };
  slope[0] = end_slope(h[0], h[1], delta[0], delta[1]);
  slope[n - 1] = end_slope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
  return slope;
}

}  // namespace

Interpolation interpolation_from_string(const std::string& name) {
  static const std::vector<std::string> names = {"linear", "previous", "nearest", "pchip"};
  if (name == "linear") return Interpolation::Linear;
  if (name == "previous") return Interpolation::Previous;
  if (name == "nearest") return Interpolation::Nearest;
  if (name == "pchip") return Interpolation::PchipMonotone;
  throw InputError("unknown interpolation '" + name + "'" + text::did_you_mean(name, names) +
                   "; expected one of linear, previous, nearest, pchip");
}

Extrapolation extrapolation_from_string(const std::string& name) {
  static const std::vector<std::string> names = {"clamp", "linear"};
  if (name == "clamp") return Extrapolation::Clamp;
  if (name == "linear") return Extrapolation::Linear;
  throw InputError("unknown extrapolation '" + name + "'" + text::did_you_mean(name, names) +
                   "; expected one of clamp, linear");
}

const char* to_string(Interpolation method) {
  switch (method) {
    case Interpolation::Linear: return "linear";
    case Interpolation::Previous: return "previous";
    case Interpolation::Nearest: return "nearest";
    case Interpolation::PchipMonotone: return "pchip";
  }
  return "?";
}

const char* to_string(Extrapolation extrapolation) {
  return extrapolation == Extrapolation::Clamp ? "clamp" : "linear";
}

Table1D::Table1D(std::vector<double> x, std::vector<double> y, Interpolation method,
                 Extrapolation extrapolation, std::string source)
    : x_(std::move(x)), y_(std::move(y)), method_(method), extrapolation_(extrapolation),
      source_(std::move(source)) {
  if (x_.size() != y_.size()) {
    throw InputError(describe_source(source_) + ": " + std::to_string(x_.size()) +
                     " breakpoints but " + std::to_string(y_.size()) +
                     " values; expected one value per breakpoint");
  }
  check_axis(x_, source_, "x");
  for (std::size_t i = 0; i < y_.size(); ++i) {
    if (!std::isfinite(y_[i])) {
      throw InputError(describe_source(source_) + ": value in row " + std::to_string(i + 1) +
                       " is not a finite number");
    }
  }
  if (method_ == Interpolation::PchipMonotone) slope_ = pchip_slopes(x_, y_);
}

int Table1D::find_interval(double x, int& interval_hint) const {
  return locate(x_, x, interval_hint);
}

double Table1D::evaluate_in(double x, int k) const {
  const std::size_t n = x_.size();
  if (n == 1) return y_[0];
  const double x0 = x_[k];
  const double x1 = x_[k + 1];
  if (x < x_[0] || x > x_[n - 1] || std::isnan(x)) {
    const bool left = !(x > x_[n - 1]);  // NaN goes left: a defined, finite answer
    const double end_x = left ? x_[0] : x_[n - 1];
    const double end_y = left ? y_[0] : y_[n - 1];
    if (extrapolation_ == Extrapolation::Clamp || std::isnan(x) ||
        method_ == Interpolation::Previous || method_ == Interpolation::Nearest) {
      return end_y;
    }
    const double end_slope = method_ == Interpolation::PchipMonotone
                                 ? (left ? slope_[0] : slope_[n - 1])
                                 : (y_[k + 1] - y_[k]) / (x1 - x0);
    return end_y + end_slope * (x - end_x);
  }
  switch (method_) {
    case Interpolation::Linear: {
      if (x >= x1) return y_[k + 1];
      return linear_in(x, static_cast<std::size_t>(k));
    }
    case Interpolation::Previous:
      return x >= x1 ? y_[k + 1] : y_[k];
    case Interpolation::Nearest:
      return (x - x0) < (x1 - x) ? y_[k] : y_[k + 1];
    case Interpolation::PchipMonotone: {
      // Cubic Hermite basis on t = (x - x0)/h.
      const double h = x1 - x0;
      const double t = (x - x0) / h;
      const double t2 = t * t;
      const double t3 = t2 * t;
      const double h00 = 2.0 * t3 - 3.0 * t2 + 1.0;
      const double h10 = t3 - 2.0 * t2 + t;
      const double h01 = -2.0 * t3 + 3.0 * t2;
      const double h11 = t3 - t2;
      return h00 * y_[k] + h10 * h * slope_[k] + h01 * y_[k + 1] + h11 * h * slope_[k + 1];
    }
  }
  return y_[k];
}

double Table1D::derivative_in(double x, int k) const {
  const std::size_t n = x_.size();
  if (n == 1 || method_ == Interpolation::Previous || method_ == Interpolation::Nearest) return 0.0;
  if (std::isnan(x)) return 0.0;
  const double x0 = x_[k];
  const double x1 = x_[k + 1];
  if (x < x_[0] || x > x_[n - 1]) {
    if (extrapolation_ == Extrapolation::Clamp) return 0.0;
    if (method_ == Interpolation::PchipMonotone) return x < x_[0] ? slope_[0] : slope_[n - 1];
    return (y_[k + 1] - y_[k]) / (x1 - x0);
  }
  if (method_ == Interpolation::Linear) return (y_[k + 1] - y_[k]) / (x1 - x0);
  const double h = x1 - x0;
  const double t = (x - x0) / h;
  const double t2 = t * t;
  const double dh00 = 6.0 * t2 - 6.0 * t;
  const double dh10 = 3.0 * t2 - 4.0 * t + 1.0;
  const double dh01 = -6.0 * t2 + 6.0 * t;
  const double dh11 = 3.0 * t2 - 2.0 * t;
  return (dh00 * y_[k] + dh01 * y_[k + 1]) / h + dh10 * slope_[k] + dh11 * slope_[k + 1];
}

double Table1D::operator()(double x) const {
  int hint = -1;
  return evaluate(x, hint);
}

double Table1D::evaluate(double x, int& interval_hint) const {
  if (x_.empty()) return std::numeric_limits<double>::quiet_NaN();  // default-constructed table
  return evaluate_in(x, locate(x_, x, interval_hint));
}

double Table1D::evaluate_searching(double x, double& interval_hint) const {
  // Doubles hold small integers exactly; anything odd (NaN, negative, huge) becomes "no hint".
  int hint = (interval_hint >= 0.0 && interval_hint < 2.0e9) ? static_cast<int>(interval_hint) : -1;
  const double value = evaluate(x, hint);
  interval_hint = static_cast<double>(hint);
  return value;
}

double Table1D::derivative(double x) const {
  int hint = -1;
  return derivative(x, hint);
}

double Table1D::derivative(double x, int& interval_hint) const {
  if (x_.empty()) return std::numeric_limits<double>::quiet_NaN();
  return derivative_in(x, locate(x_, x, interval_hint));
}

double Table1D::next_breakpoint_after(double x) const {
  int hint = -1;
  return next_breakpoint_after(x, hint);
}

double Table1D::next_breakpoint_after(double x, int& interval_hint) const {
  const double infinity = std::numeric_limits<double>::infinity();
  if (x_.empty() || std::isnan(x)) return infinity;
  if (x < x_.front()) return x_.front();
  if (x >= x_.back()) return infinity;
  const int k = locate(x_, x, interval_hint);  // x_[k] <= x < x_[k+1]
  return x_[k + 1];
}

double Table1D::next_breakpoint_after(double x, double& interval_hint) const {
  int hint = (interval_hint >= 0.0 && interval_hint < 2.0e9) ? static_cast<int>(interval_hint) : -1;
  const double next = next_breakpoint_after(x, hint);
  interval_hint = static_cast<double>(hint);
  return next;
}

Table2D::Table2D(std::vector<double> x, std::vector<double> y, std::vector<double> values,
                 std::string source)
    : x_(std::move(x)), y_(std::move(y)), z_(std::move(values)), source_(std::move(source)) {
  check_axis(x_, source_, "x");
  check_axis(y_, source_, "y");
  if (z_.size() != x_.size() * y_.size()) {
    throw InputError(describe_source(source_) + ": " + std::to_string(z_.size()) +
                     " values for a " + std::to_string(x_.size()) + " x " +
                     std::to_string(y_.size()) + " grid; expected " +
                     std::to_string(x_.size() * y_.size()));
  }
  for (std::size_t i = 0; i < z_.size(); ++i) {
    if (!std::isfinite(z_[i])) {
      throw InputError(describe_source(source_) + ": value at x = " +
                       number_text(x_[i / y_.size()]) + ", y = " + number_text(y_[i % y_.size()]) +
                       " is not a finite number");
    }
  }
}

Table2D Table2D::from_points(const std::vector<double>& x, const std::vector<double>& y,
                             const std::vector<double>& z, std::string source) {
  if (x.size() != y.size() || x.size() != z.size()) {
    throw InputError(describe_source(source) + ": columns differ in length (" +
                     std::to_string(x.size()) + ", " + std::to_string(y.size()) + ", " +
                     std::to_string(z.size()) + ")");
  }
  for (std::size_t r = 0; r < x.size(); ++r) {
    if (!std::isfinite(x[r]) || !std::isfinite(y[r])) {
      throw InputError(describe_source(source) + ": row " + std::to_string(r + 1) +
                       " has a coordinate that is not a finite number");
    }
  }
  std::vector<double> x_axis(x), y_axis(y);
  std::sort(x_axis.begin(), x_axis.end());
  x_axis.erase(std::unique(x_axis.begin(), x_axis.end()), x_axis.end());
  std::sort(y_axis.begin(), y_axis.end());
  y_axis.erase(std::unique(y_axis.begin(), y_axis.end()), y_axis.end());
  const std::size_t ny = y_axis.size();
  std::vector<double> values(x_axis.size() * ny, std::numeric_limits<double>::quiet_NaN());
  std::vector<char> seen(values.size(), 0);
  for (std::size_t r = 0; r < x.size(); ++r) {
    const auto i = static_cast<std::size_t>(
        std::lower_bound(x_axis.begin(), x_axis.end(), x[r]) - x_axis.begin());
    const auto j = static_cast<std::size_t>(
        std::lower_bound(y_axis.begin(), y_axis.end(), y[r]) - y_axis.begin());
    if (seen[i * ny + j]) {
      throw InputError(describe_source(source) + ": row " + std::to_string(r + 1) +
                       " repeats the grid point x = " + number_text(x[r]) +
                       ", y = " + number_text(y[r]));
    }
    seen[i * ny + j] = 1;
    values[i * ny + j] = z[r];
  }
  for (std::size_t index = 0; index < seen.size(); ++index) {
    if (!seen[index]) {
      throw InputError(describe_source(source) + ": grid point x = " +
                       number_text(x_axis[index / ny]) + ", y = " +
                       number_text(y_axis[index % ny]) +
                       " is missing; expected every combination of the x and y values");
    }
  }
  return Table2D(std::move(x_axis), std::move(y_axis), std::move(values), std::move(source));
}

double Table2D::operator()(double x, double y) const {
  int x_hint = -1;
  int y_hint = -1;
  return evaluate(x, y, x_hint, y_hint);
}

double Table2D::evaluate(double x, double y, int& x_hint, int& y_hint) const {
  if (z_.empty()) return std::numeric_limits<double>::quiet_NaN();  // default-constructed table
  // Clamp to the grid (NaN goes to the lower edge).
  x = std::isnan(x) ? x_.front() : std::clamp(x, x_.front(), x_.back());
  y = std::isnan(y) ? y_.front() : std::clamp(y, y_.front(), y_.back());
  const std::size_t ny = y_.size();
  const int i = locate(x_, x, x_hint);
  const int j = locate(y_, y, y_hint);
  const bool x_single = x_.size() == 1;
  const bool y_single = ny == 1;
  const double s = x_single ? 0.0 : (x - x_[i]) / (x_[i + 1] - x_[i]);
  const double t = y_single ? 0.0 : (y - y_[j]) / (y_[j + 1] - y_[j]);
  const std::size_t i1 = x_single ? i : i + 1;
  const std::size_t j1 = y_single ? j : j + 1;
  const double z00 = z_[i * ny + j];
  const double z10 = z_[i1 * ny + j];
  const double z01 = z_[i * ny + j1];
  const double z11 = z_[i1 * ny + j1];
  return (1.0 - s) * (1.0 - t) * z00 + s * (1.0 - t) * z10 + (1.0 - s) * t * z01 + s * t * z11;
}

}  // namespace etsim
