#pragma once
// Psychrometrics of moist air (cabin air, HVAC evaporator), after ASHRAE Handbook Fundamentals 2017,
// chapter 1 (perfect-gas relations, which ASHRAE states are within 0.7 % of the real-gas formulation
// of Hyland & Wexler 1983 for -50..50 degC at standard pressure).
//
//   Saturation pressure of water (Hyland & Wexler 1983, ASHRAE 2017 eqs. 5 and 6), T in K:
//     over ice    (173.15 K <= T < 273.16 K): ln p_ws = C1/T + C2 + C3 T + C4 T^2 + C5 T^3 + C6 T^4 + C7 ln T
//     over liquid (273.16 K <= T <= 473.15 K): ln p_ws = C8/T + C9 + C10 T + C11 T^2 + C12 T^3 + C13 ln T
//   The switch is at the triple point 273.16 K as in ASHRAE Table 3 (ice below, liquid above).
//   Enhancement factor (non-ideal mixture, Buck 1981, J. Appl. Meteor. 20:1527, eqs. 22-23):
//     f_w = 1.0007 + 3.46e-8 p   over water,  f_i = 1.0003 + 4.18e-8 p   over ice   (p in Pa),
//   so the saturated vapour partial pressure in moist air is f p_ws.
//   Humidity ratio  W = 0.621945 p_w / (p - p_w)            [kg water / kg dry air] (ASHRAE eq. 20)
//   Relative humidity RH = p_w / (f p_ws(T))                 (ASHRAE eq. 22, with f)
//   Enthalpy h = 1006 t + W (2 501 000 + 1860 t)            [J/kg dry air], t in degC (eq. 32)
//   Specific volume v = R_da T (1 + 1.607858 W) / p         [m^3/kg dry air], R_da = 287.042 (eq. 26)
//   Density of moist air rho = (1 + W) / v                   [kg/m^3]
//   Dew point: T_d with f p_ws(T_d) = p_w (over ice below 0 degC, i.e. frost point), solved by
//   safeguarded Newton iteration on ln p_ws.
//
// Every function is pure, allocation-free and thread-safe. Bad input throws FluidError.

#include "models/fluid/fluid_error.h"

namespace etsim::fluid {

inline constexpr double kStandardAtmosphere = 101325.0;  // [Pa]

// Saturation pressure of pure water [Pa]: over ice below 273.16 K, over liquid above.
// Valid for 173.15 K <= T <= 473.15 K; throws FluidError outside.
double water_saturation_pressure(double T);
double water_saturation_pressure_over_liquid(double T);  // 273.15 K <= T <= 473.15 K (0..200 degC)
double water_saturation_pressure_over_ice(double T);     // 173.15 K <= T <= 273.16 K (-100..0 degC)
// Enhancement factor f(T, p) of water vapour in air (Buck 1981), [-].
double water_enhancement_factor(double T, double p);

struct HumidAirState {
  double T = 0;                 // dry-bulb temperature [K]
  double p = 0;                 // total pressure [Pa]
  double humidity_ratio = 0;    // W [kg water / kg dry air]
  double relative_humidity = 0; // RH [-] (0..1)
  double vapor_pressure = 0;    // partial pressure of water vapour p_w [Pa]
  double enthalpy = 0;          // h [J/kg dry air] (zero: dry air and liquid water at 0 degC)
  double dew_point = 0;         // T_d [K] (frost point below 0 degC); 0 for dry air (W = 0)
  double specific_volume = 0;   // v [m^3/kg dry air]
  double density = 0;           // moist-air density (1 + W)/v [kg/m^3]
  double cp = 0;                // humid specific heat 1006 + 1860 W [J/(kg dry air K)]
};

// State from dry-bulb T [K], relative humidity RH in [0, 1] and total pressure p [Pa].
// Throws FluidError for T outside 173.15..473.15 K, RH outside [0, 1], p <= 0, or when the vapour
// pressure would reach the total pressure (boiling).
HumidAirState humid_air_from_relative_humidity(double T, double RH, double p = kStandardAtmosphere);
// State from dry-bulb T [K], humidity ratio W >= 0 and total pressure p [Pa]. Throws FluidError when
// W exceeds saturation (RH > 1 + 1e-9) or the inputs are out of range.
HumidAirState humid_air_from_humidity_ratio(double T, double W, double p = kStandardAtmosphere);

// Saturation humidity ratio W_s(T, p) [kg/kg dry air].
double saturation_humidity_ratio(double T, double p = kStandardAtmosphere);
// Dew (frost) point [K] of water vapour at partial pressure p_w [Pa] in air at total pressure p.
double dew_point_from_vapor_pressure(double vapor_pressure, double p = kStandardAtmosphere);
// Dry-bulb temperature [K] from enthalpy h [J/kg dry air] and humidity ratio W (inverse of eq. 32).
double temperature_from_enthalpy(double h, double W);

}  // namespace etsim::fluid
