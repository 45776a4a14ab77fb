#pragma once
// General evaluator of reduced Helmholtz-energy equations of state (internal to the fluid library).
//
// alpha0(delta, tau) = ln(delta) + a1 + a2 tau + c ln(tau) + sum_i n_i tau^t_i
//                      + sum_k m_k ln(1 - exp(-theta_k tau))                       (ideal gas)
// alphar(delta, tau) = sum power:       n delta^d tau^t exp(-delta^l)            (l = 0: no exp)
//                    + sum Gaussian:    n delta^d tau^t exp(-eta (delta - eps)^2 - beta (tau - gamma)^2)
//                    + sum non-analytic (Span & Wagner 1996, eq. 6.7):
//                        n Delta^b delta psi,
//                        theta = (1 - tau) + A ((delta - 1)^2)^(1 / (2 beta_na)),
//                        Delta = theta^2 + B ((delta - 1)^2)^a,
//                        psi = exp(-C (delta - 1)^2 - D (tau - 1)^2)
// Every term returns its value and the analytic derivatives up to second order in delta and tau.
// The coefficients are plain data (fluid_data.cc), shared code for all fluids.

#include <vector>

namespace etsim::fluid {

struct PowerTerm {
  double n, d, t, l;  // l = 0 means no exponential factor
};
struct GaussianTerm {
  double n, d, t, eta, epsilon, beta, gamma;
};
struct NonAnalyticTerm {
  double n, a, b, beta, A, B, C, D;
};
struct PlanckEinsteinTerm {
  double m, theta;  // m ln(1 - exp(-theta tau)), theta = characteristic temperature / T_c
};
struct IdealPowerTerm {
  double n, t;  // n tau^t
};

struct IdealHelmholtz {
  double a1 = 0, a2 = 0;     // constant and linear-in-tau terms (fixed by the reference state)
  double log_tau = 0;        // c in c ln(tau)
  std::vector<IdealPowerTerm> power;
  std::vector<PlanckEinsteinTerm> planck_einstein;
};

struct ResidualHelmholtz {
  std::vector<PowerTerm> power;
  std::vector<GaussianTerm> gaussian;
  std::vector<NonAnalyticTerm> non_analytic;
};

// alpha and its partial derivatives: _d = d/d delta, _t = d/d tau.
struct HelmholtzDerivatives {
  double a = 0, a_d = 0, a_t = 0, a_dd = 0, a_dt = 0, a_tt = 0;
};

// Residual part with all derivatives up to second order.
HelmholtzDerivatives evaluate_residual(const ResidualHelmholtz& terms, double delta, double tau);
// Ideal part: a, a_t, a_tt (the delta derivatives are 1/delta and -1/delta^2, filled in too).
HelmholtzDerivatives evaluate_ideal(const IdealHelmholtz& terms, double delta, double tau);

}  // namespace etsim::fluid
