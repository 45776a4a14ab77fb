#include "models/electric/power_device.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>

#include "engine/core/error.h"

namespace etsim {
namespace {

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace

CurveFamily::CurveFamily(const std::vector<double>& temperature, const std::vector<double>& x,
                         const std::vector<double>& y, const std::string& what) {
  if (temperature.size() != x.size() || x.size() != y.size() || x.size() < 2) {
    throw InputError(what + ": expected columns of equal length with at least 2 rows (got " +
                     std::to_string(temperature.size()) + ", " + std::to_string(x.size()) + ", " +
                     std::to_string(y.size()) + ")");
  }
  for (std::size_t row = 0; row < x.size(); ++row) {
    if (!std::isfinite(temperature[row]) || !std::isfinite(x[row]) || !std::isfinite(y[row]) ||
        temperature[row] <= 0.0) {
      throw InputError(what + ": row " + std::to_string(row + 1) +
                       " has a non-finite value or a temperature <= 0 K; expected finite numbers "
                       "and absolute temperatures in K");
    }
    const bool new_curve = row == 0 || temperature[row] != temperature[row - 1];
    if (new_curve) {
      if (row > 0 && temperature[row] < temperature[row - 1]) {
        throw InputError(what + ": row " + std::to_string(row + 1) + ": temperature " +
                         number_text(temperature[row]) + " K after " +
                         number_text(temperature[row - 1]) +
                         " K; expected one block of rows per temperature, temperatures ascending");
      }
      temperatures_.push_back(temperature[row]);
      start_.push_back(static_cast<int>(row));
    } else if (!(x[row] > x[row - 1])) {
      throw InputError(what + ": row " + std::to_string(row + 1) + ": x = " + number_text(x[row]) +
                       " does not exceed the previous " + number_text(x[row - 1]) +
                       "; expected strictly ascending values within each temperature block");
    }
  }
  start_.push_back(static_cast<int>(x.size()));
  for (int c = 0; c < curve_count(); ++c) {
    if (start_[c + 1] - start_[c] < 2) {
      throw InputError(what + ": the curve at " + number_text(temperatures_[c]) +
                       " K has a single point; expected at least 2 per temperature");
    }
  }
  x_ = x;
  y_ = y;
  mean_grid_max_ = 2.0 * max_x();
  if (!(mean_grid_max_ > 0.0)) {
    throw InputError(what + ": every x is <= 0; expected currents up to the device rating");
  }
  mean_grid_.resize(static_cast<std::size_t>(curve_count()) * kMeanGridPoints);
  for (int c = 0; c < curve_count(); ++c) {
    for (int j = 0; j < kMeanGridPoints; ++j) {
      mean_grid_[c * kMeanGridPoints + j] =
          exact_half_sine_mean(c, mean_grid_max_ * j / (kMeanGridPoints - 1));
    }
  }
}

double CurveFamily::max_x() const {
  double largest = -std::numeric_limits<double>::infinity();
  for (int c = 0; c < curve_count(); ++c) largest = std::max(largest, x_[start_[c + 1] - 1]);
  return largest;
}

double CurveFamily::curve_value(int curve, double x) const {
  const int first = start_[curve], last = start_[curve + 1] - 1;
  // Segment k = [x_k, x_k+1]; the first and last segments extend to infinity.
  const auto begin = x_.begin() + first + 1, end = x_.begin() + last;
  const int k = static_cast<int>(std::upper_bound(begin, end, x) - x_.begin()) - 1;
  const double slope = (y_[k + 1] - y_[k]) / (x_[k + 1] - x_[k]);
  return y_[k] + slope * (x - x_[k]);
}

CurveFamily::Blend CurveFamily::blend(double temperature) const {
  const int n = curve_count();
  if (!(temperature > temperatures_[0])) return {0, 0, 0.0};
  if (temperature >= temperatures_[n - 1]) return {n - 1, n - 1, 0.0};
  int lower = 0;
  while (temperatures_[lower + 1] <= temperature) ++lower;
  const double weight = (temperature - temperatures_[lower]) /
                        (temperatures_[lower + 1] - temperatures_[lower]);
  return {lower, lower + 1, weight};
}

double CurveFamily::value(double x, double temperature) const {
  const Blend b = blend(temperature);
  const double low = curve_value(b.lower, x);
  if (b.weight_upper == 0.0) return low;
  return low + b.weight_upper * (curve_value(b.upper, x) - low);
}

double CurveFamily::exact_half_sine_mean(int curve, double x_peak) const {
  if (!(x_peak > 0.0)) return curve_value(curve, 0.0);
  // (1/π) ∫_0^π y(X sin θ) dθ = (2/π) ∫_0^{π/2} y(X sin θ) dθ; on a segment y = a + b x the
  // integral is a (θ2 - θ1) + b X (cos θ1 - cos θ2) with θ = asin(x / X).
  const int first = start_[curve], last = start_[curve + 1] - 1;
  double integral = 0.0;
  for (int k = first; k < last; ++k) {
    const double lo = k == first ? 0.0 : std::max(0.0, x_[k]);
    const double hi = k + 1 == last ? x_peak : std::min(x_peak, x_[k + 1]);
    if (!(hi > lo)) continue;
    const double theta1 = std::asin(std::clamp(lo / x_peak, 0.0, 1.0));
    const double theta2 = std::asin(std::clamp(hi / x_peak, 0.0, 1.0));
    const double slope = (y_[k + 1] - y_[k]) / (x_[k + 1] - x_[k]);
    const double intercept = y_[k] - slope * x_[k];
    integral += intercept * (theta2 - theta1) +
                slope * x_peak * (std::cos(theta1) - std::cos(theta2));
  }
  return integral * 2.0 / std::numbers::pi;
}

double CurveFamily::grid_mean(int curve, double x_peak) const {
  const double* grid = mean_grid_.data() + curve * kMeanGridPoints;
  const double spacing = mean_grid_max_ / (kMeanGridPoints - 1);
  const double position = std::max(0.0, x_peak) / spacing;
  const int j = std::min(static_cast<int>(position), kMeanGridPoints - 2);  // extrapolate at the end
  return grid[j] + (position - j) * (grid[j + 1] - grid[j]);
}

double CurveFamily::half_sine_mean(double x_peak, double temperature) const {
  const Blend b = blend(temperature);
  const double low = grid_mean(b.lower, x_peak);
  if (b.weight_upper == 0.0) return low;
  return low + b.weight_upper * (grid_mean(b.upper, x_peak) - low);
}

void CurveFamily::fit_lines(double x_min, double x_max, const std::string& what) {
  intercept_.assign(curve_count(), 0.0);
  slope_.assign(curve_count(), 0.0);
  for (int c = 0; c < curve_count(); ++c) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int k = start_[c]; k < start_[c + 1]; ++k) {
      if (x_[k] < x_min || x_[k] > x_max) continue;
      n += 1;
      sx += x_[k];
      sy += y_[k];
      sxx += x_[k] * x_[k];
      sxy += x_[k] * y_[k];
    }
    const double denominator = n * sxx - sx * sx;
    if (n < 2 || !(denominator > 0.0)) {
      throw InputError(what + ": fewer than 2 points of the curve at " +
                       number_text(temperatures_[c]) + " K lie in the fit range " +
                       number_text(x_min) + " .. " + number_text(x_max) +
                       " A; expected a range covering the tabulated currents");
    }
    slope_[c] = (n * sxy - sx * sy) / denominator;
    intercept_[c] = (sy - slope_[c] * sx) / n;
  }
}

