#include "models/electric/power_device.h"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "engine/core/error.h"
#include "tests/models/electric/power_device_test_data.h"

namespace etsim {
namespace {

constexpr double kCelsius = 273.15;
// Datasheet figures are read off digitised curves: 2 % covers the digitisation and reading error.
constexpr double kDigitisationTolerance = 0.02;

void expect_within(double actual, double expected, double relative, const char* what) {
  EXPECT_NEAR(actual, expected, relative * std::abs(expected)) << what;
}

TEST(PowerDevice, FujiIgbtConductionMatchesDatasheet) {
  const PowerDevice igbt(test_data::fuji_igbt_data());
  const double hot = 150.0 + kCelsius, cold = 25.0 + kCelsius;
  expect_within(igbt.switch_voltage(600.0, hot), 1.52, kDigitisationTolerance, "V_CE 600 A 150 C");
  expect_within(igbt.switch_voltage(600.0, cold), 1.30, kDigitisationTolerance, "V_CE 600 A 25 C");
  expect_within(igbt.diode_voltage(600.0, hot), 1.49, kDigitisationTolerance, "V_F 600 A 150 C");
  expect_within(igbt.diode_voltage(600.0, cold), 1.55, kDigitisationTolerance, "V_F 600 A 25 C");
  // The straight-line fit used by the averaged loss formulas, at the rated current.
  const LinearConduction line = igbt.switch_line(hot);
  expect_within(line.threshold_voltage + line.slope_resistance * 600.0, 1.52, kDigitisationTolerance,
                "fitted V_CE 600 A 150 C");
  EXPECT_GT(line.threshold_voltage, 0.5);  // an IGBT has a knee voltage of roughly 0.6..0.8 V
  EXPECT_LT(line.threshold_voltage, 0.9);
  const LinearConduction diode = igbt.diode_line(hot);
  expect_within(diode.threshold_voltage + diode.slope_resistance * 600.0, 1.49, 0.03,
                "fitted V_F 600 A 150 C (diode curve is more bent: 3 %)");
}

TEST(PowerDevice, FujiIgbtSwitchingEnergiesMatchDatasheet) {
  const PowerDevice igbt(test_data::fuji_igbt_data());
  const SwitchingEnergy e = igbt.switching_energy(600.0, 150.0 + kCelsius, 300.0);
  expect_within(e.turn_on, 19.4e-3, kDigitisationTolerance, "E_on");
  expect_within(e.turn_off, 35.9e-3, kDigitisationTolerance, "E_off");
  expect_within(e.recovery, 7.7e-3, kDigitisationTolerance, "E_rr");
  // Voltage scaling E(V) = E(V_ref) (V / V_ref)^k_v, k_v = 1.35 (switch) and 0.6 (diode).
  const SwitchingEnergy doubled = igbt.switching_energy(600.0, 150.0 + kCelsius, 600.0);
  EXPECT_NEAR(doubled.turn_on, e.turn_on * std::pow(2.0, 1.35), 1e-12);
  EXPECT_NEAR(doubled.recovery, e.recovery * std::pow(2.0, 0.6), 1e-12);
}

TEST(PowerDevice, WolfspeedSicMatchesDatasheet) {
  const PowerDevice mosfet(test_data::wolfspeed_sic_data());
  expect_within(mosfet.switch_voltage(530.0, 25.0 + kCelsius), 1.47, kDigitisationTolerance,
                "V_DS 530 A 25 C");
  expect_within(mosfet.switch_voltage(530.0, 150.0 + kCelsius), 2.21, kDigitisationTolerance,
                "V_DS 530 A 150 C");
  // R_DS(on) from the fit: about 2.8 mOhm at 25 C and 4.2 mOhm at 150 C (datasheet curves).
  expect_within(mosfet.switch_line(25.0 + kCelsius).slope_resistance, 2.8e-3, 0.03, "R_DS(on) 25 C");
  expect_within(mosfet.switch_line(150.0 + kCelsius).slope_resistance, 4.2e-3, 0.03, "R_DS(on) 150 C");
  const SwitchingEnergy e = mosfet.switching_energy(530.0, 25.0 + kCelsius, 600.0);
  expect_within(e.turn_on, 16.7e-3, kDigitisationTolerance, "E_on 530 A 600 V");
  expect_within(e.turn_off, 15.9e-3, kDigitisationTolerance, "E_off 530 A 600 V");
}

TEST(CurveFamily, InterpolatesLinearlyInTemperatureAndClampsOutside) {
  const PowerDevice igbt(test_data::fuji_igbt_data());
  const CurveFamily& family = igbt.data().switch_conduction;
  ASSERT_EQ(family.curve_count(), 4);
  const double v125 = family.curve_value(1, 400.0), v150 = family.curve_value(2, 400.0);
  EXPECT_NEAR(family.value(400.0, 137.5 + kCelsius), 0.5 * (v125 + v150), 1e-12);
  EXPECT_NEAR(family.value(400.0, 0.0 + kCelsius), family.curve_value(0, 400.0), 1e-15);
  EXPECT_NEAR(family.value(400.0, 250.0 + kCelsius), family.curve_value(3, 400.0), 1e-15);
}

TEST(CurveFamily, HalfSineMeanIsExact) {
  // Linear y = 2 + 3x: (1/π) ∫_0^π (2 + 3 X sin θ) dθ = 2 + 6 X / π.
  const CurveFamily line({300, 300, 400, 400}, {0, 10, 0, 10}, {2, 32, 2, 32}, "line");
  EXPECT_NEAR(line.exact_half_sine_mean(0, 7.0), 2.0 + 6.0 * 7.0 / std::numbers::pi, 1e-13);
  EXPECT_NEAR(line.half_sine_mean(7.0, 350.0), 2.0 + 6.0 * 7.0 / std::numbers::pi, 1e-12);
  EXPECT_NEAR(line.half_sine_mean(50.0, 350.0), 2.0 + 6.0 * 50.0 / std::numbers::pi, 1e-10);

  // A real (bent) curve: grid value and exact value against midpoint quadrature.
  const PowerDevice igbt(test_data::fuji_igbt_data());
  const CurveFamily& e_rr = igbt.data().recovery_energy;
  for (double peak : {50.0, 333.0, 600.0, 1100.0}) {
    const int n = 200000;
    double sum = 0.0;
    for (int k = 0; k < n; ++k) {
      sum += e_rr.curve_value(2, peak * std::sin(std::numbers::pi * (k + 0.5) / n));
    }
    const double quadrature = sum / n;
    EXPECT_NEAR(e_rr.exact_half_sine_mean(2, peak), quadrature, 1e-6 * quadrature) << peak;
    EXPECT_NEAR(e_rr.half_sine_mean(peak, 150.0 + kCelsius), quadrature, 2e-3 * quadrature) << peak;
  }
}

TEST(PowerDevice, RejectsBadData) {
  EXPECT_THROW(CurveFamily({300, 300}, {0, 0}, {1, 2}, "t"), InputError);    // x not ascending
  EXPECT_THROW(CurveFamily({300, 400, 400}, {0, 0, 1}, {1, 1, 2}, "t"), InputError);  // 1 point
  EXPECT_THROW(CurveFamily({400, 400, 300, 300}, {0, 1, 0, 1}, {1, 2, 1, 2}, "t"), InputError);
  EXPECT_THROW(CurveFamily({300, 300}, {0, 1}, {1, std::nan("")}, "t"), InputError);
  EXPECT_THROW(CurveFamily({300, 300}, {0, 1}, {1}, "t"), InputError);
  PowerDeviceData data = test_data::fuji_igbt_data();
  data.reference_voltage = -300.0;
  EXPECT_THROW(PowerDevice{data}, InputError);
  data = test_data::fuji_igbt_data();
  data.switch_voltage_exponent = 5.0;
  EXPECT_THROW(PowerDevice{data}, InputError);
  data = test_data::fuji_igbt_data();
  data.fit_current_min = 2000.0;
  data.fit_current_max = 3000.0;
  EXPECT_THROW(PowerDevice{data}, InputError);
  data = test_data::fuji_igbt_data();
  data.recovery_energy = CurveFamily();
  try {
    PowerDevice device(data);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("recovery energy"), std::string::npos);
  }
}

}  // namespace
}  // namespace etsim
