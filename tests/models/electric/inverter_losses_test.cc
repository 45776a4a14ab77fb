// Closed-form averaged device losses against a direct numerical average of the instantaneous
// losses over one fundamental period (sinusoidal PWM duty cycles), for the IGBT and the SiC MOSFET.
#include "models/electric/inverter_losses.h"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "tests/models/electric/power_device_test_data.h"

namespace etsim {
namespace {

constexpr double kPi = std::numbers::pi;

struct NumericalLosses {
  double switch_conduction = 0, diode_conduction = 0, switch_switching = 0, diode_switching = 0;
};

// Upper switch position of phase a: duty d(θ) = (1 + m cos θ)/2, current i = Î cos(θ − φ).
// Instantaneous conduction with the same straight-line characteristics; switching events at
// f_sw with E evaluated on the datasheet curve at the instantaneous current. Midpoint rule.
NumericalLosses numerical_average(const PowerDevice& device, const LossOperatingPoint& p) {
  const int n = 200000;
  const double phi = std::acos(p.power_factor);
  const LinearConduction sw = device.switch_line(p.switch_temperature);
  const LinearConduction d = device.diode_line(
      device.kind() == DeviceKind::Igbt ? p.diode_temperature : p.switch_temperature);
  const double dead = 2.0 * p.dead_time * p.switching_frequency;
  NumericalLosses sum;
  for (int k = 0; k < n; ++k) {
    const double theta = 2.0 * kPi * (k + 0.5) / n;
    const double duty = 0.5 * (1.0 + p.modulation_index * std::cos(theta));
    const double i = p.peak_current * std::cos(theta - phi);
    const double magnitude = std::abs(i);
    const double switch_drop = sw.threshold_voltage + sw.slope_resistance * magnitude;
    const double diode_drop = d.threshold_voltage + d.slope_resistance * magnitude;
    if (device.kind() == DeviceKind::Igbt) {
      if (i > 0) sum.switch_conduction += duty * switch_drop * magnitude;
      else sum.diode_conduction += duty * diode_drop * magnitude;
    } else {
      // Channel forward when i > 0 (duty d); reverse (synchronous rectification) when i < 0 for
      // d minus the two dead times, during which the body diode conducts.
      if (i > 0) {
        sum.switch_conduction += duty * switch_drop * magnitude;
      } else {
        sum.switch_conduction += (duty - dead) * switch_drop * magnitude;
        sum.diode_conduction += dead * diode_drop * magnitude;
      }
    }
    const SwitchingEnergy e = device.switching_energy(
        magnitude, p.switch_temperature, p.dc_voltage);
    const SwitchingEnergy e_diode = device.switching_energy(
        magnitude, device.kind() == DeviceKind::Igbt ? p.diode_temperature : p.switch_temperature,
        p.dc_voltage);
    // The upper transistor switches while i > 0; the upper diode recovers while i < 0.
    if (i > 0) sum.switch_switching += p.switching_frequency * (e.turn_on + e.turn_off);
    else sum.diode_switching += p.switching_frequency * e_diode.recovery;
  }
  sum.switch_conduction /= n;
  sum.diode_conduction /= n;
  sum.switch_switching /= n;
  sum.diode_switching /= n;
  return sum;
}

void expect_relative(double actual, double expected, double tolerance, const std::string& what) {
  EXPECT_NEAR(actual, expected, tolerance * std::abs(expected)) << what;
}

struct Case {
  double m, cos_phi;
};

TEST(InverterLosses, IgbtClosedFormMatchesNumericalAverage) {
  const PowerDevice igbt(test_data::fuji_igbt_data());
  for (const Case c : {Case{0.1, 0.95}, Case{0.8, 0.85}, Case{1.15, 0.99}, Case{0.9, -0.8},
                       Case{0.5, 0.1}}) {
    LossOperatingPoint p;
    p.dc_voltage = 350.0;
    p.peak_current = 420.0;
    p.modulation_index = c.m;
    p.power_factor = c.cos_phi;
    p.switching_frequency = 10e3;
    p.dead_time = 1.5e-6;
    p.switch_temperature = 398.15;
    p.diode_temperature = 373.15;
    const DeviceLosses closed = average_device_losses(igbt, p);
    const NumericalLosses numeric = numerical_average(igbt, p);
    const std::string label = "m = " + std::to_string(c.m) + ", cos phi = " + std::to_string(c.cos_phi);
    expect_relative(closed.switch_conduction, numeric.switch_conduction, 1e-3, "IGBT cond " + label);
    expect_relative(closed.diode_conduction, numeric.diode_conduction, 1e-3, "diode cond " + label);
    // Switching: grid-interpolated half-sine mean vs the curve itself.
    expect_relative(closed.switch_switching, numeric.switch_switching, 1e-3, "IGBT sw " + label);
    expect_relative(closed.diode_switching, numeric.diode_switching, 2e-3, "diode sw " + label);
  }
}

TEST(InverterLosses, SicSynchronousRectificationMatchesNumericalAverage) {
  const PowerDevice sic(test_data::wolfspeed_sic_data());
  for (const Case c : {Case{0.3, 0.9}, Case{1.1, 0.95}, Case{0.7, -0.9}}) {
    LossOperatingPoint p;
    p.dc_voltage = 700.0;
    p.peak_current = 380.0;
    p.modulation_index = c.m;
    p.power_factor = c.cos_phi;
    p.switching_frequency = 20e3;
    p.dead_time = 0.3e-6;
    p.switch_temperature = 373.15;
    const DeviceLosses closed = average_device_losses(sic, p);
    const NumericalLosses numeric = numerical_average(sic, p);
    expect_relative(closed.switch_conduction, numeric.switch_conduction, 1e-3, "channel");
    expect_relative(closed.diode_conduction, numeric.diode_conduction, 1e-3, "body diode");
    expect_relative(closed.switch_switching, numeric.switch_switching, 1e-3, "switching");
  }
}

TEST(InverterLosses, IgbtFormulaByHandAtOnePoint) {
  // With V_0, r of the fit at 125 degC, Î = 300 A, m = 1, cos φ = 1:
  // P_T = V_0 Î (1/(2π) + 1/8) + r Î² (1/8 + 1/(3π)).
  const PowerDevice igbt(test_data::fuji_igbt_data());
  LossOperatingPoint p;
  p.peak_current = 300.0;
  p.modulation_index = 1.0;
  p.power_factor = 1.0;
  p.switching_frequency = 0.0;  // conduction only
  p.switch_temperature = p.diode_temperature = 398.15;
  const LinearConduction line = igbt.switch_line(398.15);
  const double expected = line.threshold_voltage * 300.0 * (1.0 / (2.0 * kPi) + 0.125) +
                          line.slope_resistance * 9e4 * (0.125 + 1.0 / (3.0 * kPi));
  EXPECT_NEAR(average_device_losses(igbt, p).switch_conduction, expected, 1e-12 * expected);
  EXPECT_EQ(average_device_losses(igbt, p).switch_switching, 0.0);
}

TEST(InverterLosses, NoCurrentNoConductionLoss) {
  const PowerDevice igbt(test_data::fuji_igbt_data());
  LossOperatingPoint p;
  p.dc_voltage = 300.0;
  p.switching_frequency = 10e3;
  const DeviceLosses losses = average_device_losses(igbt, p);
  EXPECT_EQ(losses.switch_conduction, 0.0);
  EXPECT_EQ(losses.diode_conduction, 0.0);
  // The Fuji curves start at (0 A, 0 J): no switching loss either.
  EXPECT_NEAR(losses.switch_switching, 0.0, 1e-12);
}

}  // namespace
}  // namespace etsim
