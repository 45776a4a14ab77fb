#pragma once
// Refrigerant thermodynamic and transport properties from reference Helmholtz-energy equations of
// state (EOS). Public API of the fluid library; see docs/models/fluid-properties.md.
//
// Each fluid is described by its reduced Helmholtz energy
//     a(T, rho) / (R T) = alpha(delta, tau) = alpha0(delta, tau) + alphar(delta, tau),
//     delta = rho / rho_c,  tau = T_c / T,
// with R = R_m / M the specific gas constant. All properties follow from alpha and its derivatives:
//     p  = rho R T (1 + delta alphar_d)
//     u  = R T tau (alpha0_t + alphar_t),          h = u + p / rho
//     s  = R (tau (alpha0_t + alphar_t) - alpha0 - alphar)
//     cv = -R tau^2 (alpha0_tt + alphar_tt)
//     cp = cv + R (1 + delta alphar_d - delta tau alphar_dt)^2 / (1 + 2 delta alphar_d + delta^2 alphar_dd)
//     w^2 = R T (1 + 2 delta alphar_d + delta^2 alphar_dd - (1 + delta alphar_d - delta tau alphar_dt)^2
//               / (tau^2 (alpha0_tt + alphar_tt)))
// Equations of state implemented (coefficients in fluid_data.cc, full citations in the docs):
//   R744 (CO2)       Span & Wagner, J. Phys. Chem. Ref. Data 25 (1996) 1509, incl. non-analytic terms
//   R134a            Tillner-Roth & Baehr, J. Phys. Chem. Ref. Data 23 (1994) 657
//   R1234yf          Richter, McLinden & Lemmon, J. Chem. Eng. Data 56 (2011) 3254
//   R290 (propane)   Lemmon, McLinden & Wagner, J. Chem. Eng. Data 54 (2009) 3141
//
// Units: SI throughout (K, Pa, kg/m^3, J/kg, J/(kg K), m/s, Pa s, W/(m K), N/m).
// Reference state (IIR): saturated liquid at 0 degC has h = 200 kJ/kg and s = 1 kJ/(kg K).
//
// Two-phase states (0 <= Q <= 1, T below T_c): p, T, rho, h, s, u are the mass-weighted mixture
// values; cv is the two-phase (mixture) isochoric heat capacity, i.e. the derivative du/dT at fixed
// overall density along the saturation dome; cp and w are NaN there by definition (cp is infinite at
// constant p, and the equilibrium speed of sound is not defined by this API). At exactly Q = 0 or
// Q = 1 the saturated phase's own cp, cv and w are returned (phase still TwoPhase). Q is NaN in
// single phase.
//
// Thread safety: Refrigerant objects are immutable after construction; every method is const and
// may be called concurrently from any number of threads. Refrigerant::get returns a reference to a
// static instance (constructed once, thread-safe).

#include <string>
#include <string_view>
#include <vector>

#include "models/fluid/fluid_error.h"

namespace etsim::fluid {

enum class Phase {
  Liquid,               // subcritical, T < T_sat(p) (or p > p_sat(T)) and p < p_c
  Vapor,                // subcritical, p < p_sat(T)
  TwoPhase,             // on / inside the saturation dome, 0 <= Q <= 1
  Supercritical,        // T >= T_c and p >= p_c
  SupercriticalLiquid,  // p >= p_c, T < T_c ("compressed liquid above the critical pressure")
  SupercriticalGas,     // T >= T_c, p < p_c
};

// Human-readable name of a phase ("liquid", "vapor", "two-phase", ...).
std::string_view to_string(Phase phase);

struct ThermoState {
  double T = 0;    // temperature [K]
  double p = 0;    // pressure [Pa]
  double rho = 0;  // density [kg/m^3] (two phase: overall mixture density)
  double h = 0;    // specific enthalpy [J/kg]
  double s = 0;    // specific entropy [J/(kg K)]
  double u = 0;    // specific internal energy [J/kg]
  double cp = 0;   // isobaric heat capacity [J/(kg K)]; NaN in two phase
  double cv = 0;   // isochoric heat capacity [J/(kg K)]; two phase: mixture value along the dome
  double w = 0;    // speed of sound [m/s]; NaN in two phase
  double Q = 0;    // vapour mass fraction (quality) [-]; NaN in single phase
  Phase phase = Phase::Liquid;
};

struct SaturationState {
  double T = 0;  // saturation temperature [K]
  double p = 0;  // saturation pressure [Pa]
  ThermoState liquid;  // saturated liquid (Q = 0)
  ThermoState vapor;   // saturated vapour (Q = 1)
};

struct FluidModel;  // coefficients and cached constants, defined in fluid_model.h (internal)

class Refrigerant {
 public:
  // Looks a fluid up by name, case-insensitive: "R1234yf", "R134a", "R290" / "propane",
  // "R744" / "CO2" / "carbondioxide". Throws FluidError listing the valid names for anything else.
  static const Refrigerant& get(std::string_view name);
  // Canonical names of all implemented fluids.
  static std::vector<std::string> available();

  std::string_view name() const;

  double critical_temperature() const;  // [K]
  double critical_pressure() const;     // [Pa]
  double critical_density() const;      // [kg/m^3]
  double molar_mass() const;            // [kg/mol]
  double gas_constant() const;          // specific gas constant R = R_m / M [J/(kg K)]
  double triple_temperature() const;    // [K], lower limit of every flash
  double max_temperature() const;       // [K], upper validity limit of the EOS
  double max_pressure() const;          // [Pa], upper validity limit of the EOS

  // Flashes. Single-phase results carry Q = NaN; states inside the dome are TwoPhase with Q in [0, 1].
  // Throw FluidError when the input lies outside [triple_temperature, max_temperature] x
  // (0, max_pressure] or a solver fails to converge.
  ThermoState at_T_rho(double T, double rho) const;
  ThermoState at_T_p(double T, double p) const;  // single phase only; on the dome returns the
                                                 // phase of the stable root (liquid if p >= p_sat)
  ThermoState at_p_h(double p, double h) const;
  ThermoState at_p_s(double p, double s) const;
  ThermoState at_T_Q(double T, double Q) const;  // T_triple <= T <= T_c, 0 <= Q <= 1
  ThermoState at_p_Q(double p, double Q) const;  // p_triple <= p <= p_c, 0 <= Q <= 1

  SaturationState saturation_at_T(double T) const;  // T_triple <= T <= T_c
  SaturationState saturation_at_p(double p) const;  // p_triple <= p <= p_c

  // Transport properties. Throw FluidError("... not implemented for <fluid>") where no correlation
  // is implemented (see docs). For a two-phase state they throw too (no mixture rule is implied).
  double viscosity(const ThermoState& state) const;             // dynamic viscosity [Pa s]
  double thermal_conductivity(const ThermoState& state) const;  // [W/(m K)]
  double surface_tension(double T) const;                       // [N/m], T_triple <= T <= T_c

  // Internal: constructed only by get().
  explicit Refrigerant(const FluidModel& model);

 private:
  const FluidModel* model_;
};

}  // namespace etsim::fluid
