#include "models/fluid/air/humid_air.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace etsim::fluid {
namespace {

constexpr double kTripleTemperature = 273.16;  // switch ice / liquid, as ASHRAE Table 3
constexpr double kMinTemperature = 173.15;     // -100 degC
constexpr double kMaxTemperature = 473.15;     // +200 degC
constexpr double kCelsiusOffset = 273.15;
constexpr double kMolarMassRatio = 0.621945;   // M_w / M_da (ASHRAE 2017 eq. 20)
constexpr double kDryAirGasConstant = 287.042; // J/(kg K), ASHRAE 2017 eq. 1
constexpr double kCpDryAir = 1006.0;           // J/(kg K), ASHRAE eq. 32
constexpr double kCpVapor = 1860.0;            // J/(kg K), ASHRAE eq. 32
constexpr double kLatentHeat0C = 2501000.0;    // J/kg, ASHRAE eq. 32

[[noreturn]] void fail(const char* format, double a, double b = 0.0, double c = 0.0) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, format, a, b, c);
  throw FluidError(std::string("humid air: ") + buffer);
}

void check_temperature(double T) {
  if (!(T >= kMinTemperature && T <= kMaxTemperature)) {
    fail("temperature %g K outside the valid range [173.15, 473.15] K (-100..200 degC)", T);
  }
}

void check_pressure(double p) {
  if (!(p > 0.0 && std::isfinite(p))) fail("total pressure %g Pa must be positive and finite", p);
}

// ASHRAE 2017 ch. 1 eq. 5 (Hyland & Wexler 1983), over ice.
double log_saturation_pressure_ice(double T) {
  return -5.6745359e3 / T + 6.3925247 - 9.6778430e-3 * T + 6.2215701e-7 * T * T +
         2.0747825e-9 * T * T * T - 9.4840240e-13 * T * T * T * T + 4.1635019 * std::log(T);
}

// ASHRAE 2017 ch. 1 eq. 6, over liquid water.
double log_saturation_pressure_liquid(double T) {
  return -5.8002206e3 / T + 1.3914993 - 4.8640239e-2 * T + 4.1764768e-5 * T * T -
         1.4452093e-8 * T * T * T + 6.5459673 * std::log(T);
}

double log_saturation_pressure(double T) {
  return T < kTripleTemperature ? log_saturation_pressure_ice(T) : log_saturation_pressure_liquid(T);
}

// d ln(p_ws) / dT, for the Newton iteration of the dew point.
double log_saturation_pressure_slope(double T) {
  if (T < kTripleTemperature) {
    return 5.6745359e3 / (T * T) - 9.6778430e-3 + 2.0 * 6.2215701e-7 * T + 3.0 * 2.0747825e-9 * T * T -
           4.0 * 9.4840240e-13 * T * T * T + 4.1635019 / T;
  }
  return 5.8002206e3 / (T * T) - 4.8640239e-2 + 2.0 * 4.1764768e-5 * T - 3.0 * 1.4452093e-8 * T * T +
         6.5459673 / T;
}

HumidAirState complete_state(double T, double p, double W) {
  HumidAirState state;
  state.T = T;
  state.p = p;
  state.humidity_ratio = W;
  state.vapor_pressure = p * W / (kMolarMassRatio + W);
  state.relative_humidity =
      state.vapor_pressure / (water_enhancement_factor(T, p) * water_saturation_pressure(T));
  const double t_celsius = T - kCelsiusOffset;
  state.enthalpy = kCpDryAir * t_celsius + W * (kLatentHeat0C + kCpVapor * t_celsius);
  state.specific_volume = kDryAirGasConstant * T * (1.0 + 1.607858 * W) / p;
  state.density = (1.0 + W) / state.specific_volume;
  state.cp = kCpDryAir + kCpVapor * W;
  state.dew_point = W > 0.0 ? dew_point_from_vapor_pressure(state.vapor_pressure, p) : 0.0;
  return state;
}

}  // namespace

double water_saturation_pressure(double T) {
  check_temperature(T);
  return std::exp(log_saturation_pressure(T));
}

double water_saturation_pressure_over_liquid(double T) {
  if (!(T >= kCelsiusOffset && T <= kMaxTemperature)) {
    fail("saturation pressure over liquid water: temperature %g K outside [273.15, 473.15] K", T);
  }
  return std::exp(log_saturation_pressure_liquid(T));
}

