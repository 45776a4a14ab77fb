#pragma once
// Internal description of one fluid: constants, Helmholtz coefficients, ancillary start values and
// surface-tension coefficients. Data live in fluid_data.cc; nothing here is part of the public API.

#include <string>
#include <vector>

#include "models/fluid/helmholtz.h"

namespace etsim::fluid {

// Ancillary (approximate) saturation curves, used only as start values for the exact phase
// equilibrium. theta = 1 - T/T_c.
//   PressureExp: p = reducing * exp(f * sum n theta^t),  f = T_c/T if tau_factor else 1
//   DensityPoly: rho = reducing * (1 + sum n theta^t)
//   DensityExp:  rho = reducing * exp(f * sum n theta^t)
struct Ancillary {
  enum class Kind { PressureExp, DensityPoly, DensityExp };
  Kind kind;
  double reducing;    // Pa or kg/m^3
  double T_reducing;  // [K], the temperature the fit was made with (may differ from T_c slightly)
  bool tau_factor;
  std::vector<double> n, t;
  double evaluate(double T) const;
};

enum class TransportModel { None, CarbonDioxide, R134a, R1234yf };

struct FluidModel {
  std::string name;
  std::vector<std::string> aliases;  // lower-case, including the lower-case name itself
  double molar_mass;                 // [kg/mol]
  double molar_gas_constant;         // [J/(mol K)] as used by the EOS paper
  double T_c, p_c, rho_c;            // published critical point [K, Pa, kg/m^3]
  double T_reducing, rho_reducing;   // reducing parameters of the EOS (= critical for all four)
  double T_triple, T_max, p_max;     // validity range [K, K, Pa]
  IdealHelmholtz ideal;              // a1, a2 already shifted to the IIR reference state
  ResidualHelmholtz residual;
  Ancillary p_sat, rho_liquid, rho_vapor;
  double surface_tension_T_c;  // critical temperature used by Mulero et al. (2012) [K]
  std::vector<double> surface_tension_sigma, surface_tension_n;  // sigma = sum s_i (1 - T/T_c)^n_i
  TransportModel transport = TransportModel::None;
  // Derived at construction.
  double R = 0;        // specific gas constant [J/(kg K)]
  double p_triple = 0;  // saturation pressure at T_triple [Pa]
  // Critical point of the EOS itself (top of its saturation dome, where dp/drho = d2p/drho2 = 0).
  // It differs from the published critical point in the last digits (R134a: p by 8e-5 relative);
  // all phase-boundary decisions use it so that flashes stay consistent right at the critical
  // point, while the public accessors return the published values.
  double T_c_eos = 0, rho_c_eos = 0, p_c_eos = 0;
};

// The four fluids, with the reference state already applied. Built once (thread-safe static).
const std::vector<FluidModel>& all_fluid_models();

// Raw data without the reference-state shift (fluid_data.cc).
std::vector<FluidModel> make_fluid_models();

}  // namespace etsim::fluid
