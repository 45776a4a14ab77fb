#pragma once
// Internal single-phase and saturation solvers on a FluidModel (used by refrigerant.cc and
// transport.cc). Not part of the public API.

#include <string>

#include "models/fluid/fluid_model.h"
#include "models/fluid/refrigerant.h"

namespace etsim::fluid::detail {

// Single-phase properties at (T, rho) straight from the EOS, without phase classification.
// phase is set from T and p only (caller refines Liquid/Vapor); Q = NaN.
struct EosPoint {
  ThermoState state;
  double dp_drho_T = 0;  // (dp/drho)_T [Pa m^3/kg]
  double dp_dT_rho = 0;  // (dp/dT)_rho [Pa/K]
};
EosPoint evaluate(const FluidModel& model, double T, double rho);

// Pressure and (dp/drho)_T only (cheaper: no ideal part).
void pressure_and_slope(const FluidModel& model, double T, double rho, double& p, double& dp_drho);

// Phase equilibrium at T by Akasaka's (2008) Newton method on equal pressure and Gibbs energy.
// rho_liquid_start / rho_vapor_start <= 0 mean: use the ancillary equations.
SaturationState saturation_at_T(const FluidModel& model, double T, double rho_liquid_start = 0,
                                double rho_vapor_start = 0);
SaturationState saturation_at_p(const FluidModel& model, double p);

// Density at (T, p) with the root bracketed in [rho_low, rho_high]: p(rho_low) < p and, if
// rho_high > 0, p(rho_high) > p; rho_high <= 0 means "search upwards". Safeguarded Newton.
double density_from_T_p(const FluidModel& model, double T, double p, double rho_low,
                        double rho_high, double guess);

// Liquid (or liquid-like, T < T_c) density at (T, p), approached from the compressed side so that
// the oscillations of the EOS inside the dome are never visited. guess: a density near the root.
double liquid_density_from_T_p(const FluidModel& model, double T, double p, double guess);

// Locates the EOS's own critical point (dp/drho = d2p/drho2 = 0) by Newton iteration from the
// published one and stores it in model.T_c_eos, rho_c_eos, p_c_eos (published values are kept if
// the EOS has non-analytic critical terms, which are constructed to reproduce them exactly).
void locate_eos_critical_point(FluidModel& model);

// "R744 (T = 300 K, p = 5e6 Pa)"-style context for error messages.
std::string describe(const FluidModel& model, const char* name1, double value1, const char* name2,
                     double value2);

}  // namespace etsim::fluid::detail