double water_saturation_pressure_over_ice(double T) {
  if (!(T >= kMinTemperature && T <= kTripleTemperature)) {
    fail("saturation pressure over ice: temperature %g K outside [173.15, 273.16] K", T);
  }
  return std::exp(log_saturation_pressure_ice(T));
}

double water_enhancement_factor(double T, double p) {
  return T < kTripleTemperature ? 1.0003 + 4.18e-8 * p : 1.0007 + 3.46e-8 * p;
}

double saturation_humidity_ratio(double T, double p) {
  check_temperature(T);
  check_pressure(p);
  const double saturated_vapor_pressure = water_enhancement_factor(T, p) * water_saturation_pressure(T);
  if (saturated_vapor_pressure >= p) {
    fail("saturation pressure of water %g Pa at %g K reaches the total pressure %g Pa (boiling): "
         "no saturated humid air exists",
         saturated_vapor_pressure, T, p);
  }
  return kMolarMassRatio * saturated_vapor_pressure / (p - saturated_vapor_pressure);
}

double dew_point_from_vapor_pressure(double vapor_pressure, double p) {
  check_pressure(p);
  if (!(vapor_pressure > 0.0 && vapor_pressure < p)) {
    fail("water vapour pressure %g Pa must be in (0, total pressure %g Pa)", vapor_pressure, p);
  }
  // g(T) = ln(f p_ws(T)) - ln(p_w) is increasing in T; bracket it and use safeguarded Newton steps.
  const double target = std::log(vapor_pressure);
  auto g = [&](double T) { return std::log(water_enhancement_factor(T, p)) + log_saturation_pressure(T) - target; };
  double low = kMinTemperature;
  double high = kMaxTemperature;
  if (g(low) > 0.0) fail("water vapour pressure %g Pa is below the range of the dew-point equation (frost point < -100 degC)", vapor_pressure);
  if (g(high) < 0.0) fail("water vapour pressure %g Pa is above the range of the dew-point equation (dew point > 200 degC)", vapor_pressure);
  double T = 0.5 * (low + high);
  for (int iteration = 0; iteration < 100; ++iteration) {
    const double value = g(T);
    if (value > 0.0) high = T; else low = T;
    double next = T - value / log_saturation_pressure_slope(T);
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (std::abs(next - T) < 1e-10 || high - low < 1e-10) return next;
    T = next;
  }
  return T;  // bracket width < 300 K / 2^100 cannot be exceeded; kept for safety
}

HumidAirState humid_air_from_relative_humidity(double T, double RH, double p) {
  check_temperature(T);
  check_pressure(p);
  if (!(RH >= 0.0 && RH <= 1.0)) fail("relative humidity %g must be in [0, 1]", RH);
  const double vapor_pressure = RH * water_enhancement_factor(T, p) * water_saturation_pressure(T);
  if (vapor_pressure >= p) {
    fail("water vapour pressure %g Pa at %g K reaches the total pressure %g Pa (boiling)", vapor_pressure, T, p);
  }
  const double W = kMolarMassRatio * vapor_pressure / (p - vapor_pressure);
  HumidAirState state = complete_state(T, p, W);
  state.relative_humidity = RH;  // exact input, not the round-tripped value
  return state;
}

HumidAirState humid_air_from_humidity_ratio(double T, double W, double p) {
  check_temperature(T);
  check_pressure(p);
  if (!(W >= 0.0 && std::isfinite(W))) fail("humidity ratio %g kg/kg must be >= 0 and finite", W);
  HumidAirState state = complete_state(T, p, W);
  if (state.relative_humidity > 1.0 + 1e-9) {
    fail("humidity ratio %g kg/kg exceeds saturation at %g K (relative humidity %g > 1)", W, T,
         state.relative_humidity);
  }
  return state;
}

double temperature_from_enthalpy(double h, double W) {
  if (!(W >= 0.0 && std::isfinite(W) && std::isfinite(h))) {
    fail("enthalpy %g J/kg and humidity ratio %g kg/kg must be finite with W >= 0", h, W);
  }
  const double t_celsius = (h - kLatentHeat0C * W) / (kCpDryAir + kCpVapor * W);
  const double T = t_celsius + kCelsiusOffset;
  check_temperature(T);
  return T;
}

}  // namespace etsim::fluid
