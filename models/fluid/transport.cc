// Transport properties: viscosity and thermal conductivity (R744, R134a, R1234yf) and surface
// tension (all four fluids). Correlations, coefficients and sources in docs/models/fluid-properties.md.

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <string>

#include "models/fluid/eos.h"
#include "models/fluid/fluid_model.h"
#include "models/fluid/refrigerant.h"

namespace etsim::fluid {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kBoltzmann = 1.380649e-23;  // [J/K]
constexpr double kAvogadro = 6.02214076e23;  // [1/mol]

// ---- R744 viscosity: A. Fenghour, W. A. Wakeham, V. Vesovic, "The Viscosity of Carbon Dioxide",
// J. Phys. Chem. Ref. Data 27 (1998) 31-44, eqs. (3)-(5) and (8), Tables 1 and 3; the critical
// enhancement (significant only within ~1 % of rho_c and 0.5 K of T_c) is not included.
//   eta0 = 1.00697 sqrt(T) / Psi(T*),  ln Psi = sum_{i=0}^{4} a_i (ln T*)^i,  T* = T / 251.196 K
//   d_eta = d11 rho + d21 rho^2 + d64 rho^6 / T*^3 + d81 rho^8 + d82 rho^8 / T*     [uPa s, kg/m^3]
double co2_viscosity(double T, double rho) {
  const double T_star = T / 251.196;
  const double log_T = std::log(T_star);
  const double a[5] = {0.235156, -0.491266, 5.211155e-2, 5.347906e-2, -1.537102e-2};
  double ln_psi = 0.0, power = 1.0;
  for (double coefficient : a) {
    ln_psi += coefficient * power;
    power *= log_T;
  }
  const double zero_density = 1.00697 * std::sqrt(T) / std::exp(ln_psi);
  const double rho2 = rho * rho, rho6 = rho2 * rho2 * rho2, rho8 = rho6 * rho2;
  const double excess = 0.4071119e-2 * rho + 0.7198037e-4 * rho2 +
                        0.2411697e-16 * rho6 / (T_star * T_star * T_star) + 0.2971072e-22 * rho8 -
                        0.1627888e-22 * rho8 / T_star;
  return (zero_density + excess) * 1e-6;
}

// ---- R134a viscosity: M. L. Huber, A. Laesecke, R. A. Perkins, "Model for the Viscosity and
// Thermal Conductivity of Refrigerants, Including a New Correlation for the Viscosity of R134a",
// Ind. Eng. Chem. Res. 42 (2003) 3163-3178, section 4 (R134a correlation):
//   eta0 = 0.021357 sqrt(M T) / (sigma^2 Omega(T*)) [uPa s], ln Omega = sum a_i (ln T*)^i,
//   eta1 = eta0 B*(T*) N_A sigma^3 rho_molar  (Rainwater-Friend initial-density term),
//   eta_h = 1000 [sum e_i (T_c/T)^t_i delta^d_i + c7 (1/(delta0 - delta) - 1/delta0)] [uPa s],
//   delta0 = c10 / (1 + c8 T/T_c + c9 (T/T_c)^2),  delta = rho / 511.9 kg/m^3, T_c = 374.21 K.
double r134a_viscosity(double T, double rho) {
  constexpr double kMolarMass = 102.031;  // [g/mol] as used by the correlation
  constexpr double kSigma = 0.46893;      // [nm]
  const double T_star = T / 299.363;
  const double log_T = std::log(T_star);
  const double omega = std::exp(0.355404 - 0.464337 * log_T + 0.0257353 * log_T * log_T);
  const double zero_density = 0.021357 * std::sqrt(kMolarMass * T) / (kSigma * kSigma * omega);
  // Rainwater-Friend second viscosity virial coefficient (Vogel et al. 1998 coefficients).
  const double b[9] = {-19.572881, 219.73999, -1015.3226, 2471.01251, -3375.1717,
                       2491.6597,  -787.26086, 14.085455, -0.34664158};
  const double t[9] = {0, -0.25, -0.5, -0.75, -1.0, -1.25, -1.5, -2.5, -5.5};
  double B_star = 0.0;
  for (int i = 0; i < 9; ++i) B_star += b[i] * std::pow(T_star, t[i]);
  const double sigma_m = kSigma * 1e-9;
  const double B = kAvogadro * sigma_m * sigma_m * sigma_m * B_star;  // [m^3/mol]
  const double rho_molar = rho / (kMolarMass * 1e-3);
  const double initial_density = zero_density * B * rho_molar;
  const double e[6] = {-0.206900719e-1, 0.356029549e-3, 0.211101816e-2,
                       0.139601415e-1,  -0.456435020e-2, -0.351593275e-2};
  const double te[6] = {0, 6, 2, 0.5, -2, 0};
  const double de[6] = {1, 2, 2, 2, 2, 3};
  const double inverse_tau = 374.21 / T;
  const double reduced_T = T / 374.21;
  const double delta = rho / 511.9;
  double higher = 0.0;
  for (int i = 0; i < 6; ++i) higher += e[i] * std::pow(inverse_tau, te[i]) * std::pow(delta, de[i]);
  const double delta0 = 3.163695636 / (1.0 - 0.890173375e-1 * reduced_T + 0.100035295 * reduced_T * reduced_T);
  higher += 0.21476332 * (1.0 / (delta0 - delta) - 1.0 / delta0);
  return (zero_density + initial_density + 1000.0 * higher) * 1e-6;
}

// Simplified Olchowy-Sengers critical enhancement of the thermal conductivity (Olchowy & Sengers,
// Int. J. Thermophys. 10 (1989) 417, simplified form as used by Huber et al. 2016 eq. 7-10 and
// Perkins et al. 2013):
//   d_lambda_c = rho cp R_D k_B T / (6 pi eta xi) (Omega - Omega0)
//   Omega  = 2/pi [((cp - cv)/cp) atan(q_D xi) + (cv/cp) q_D xi]
//   Omega0 = 2/pi [1 - exp(-1 / ((q_D xi)^-1 + (q_D xi rho_c/rho)^2 / 3))]
//   xi = xi0 (d_chi / Gamma)^(nu/gamma),
//   d_chi = p_c rho / rho_c^2 [(d rho/dp)_T(T) - (T_ref/T) (d rho/dp)_T(T_ref)]  (same rho)
struct CriticalEnhancement {
  double xi0, Gamma, q_D, T_ref, R_D, nu, gamma;
};

double critical_enhancement(const FluidModel& model, const CriticalEnhancement& c, double T,
                            double rho, double viscosity) {
  const detail::EosPoint here = detail::evaluate(model, T, rho);
  const detail::EosPoint reference = detail::evaluate(model, c.T_ref, rho);
  const double chi = 1.0 / here.dp_drho_T;
  const double chi_ref = 1.0 / reference.dp_drho_T;
  const double delta_chi =
      model.p_c * rho / (model.rho_c * model.rho_c) * (chi - c.T_ref / T * chi_ref);
  if (!(delta_chi > 0)) return 0.0;
  const double xi = c.xi0 * std::pow(delta_chi / c.Gamma, c.nu / c.gamma);
  const double cp = here.state.cp, cv = here.state.cv;
  const double qxi = c.q_D * xi;
  const double omega = 2.0 / kPi * ((cp - cv) / cp * std::atan(qxi) + cv / cp * qxi);
  const double ratio = qxi * model.rho_c / rho;
  const double omega0 = 2.0 / kPi * (1.0 - std::exp(-1.0 / (1.0 / qxi + ratio * ratio / 3.0)));
  return rho * cp * c.R_D * kBoltzmann * T / (6.0 * kPi * viscosity * xi) * (omega - omega0);
}

// ---- R744 thermal conductivity: M. L. Huber, E. A. Sykioti, M. J. Assael, R. A. Perkins,
// "Reference Correlation of the Thermal Conductivity of Carbon Dioxide from the Triple Point to
// 1100 K and up to 200 MPa", J. Phys. Chem. Ref. Data 45 (2016) 013102, eqs. 3-10, Tables 3-4.
//   lambda0 = sqrt(Tr) / sum_{k=0}^{3} L_k / Tr^k   [mW/(m K)],  Tr = T / 304.1282 K
//   d_lambda_r = sum_{i=1}^{6} (B1_i + B2_i Tr) rho_r^i [W/(m K)],  rho_r = rho / 467.6 kg/m^3
double co2_thermal_conductivity(const FluidModel& model, double T, double rho) {
  const double Tr = T / 304.1282;
  const double L[4] = {1.51874307e-2, 2.80674040e-2, 2.28564190e-2, -7.41624210e-3};
  double denominator = 0.0;
  for (int k = 0; k < 4; ++k) denominator += L[k] / std::pow(Tr, k);
  const double dilute = std::sqrt(Tr) / denominator * 1e-3;
  const double B1[6] = {1.00128e-2, 5.60488e-2, -8.11620e-2, 6.24337e-2, -2.06336e-2, 2.53248e-3};
  const double B2[6] = {4.30829e-3, -3.58563e-2, 6.71480e-2, -5.22855e-2, 1.74571e-2, -1.96414e-3};
  const double rho_r = rho / 467.6;
  double residual = 0.0, power = 1.0;
  for (int i = 0; i < 6; ++i) {
    power *= rho_r;
    residual += (B1[i] + B2[i] * Tr) * power;
  }
  const CriticalEnhancement enhancement{1.50e-10, 0.052, 1.0 / 0.40e-9, 456.19, 1.02, 0.63, 1.239};
  return dilute + residual +
         critical_enhancement(model, enhancement, T, rho, co2_viscosity(T, rho));
}

// ---- R134a thermal conductivity: R. A. Perkins, A. Laesecke, J. Howley, M. L. V. Ramires,
// A. N. Gurova, L. Cusco, "Experimental thermal conductivity values for the IUPAC round-robin
// sample of 1,1,1,2-tetrafluoroethane (R134a)", NISTIR 6605 (2000) (correlation also in
// McLinden, Klein, Perkins, Int. J. Refrig. 23 (2000) 43):
//   lambda0 = -1.05248e-2 + 8.00982e-5 T [W/(m K)]
//   d_lambda_r = 2.055e-3 sum_{i=1}^{4} n_i delta^i,  delta = rho / (5.049886 mol/L * M)
//   critical enhancement as above with xi0 = 0.194 nm, Gamma = 0.0496, q_D^-1 = 0.5285356 nm,
//   T_ref = 561.411 K, R_D = 1.03.
double r134a_thermal_conductivity(const FluidModel& model, double T, double rho) {
  const double dilute = -1.05248e-2 + 8.00982e-5 * T;
  const double delta = rho / (5.049886 * 102.032);
  const double n[4] = {1.836526, 5.126143, -1.436883, 6.261441e-1};
  double residual = 0.0, power = 1.0;
  for (double coefficient : n) {
    power *= delta;
    residual += coefficient * power;
  }
  const CriticalEnhancement enhancement{0.194e-9, 0.0496, 1.0 / 5.285356e-10, 561.411, 1.03, 0.63,
                                        1.239};
  return dilute + 2.055e-3 * residual +
         critical_enhancement(model, enhancement, T, rho, r134a_viscosity(T, rho));
}

// ---- R1234yf viscosity: M. L. Huber, M. J. Assael, "Correlations for the Viscosity of
// 2,3,3,3-Tetrafluoroprop-1-ene (R1234yf) and trans-1,3,3,3-Tetrafluoropropene (R1234ze(E))",
// Int. J. Refrig. 71 (2016) 39-45, eqs. 2-8, Table 3:
//   eta0 = (a0 + a1 T + a2 T^2 + a3 T^3) / (b0 + b1 T + T^2)                      [uPa s]
//   eta1 = eta0 B*(T*) N_A sigma^3 rho_molar,  T* = T / 275 K, sigma = 0.531 nm  (Rainwater-Friend)
//   d_eta = c1 tau^0.5 delta^(2/3) + c2 tau^0.5 delta^(5/3)
//           + c3 tau^0.5 delta^(5/3) / (c4 tau + tau delta)                           [uPa s]
//   tau = T_c / T, delta = rho / rho_c (T_c = 367.85 K, rho_c = 4.17 mol/dm^3).
double r1234yf_viscosity(double T, double rho) {
  const double zero_density = (-836950.0 + 6336.28 * T - 2.3547 * T * T + 0.0395563 * T * T * T) /
                              (39509.1 + 121.018 * T + T * T);
  const double b[9] = {-19.572881, 219.73999, -1015.3226, 2471.01251, -3375.1717,
                       2491.6597,  -787.26086, 14.085455, -0.34664158};
  const double t[9] = {0, -0.25, -0.5, -0.75, -1.0, -1.25, -1.5, -2.5, -5.5};
  const double T_star = T / 275.0;
  double B_star = 0.0;
  for (int i = 0; i < 9; ++i) B_star += b[i] * std::pow(T_star, t[i]);
  const double sigma = 0.531e-9;
  const double rho_molar = rho / 0.1140415928;
  const double initial_density = zero_density * kAvogadro * sigma * sigma * sigma * B_star * rho_molar;
  const double tau = 367.85 / T;
  const double delta = rho_molar / 4170.0;
  const double sqrt_inverse_tau = 1.0 / std::sqrt(tau);  // tau^-0.5 in the paper's notation
  const double d23 = std::cbrt(delta * delta), d53 = d23 * delta;
  const double residual = -0.19425910 * sqrt_inverse_tau * d23 - 2.079577245 * sqrt_inverse_tau * d53 +
                          (-43.47027288 * sqrt_inverse_tau * d53) /
                              (-3.53682791 / tau + delta / tau);
  return (zero_density + initial_density + residual) * 1e-6;
}

// ---- R1234yf thermal conductivity: R. A. Perkins, M. L. Huber, "Measurement and Correlation of
// the Thermal Conductivity of 2,3,3,3-Tetrafluoroprop-1-ene (R1234yf) and
// trans-1,3,3,3-Tetrafluoropropene (R1234ze(E))", J. Chem. Eng. Data 56 (2011) 4868-4874:
//   lambda0 = A0 + A1 Tr + A2 Tr^2 [W/(m K)],  Tr = T / 367.85 K
//   d_lambda_r = sum_{i=1}^{5} (B1_i + B2_i Tr) (rho / 475.55 kg/m^3)^i [W/(m K)]
//   critical enhancement: xi0 = 0.194 nm, Gamma = 0.0496, q_D^-1 = 0.5835 nm, T_ref = 551.775 K.
double r1234yf_thermal_conductivity(const FluidModel& model, double T, double rho) {
  const double Tr = T / 367.85;
  const double dilute = -0.0102778 + 0.0291098 * Tr + 0.000860643 * Tr * Tr;
  const double B1[5] = {-0.0368219, 0.0883226, -0.0705909, 0.0259026, -0.0032295};
  const double B2[5] = {0.0397166, -0.077239, 0.0664707, -0.0249071, 0.00336228};
  const double rho_r = rho / 475.55;
  double residual = 0.0, power = 1.0;
  for (int i = 0; i < 5; ++i) {
    power *= rho_r;
    residual += (B1[i] + B2[i] * Tr) * power;
  }
  const CriticalEnhancement enhancement{0.194e-9, 0.0496, 1.0 / 5.835e-10, 551.775, 1.03, 0.63, 1.239};
  return dilute + residual +
         critical_enhancement(model, enhancement, T, rho, r1234yf_viscosity(T, rho));
}

void check_single_phase(const FluidModel& model, const ThermoState& state, const char* what) {
  if (state.phase == Phase::TwoPhase && !(state.Q == 0.0 || state.Q == 1.0)) {
    throw FluidError(std::string(what) + " of " + model.name +
                     " is not defined for a two-phase mixture (Q = " + std::to_string(state.Q) +
                     "); evaluate the saturated liquid and vapour separately");
  }
  if (!(state.T >= model.T_triple && state.T <= model.T_max && state.rho > 0 &&
        std::isfinite(state.rho))) {
    throw FluidError(std::string(what) + " of " + model.name + ": state (T = " +
                     std::to_string(state.T) + " K, rho = " + std::to_string(state.rho) +
                     " kg/m^3) outside the validity range");
  }
}

}  // namespace

