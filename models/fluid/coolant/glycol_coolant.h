#pragma once
// Water-glycol coolants (secondary working fluids) for battery, motor and inverter cooling loops.
//
// Correlation (Melinder 2010, IIR "Properties of Secondary Working Fluids for Indirect Systems"):
// every property is a two-variable polynomial in the glycol mass fraction x and temperature t [degC]
// around a reference point (x_m, t_m),
//     P(x, t) = sum_{i=0..5} sum_{j=0..n_i-1} a_ij (100 (x - x_m))^i (t - t_m)^j,   n = {4,4,4,3,2,1},
// for density rho [kg/m^3], cp [J/(kg K)], thermal conductivity k [W/(m K)], ln(mu / 1 mPa s) and
// the freezing point t_f [degC] (evaluated at t = t_m: the liquidus depends on x only).
// Coefficients: Melinder (2010) as tabulated in the IBPSA Modelica library (IBPSA.Media.Antifreeze),
// valid for 0 <= x <= 0.6 and t_f(x) <= t <= 100 degC. See docs/models/fluid-properties.md "## Coolant".
//
// "50/50 by volume" is converted to a mass fraction with the pure-component densities at 20 degC
// (volumes before mixing, the trade convention): x = phi rho_g / (phi rho_g + (1 - phi) rho_w), with
// rho_w = 998.2, rho_EG = 1113.5, rho_PG = 1036.1 kg/m^3 (CRC Handbook), giving x_EG = 0.5273 and
// x_PG = 0.5093.
//
// All methods are const and allocation-free; out-of-range input throws FluidError.

#include <string>
#include <string_view>

#include "models/fluid/fluid_error.h"

namespace etsim::fluid {

enum class Glycol { Ethylene, Propylene };

class GlycolCoolant {
 public:
  // glycol_mass_fraction in [0, 0.6] (validity range of the correlation).
  GlycolCoolant(Glycol glycol, double glycol_mass_fraction);

  // 50 % glycol by volume (the usual automotive / HVAC mixture).
  static GlycolCoolant ethylene_glycol_50vol();   // "EG50"
  static GlycolCoolant propylene_glycol_50vol();  // "PG50"
  // Looks up "EG50" / "PG50" (case-insensitive); throws FluidError listing the valid names.
  static GlycolCoolant by_name(std::string_view name);
  // Mass fraction for a volume fraction phi in [0, 1] (volumes of the pure components before mixing).
  static double mass_fraction_from_volume_fraction(Glycol glycol, double volume_fraction);

  Glycol glycol() const { return glycol_; }
  double mass_fraction() const { return mass_fraction_; }
  std::string name() const;  // e.g. "EG50" for the 50 vol-% mixtures, else "EG (x = 0.300)"

  double freezing_temperature() const;  // [K] liquidus: first ice crystals when cooled
  double min_temperature() const { return freezing_temperature(); }  // [K]
  double max_temperature() const { return 373.15; }                  // [K] upper validity limit

  // Properties at temperature T [K]; throw FluidError when T is outside
  // [freezing_temperature(), max_temperature()] or not finite.
  double density(double T) const;               // [kg/m^3]
  double specific_heat(double T) const;         // cp [J/(kg K)]
  double thermal_conductivity(double T) const;  // [W/(m K)]
  double viscosity(double T) const;             // dynamic viscosity [Pa s]
  double prandtl(double T) const;               // mu cp / k [-]

 private:
  void check_temperature(double T, const char* property) const;
  double evaluate(const double* coefficients, double T_celsius) const;

  Glycol glycol_;
  double mass_fraction_;
};

}  // namespace etsim::fluid
