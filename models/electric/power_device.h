// Power semiconductor device (one switch position of a half-bridge: a transistor and its
// anti-parallel or body diode) described by datasheet curves, evaluated without allocation.
//
// Curves are families y(I) at a few junction temperatures Tj (piecewise linear in I between the
// digitised points, linear extrapolation beyond the first/last point; linear interpolation in Tj
// between curves, clamped to the first/last curve outside the tabulated Tj range):
//   switch conduction   v_on(I, Tj)    IGBT: V_CE(I_C); MOSFET: V_DS(I_D) of the channel
//   diode conduction    v_F(I, Tj)     anti-parallel diode (IGBT) or body diode (MOSFET)
//   switching energies  E_on, E_off, E_rr (I, Tj) at the datasheet DC voltage V_ref, scaled as
//                       E(V_dc) = E(V_ref) (V_dc / V_ref)^k_v   (k_v per switch and per diode)
//
// For closed-form averaged losses the conduction curves are also fitted by a straight line
// v = V_0(Tj) + r(Tj) I (least squares over the digitised points with I in [fit_min, fit_max]), and
// the half-sine mean of each energy curve, Ē(Î) = (1/π) ∫_0^π E(Î sin θ) dθ, is precomputed exactly
// (piecewise-linear E integrates in closed form) on a grid of Î.
#pragma once

#include <string>
#include <vector>

namespace etsim {

// y(x, temperature): a family of piecewise-linear curves, one per temperature.
class CurveFamily {
 public:
  CurveFamily() = default;
  // Rows grouped by temperature (ascending, equal values contiguous); within a group x strictly
  // ascending; at least 2 points per group. Throws InputError naming `what` otherwise.
  CurveFamily(const std::vector<double>& temperature, const std::vector<double>& x,
              const std::vector<double>& y, const std::string& what);

  bool empty() const { return temperatures_.empty(); }
  int curve_count() const { return static_cast<int>(temperatures_.size()); }
  double temperature(int curve) const { return temperatures_[curve]; }
  double max_x() const;  // largest tabulated x of any curve

  double value(double x, double temperature) const;
  double curve_value(int curve, double x) const;

  // Half-sine mean (1/π) ∫_0^π y(x_peak sin θ) dθ, interpolated in temperature like value().
  double half_sine_mean(double x_peak, double temperature) const;
  // The same, computed exactly from the segments (slower; used to build the grid and in tests).
  double exact_half_sine_mean(int curve, double x_peak) const;

  // Least-squares line y = intercept + slope x through the points with x in [x_min, x_max]
  // (at least 2 points needed, else InputError); per curve, then interpolated in temperature.
  void fit_lines(double x_min, double x_max, const std::string& what);
  double line_intercept(double temperature) const;
  double line_slope(double temperature) const;

 private:
  struct Blend {
    int lower, upper;
    double weight_upper;
  };
  Blend blend(double temperature) const;
  double grid_mean(int curve, double x_peak) const;

  std::vector<double> temperatures_;
  std::vector<int> start_;  // curve c: points start_[c] .. start_[c+1]
  std::vector<double> x_, y_;
  // Half-sine means on a uniform grid 0..mean_grid_max_ per curve.
  static constexpr int kMeanGridPoints = 1025;
  double mean_grid_max_ = 0.0;
  std::vector<double> mean_grid_;
  std::vector<double> intercept_, slope_;
};

enum class DeviceKind { Igbt, Mosfet };

struct LinearConduction {
  double threshold_voltage = 0.0;  // [V]   V_0
  double slope_resistance = 0.0;   // [Ohm] r
};

struct SwitchingEnergy {
  double turn_on = 0.0;   // [J]
  double turn_off = 0.0;  // [J]
  double recovery = 0.0;  // [J] diode reverse recovery
};

// (V_dc / V_ref)^k_v for the transistor and the diode energies.
struct VoltageScaling {
  double switch_scale = 1.0;
  double diode_scale = 1.0;
};

struct PowerDeviceData {
  std::string name;
  DeviceKind kind = DeviceKind::Igbt;
  CurveFamily switch_conduction;  // V [V] vs I [A], Tj [K]
  CurveFamily diode_conduction;
  CurveFamily turn_on_energy;     // E [J] vs I [A], Tj [K], at reference_voltage
  CurveFamily turn_off_energy;
  CurveFamily recovery_energy;
  double reference_voltage = 0.0;        // [V] DC voltage of the energy curves
  double switch_voltage_exponent = 1.3;  // [-] k_v for E_on, E_off
  double diode_voltage_exponent = 0.6;   // [-] k_v for E_rr
  double fit_current_min = 0.0;          // [A] range of the straight-line conduction fits
  double fit_current_max = 0.0;          // [A]
};

class PowerDevice {
 public:
  // Validates and fits; throws InputError naming the device and what is wrong.
  explicit PowerDevice(PowerDeviceData data);

  const std::string& name() const { return data_.name; }
  DeviceKind kind() const { return data_.kind; }
  const PowerDeviceData& data() const { return data_; }

  // On-state voltages from the curves [V] at current >= 0 [A] and junction temperature [K].
  double switch_voltage(double current, double temperature) const {
    return data_.switch_conduction.value(current, temperature);
  }
  double diode_voltage(double current, double temperature) const {
    return data_.diode_conduction.value(current, temperature);
  }
  LinearConduction switch_line(double temperature) const;
  LinearConduction diode_line(double temperature) const;

  // Energies per switching event at current >= 0, temperature, DC voltage.
  SwitchingEnergy switching_energy(double current, double temperature, double dc_voltage) const;
  // Half-sine means Ē(Î) (see header comment), scaled to dc_voltage.
  SwitchingEnergy mean_switching_energy(double peak_current, double temperature,
                                        double dc_voltage) const;
  // The same with E_on, E_off at the transistor's and E_rr at the diode's junction temperature and
  // precomputed voltage scaling (the fast path used per evaluation).
  SwitchingEnergy mean_switching_energy(double peak_current, double switch_temperature,
                                        double diode_temperature, const VoltageScaling& scaling) const;
  VoltageScaling voltage_scaling(double dc_voltage) const;

 private:
  PowerDeviceData data_;
};

}  // namespace etsim