double CurveFamily::line_intercept(double temperature) const {
  const Blend b = blend(temperature);
  return intercept_[b.lower] + b.weight_upper * (intercept_[b.upper] - intercept_[b.lower]);
}

double CurveFamily::line_slope(double temperature) const {
  const Blend b = blend(temperature);
  return slope_[b.lower] + b.weight_upper * (slope_[b.upper] - slope_[b.lower]);
}

PowerDevice::PowerDevice(PowerDeviceData data) : data_(std::move(data)) {
  const std::string& name = data_.name;
  auto require = [&](const CurveFamily& family, const char* table) {
    if (family.empty()) {
      throw InputError("power device '" + name + "': the " + table + " table is missing");
    }
  };
  require(data_.switch_conduction, "switch conduction");
  require(data_.diode_conduction, "diode conduction");
  require(data_.turn_on_energy, "turn-on energy");
  require(data_.turn_off_energy, "turn-off energy");
  require(data_.recovery_energy, "recovery energy");
  if (!(data_.reference_voltage > 0.0) || !std::isfinite(data_.reference_voltage)) {
    throw InputError("power device '" + name + "': reference_voltage = " +
                     number_text(data_.reference_voltage) +
                     " V; expected the DC voltage of the switching-energy curves (> 0)");
  }
  for (double exponent : {data_.switch_voltage_exponent, data_.diode_voltage_exponent}) {
    if (!(exponent >= 0.0 && exponent <= 3.0)) {
      throw InputError("power device '" + name + "': voltage exponent k_v = " +
                       number_text(exponent) + "; expected 0 <= k_v <= 3 (typically 0.6 .. 1.4)");
    }
  }
  if (!(data_.fit_current_min >= 0.0 && data_.fit_current_max > data_.fit_current_min)) {
    throw InputError("power device '" + name + "': conduction fit range " +
                     number_text(data_.fit_current_min) + " .. " +
                     number_text(data_.fit_current_max) + " A; expected 0 <= min < max");
  }
  data_.switch_conduction.fit_lines(data_.fit_current_min, data_.fit_current_max,
                                    "power device '" + name + "' switch conduction");
  data_.diode_conduction.fit_lines(data_.fit_current_min, data_.fit_current_max,
                                   "power device '" + name + "' diode conduction");
  for (const CurveFamily* family : {&data_.switch_conduction, &data_.diode_conduction}) {
    for (int c = 0; c < family->curve_count(); ++c) {
      const double t = family->temperature(c);
      if (!(family->line_slope(t) > 0.0)) {
        throw InputError("power device '" + name + "': the straight-line conduction fit at " +
                         number_text(t) + " K has a slope <= 0; expected a rising V(I) curve");
      }
    }
  }
}