double Refrigerant::viscosity(const ThermoState& state) const {
  const FluidModel& model = *model_;
  check_single_phase(model, state, "viscosity");
  switch (model.transport) {
    case TransportModel::CarbonDioxide: return co2_viscosity(state.T, state.rho);
    case TransportModel::R134a: return r134a_viscosity(state.T, state.rho);
    case TransportModel::R1234yf: return r1234yf_viscosity(state.T, state.rho);
    case TransportModel::None: break;
  }
  throw FluidError("viscosity not implemented for " + model.name +
                   " (correlations implemented for R744, R134a and R1234yf only)");
}

double Refrigerant::thermal_conductivity(const ThermoState& state) const {
  const FluidModel& model = *model_;
  check_single_phase(model, state, "thermal conductivity");
  switch (model.transport) {
    case TransportModel::CarbonDioxide:
      return co2_thermal_conductivity(model, state.T, state.rho);
    case TransportModel::R134a: return r134a_thermal_conductivity(model, state.T, state.rho);
    case TransportModel::R1234yf:
      return r1234yf_thermal_conductivity(model, state.T, state.rho);
    case TransportModel::None: break;
  }
  throw FluidError("thermal conductivity not implemented for " + model.name +
                   " (correlations implemented for R744, R134a and R1234yf only)");
}

// Surface tension: A. Mulero, I. Cachadina, M. I. Parra, "Recommended Correlations for the
// Surface Tension of Common Fluids", J. Phys. Chem. Ref. Data 41 (2012) 043105, Table 2:
//   sigma = sum_i sigma_i (1 - T/T_c)^n_i.
double Refrigerant::surface_tension(double T) const {
  const FluidModel& model = *model_;
  if (!(T >= model.T_triple && T <= model.T_c)) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer,
                  "surface tension of %s needs T_triple <= T <= T_c = [%.6g, %.6g] K, got %.9g K",
                  model.name.c_str(), model.T_triple, model.T_c, T);
    throw FluidError(buffer);
  }
  const double reduced = std::max(0.0, 1.0 - T / model.surface_tension_T_c);
  double sigma = 0.0;
  for (std::size_t i = 0; i < model.surface_tension_sigma.size(); ++i) {
    sigma += model.surface_tension_sigma[i] * std::pow(reduced, model.surface_tension_n[i]);
  }
  return sigma;
}

}  // namespace etsim::fluid
