#include "models/fluid/air/humid_air.h"

#include <gtest/gtest.h>

#include <cmath>

namespace etsim::fluid {
namespace {

constexpr double kC = 273.15;

// ASHRAE Handbook Fundamentals 2017, ch. 1, Table 3: saturation pressure of water [Pa]
// (over ice below 0 degC). ASHRAE states eqs. 5/6 are within 300 ppm of these values.
TEST(HumidAir, SaturationPressureMatchesAshraeTable3) {
  const double t[] = {-20.0, -5.0, 5.0, 25.0, 50.0, 100.0, 150.0};
  const double p_ws[] = {103.24, 401.74, 872.6, 3169.7, 12351.3, 101418.0, 476101.4};
  for (int i = 0; i < 7; ++i) {
    EXPECT_NEAR(water_saturation_pressure(t[i] + kC) / p_ws[i], 1.0, 3e-4) << t[i];
  }
  EXPECT_NEAR(water_saturation_pressure(-60.0 + kC), 1.08, 0.01);
  // Triple point: ice and liquid branches meet at 611.657 Pa (IAPWS) within 0.1 %.
  EXPECT_NEAR(water_saturation_pressure_over_ice(273.16) / 611.657, 1.0, 1e-3);
  EXPECT_NEAR(water_saturation_pressure_over_liquid(273.16) / 611.657, 1.0, 1e-3);
  // Supercooled liquid has a higher vapour pressure than ice at the same temperature.
  EXPECT_GT(water_saturation_pressure_over_liquid(273.15), water_saturation_pressure_over_ice(273.15) * 0.9999);
}

// ASHRAE 2017 ch. 1, Table 2 (101.325 kPa): saturation humidity ratio W_s and enthalpy h_s.
TEST(HumidAir, SaturationStateMatchesAshraeTable2) {
  const double t[] = {-50.0, -20.0, -5.0, 5.0, 25.0, 50.0, 85.0};
  const double W_s[] = {0.0000243, 0.0006373, 0.0024863, 0.005425, 0.020173, 0.086863, 0.838105};
  const double h_s[] = {-50222.0, -18542.0, 1164.0, 18639.0, 76504.0, 275353.0, 2307539.0};
  for (int i = 0; i < 7; ++i) {
    const double T = t[i] + kC;
    EXPECT_NEAR(saturation_humidity_ratio(T) / W_s[i], 1.0, 3e-3) << t[i];
    const HumidAirState saturated = humid_air_from_relative_humidity(T, 1.0);
    EXPECT_NEAR(saturated.humidity_ratio / W_s[i], 1.0, 3e-3) << t[i];
    // h_s near -5 degC is a small difference of large terms: compare against |h| + 1 kJ/kg.
    EXPECT_NEAR(saturated.enthalpy, h_s[i], 1e-3 * std::abs(h_s[i]) + 10.0) << t[i];
    EXPECT_NEAR(saturated.dew_point, T, 1e-6) << t[i];
  }
}

TEST(HumidAir, DryAirVolumeMatchesAshrae) {
  // Table 2, 25 degC: v_da = 0.8443 m^3/kg.
  const HumidAirState dry = humid_air_from_humidity_ratio(25.0 + kC, 0.0);
  EXPECT_NEAR(dry.specific_volume, 0.8443, 0.8443 * 5e-4);
  EXPECT_NEAR(dry.density, 1.0 / dry.specific_volume, 1e-12);
  EXPECT_NEAR(dry.enthalpy, 25150.0, 1.0);  // 1006 J/(kg K) * 25 K
  EXPECT_EQ(dry.relative_humidity, 0.0);
}

TEST(HumidAir, RoundTripsAndConsistency) {
  const double p = 95461.0;  // standard atmosphere at 500 m (ASHRAE Table 1)
  for (double t : {-25.0, -3.0, 0.5, 12.0, 24.0, 38.0, 60.0}) {
    for (double RH : {0.05, 0.3, 0.55, 0.8, 1.0}) {
      const double T = t + kC;
      const HumidAirState a = humid_air_from_relative_humidity(T, RH, p);
      const HumidAirState b = humid_air_from_humidity_ratio(T, a.humidity_ratio, p);
      EXPECT_NEAR(b.relative_humidity, RH, 1e-10);
      EXPECT_NEAR(b.enthalpy, a.enthalpy, 1e-9 * std::abs(a.enthalpy) + 1e-9);
      // The dew point is where the vapour saturates: f p_ws(T_d) = p_w.
      EXPECT_NEAR(water_enhancement_factor(a.dew_point, p) * water_saturation_pressure(a.dew_point) /
                      a.vapor_pressure, 1.0, 1e-9);
      EXPECT_LE(a.dew_point, T + 1e-9);
      EXPECT_NEAR(temperature_from_enthalpy(a.enthalpy, a.humidity_ratio), T, 1e-9);
      // Partial pressures: W = 0.621945 p_w / (p - p_w).
      EXPECT_NEAR(a.humidity_ratio, 0.621945 * a.vapor_pressure / (p - a.vapor_pressure), 1e-15);
    }
  }
}

TEST(HumidAir, CabinExampleDewPoint) {
  // 20 degC, 50 % RH at sea level: dew point 9.27 degC (ASHRAE eq. 6 inverted; Magnus-formula
  // tables give 9.3 degC), W = 7.3 g/kg, h = 38.6 kJ/kg.
  const HumidAirState cabin = humid_air_from_relative_humidity(20.0 + kC, 0.5);
  EXPECT_NEAR(cabin.dew_point - kC, 9.27, 0.05);
  EXPECT_NEAR(cabin.humidity_ratio, 0.00730, 5e-5);
  EXPECT_NEAR(cabin.enthalpy, 38.6e3, 0.2e3);
}

TEST(HumidAir, ErrorPaths) {
  EXPECT_THROW(water_saturation_pressure(100.0), FluidError);
  EXPECT_THROW(water_saturation_pressure(std::nan("")), FluidError);
  EXPECT_THROW(water_saturation_pressure_over_ice(280.0), FluidError);
  EXPECT_THROW(water_saturation_pressure_over_liquid(260.0), FluidError);
  EXPECT_THROW(humid_air_from_relative_humidity(300.0, 1.2), FluidError);
  EXPECT_THROW(humid_air_from_relative_humidity(300.0, -0.1), FluidError);
  EXPECT_THROW(humid_air_from_relative_humidity(300.0, 0.5, -1.0), FluidError);
  EXPECT_THROW(humid_air_from_relative_humidity(380.0, 1.0, 101325.0), FluidError);  // boiling
  EXPECT_THROW(humid_air_from_humidity_ratio(300.0, 0.5), FluidError);               // supersaturated
  EXPECT_THROW(humid_air_from_humidity_ratio(300.0, -0.001), FluidError);
  EXPECT_THROW(saturation_humidity_ratio(380.0), FluidError);
  EXPECT_THROW(dew_point_from_vapor_pressure(0.0), FluidError);
  EXPECT_THROW(dew_point_from_vapor_pressure(2e5), FluidError);
  EXPECT_THROW(dew_point_from_vapor_pressure(1e-6), FluidError);  // frost point below -100 degC
  EXPECT_THROW(temperature_from_enthalpy(1e9, 0.0), FluidError);
  try {
    humid_air_from_relative_humidity(300.0, 1.5);
    FAIL() << "no exception";
  } catch (const FluidError& error) {
    EXPECT_NE(std::string(error.what()).find("relative humidity"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace etsim::fluid