LinearConduction PowerDevice::switch_line(double temperature) const {
  return {data_.switch_conduction.line_intercept(temperature),
          data_.switch_conduction.line_slope(temperature)};
}

LinearConduction PowerDevice::diode_line(double temperature) const {
  return {data_.diode_conduction.line_intercept(temperature),
          data_.diode_conduction.line_slope(temperature)};
}

SwitchingEnergy PowerDevice::switching_energy(double current, double temperature,
                                              double dc_voltage) const {
  const double ratio = std::max(0.0, dc_voltage) / data_.reference_voltage;
  const double switch_scale = std::pow(ratio, data_.switch_voltage_exponent);
  const double diode_scale = std::pow(ratio, data_.diode_voltage_exponent);
  // Energies are never negative, even where a curve is extrapolated below its first point.
  return {std::max(0.0, data_.turn_on_energy.value(current, temperature)) * switch_scale,
          std::max(0.0, data_.turn_off_energy.value(current, temperature)) * switch_scale,
          std::max(0.0, data_.recovery_energy.value(current, temperature)) * diode_scale};
}

VoltageScaling PowerDevice::voltage_scaling(double dc_voltage) const {
  const double ratio = std::max(0.0, dc_voltage) / data_.reference_voltage;
  return {std::pow(ratio, data_.switch_voltage_exponent), std::pow(ratio, data_.diode_voltage_exponent)};
}

SwitchingEnergy PowerDevice::mean_switching_energy(double peak_current, double switch_temperature,
                                                   double diode_temperature,
                                                   const VoltageScaling& scaling) const {
  return {std::max(0.0, data_.turn_on_energy.half_sine_mean(peak_current, switch_temperature)) *
              scaling.switch_scale,
          std::max(0.0, data_.turn_off_energy.half_sine_mean(peak_current, switch_temperature)) *
              scaling.switch_scale,
          std::max(0.0, data_.recovery_energy.half_sine_mean(peak_current, diode_temperature)) *
              scaling.diode_scale};
}

SwitchingEnergy PowerDevice::mean_switching_energy(double peak_current, double temperature,
                                                   double dc_voltage) const {
  return mean_switching_energy(peak_current, temperature, temperature, voltage_scaling(dc_voltage));
}

}  // namespace etsim
