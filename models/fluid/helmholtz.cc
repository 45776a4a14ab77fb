#include "models/fluid/helmholtz.h"

#include <cmath>

namespace etsim::fluid {

namespace {

// Adds n delta^d tau^t exp(-delta^l). With g = d - l delta^l (the delta-log-derivative of the
// delta part): phi_d = phi g / delta, phi_dd = phi (g (g - 1) - l^2 delta^l) / delta^2.
// delta_powers[k] = delta^k for the integer exponents l = 0..kMaxIntegerPower (all published
// refrigerant EOS use integer l), saving one exp() per exponential term.
constexpr int kMaxIntegerPower = 10;

void add_power(const PowerTerm& term, double delta, double tau, double log_delta, double log_tau,
               const double* delta_powers, HelmholtzDerivatives& out) {
  double delta_l = 0.0;
  double exponent = term.d * log_delta + term.t * log_tau;
  if (term.l != 0.0) {
    const int integer_l = static_cast<int>(term.l);
    delta_l = (integer_l == term.l && integer_l > 0 && integer_l <= kMaxIntegerPower)
                  ? delta_powers[integer_l]
                  : std::exp(term.l * log_delta);
    exponent -= delta_l;
  }
  const double phi = term.n * std::exp(exponent);
  const double g = term.d - term.l * delta_l;
  out.a += phi;
  out.a_d += phi * g / delta;
  out.a_dd += phi * (g * (g - 1.0) - term.l * term.l * delta_l) / (delta * delta);
  out.a_t += phi * term.t / tau;
  out.a_tt += phi * term.t * (term.t - 1.0) / (tau * tau);
  out.a_dt += phi * g * term.t / (delta * tau);
}

void add_gaussian(const GaussianTerm& term, double delta, double tau, double log_delta,
                  double log_tau, HelmholtzDerivatives& out) {
  const double dd = delta - term.epsilon;
  const double dt = tau - term.gamma;
  const double bell = term.eta * dd * dd + term.beta * dt * dt;
  // Far outside the bell (exp(-80) ~ 1e-35) the term and its derivatives vanish to double
  // precision even after multiplication by the polynomial factors; skip the exp() calls.
  if (bell > 80.0) return;
  const double phi = term.n * std::exp(term.d * log_delta + term.t * log_tau - bell);
  const double f_d = term.d / delta - 2.0 * term.eta * dd;  // d ln(phi) / d delta
  const double f_t = term.t / tau - 2.0 * term.beta * dt;   // d ln(phi) / d tau
  out.a += phi;
  out.a_d += phi * f_d;
  out.a_t += phi * f_t;
  out.a_dd += phi * (f_d * f_d - term.d / (delta * delta) - 2.0 * term.eta);
  out.a_tt += phi * (f_t * f_t - term.t / (tau * tau) - 2.0 * term.beta);
  out.a_dt += phi * f_d * f_t;
}

// Non-analytic critical-region term of Span & Wagner (1996), derivatives as given there
// (Table 32 of the paper) and in the IAPWS-95 release.
void add_non_analytic(const NonAnalyticTerm& term, double delta, double tau,
                      HelmholtzDerivatives& out) {
  // The derivatives contain ((delta - 1)^2)^(negative power): exactly at delta = 1 they are
  // evaluated at a density 1e-10 away, which changes nothing measurable.
  double dm1 = delta - 1.0;
  if (std::fabs(dm1) < 1e-10) {
    dm1 = dm1 < 0 ? -1e-10 : 1e-10;
    delta = 1.0 + dm1;
  }
  const double dm1_sq = dm1 * dm1;
  // psi = exp(-C (delta-1)^2 - D (tau-1)^2) makes the term negligible away from the critical
  // point (same argument as for the Gaussian terms).
  if (term.C * dm1_sq + term.D * (tau - 1.0) * (tau - 1.0) > 80.0) return;
  const double inv_2beta = 1.0 / (2.0 * term.beta);
  const double theta = (1.0 - tau) + term.A * std::pow(dm1_sq, inv_2beta);
  const double Delta = theta * theta + term.B * std::pow(dm1_sq, term.a);
  const double psi = std::exp(-term.C * dm1_sq - term.D * (tau - 1.0) * (tau - 1.0));

  const double psi_d = -2.0 * term.C * dm1 * psi;
  const double psi_dd = (2.0 * term.C * dm1_sq - 1.0) * 2.0 * term.C * psi;
  const double psi_t = -2.0 * term.D * (tau - 1.0) * psi;
  const double psi_tt = (2.0 * term.D * (tau - 1.0) * (tau - 1.0) - 1.0) * 2.0 * term.D * psi;
  const double psi_dt = 4.0 * term.C * term.D * dm1 * (tau - 1.0) * psi;

  const double pow_inv2beta_m1 = std::pow(dm1_sq, inv_2beta - 1.0);
  const double Delta_d = dm1 * (term.A * theta * (2.0 / term.beta) * pow_inv2beta_m1 +
                                2.0 * term.B * term.a * std::pow(dm1_sq, term.a - 1.0));
  const double Delta_dd =
      Delta_d / dm1 +
      dm1_sq * (4.0 * term.B * term.a * (term.a - 1.0) * std::pow(dm1_sq, term.a - 2.0) +
                2.0 * term.A * term.A * (1.0 / (term.beta * term.beta)) * pow_inv2beta_m1 *
                    pow_inv2beta_m1 +
                term.A * theta * (4.0 / term.beta) * (inv_2beta - 1.0) *
                    std::pow(dm1_sq, inv_2beta - 2.0));

  if (Delta <= 0.0) {
    return;  // only at the exact critical point, excluded above; keeps the code NaN-free anyway
  }
  const double b = term.b;
  const double Db = std::pow(Delta, b);
  const double Db_m1 = Db / Delta;
  const double Db_m2 = Db_m1 / Delta;
  const double Db_d = b * Db_m1 * Delta_d;
  const double Db_dd = b * (Db_m1 * Delta_dd + (b - 1.0) * Db_m2 * Delta_d * Delta_d);
  const double Db_t = -2.0 * theta * b * Db_m1;
  const double Db_tt = 2.0 * b * Db_m1 + 4.0 * theta * theta * b * (b - 1.0) * Db_m2;
  const double Db_dt = -term.A * b * (2.0 / term.beta) * Db_m1 * dm1 * pow_inv2beta_m1 -
                       2.0 * theta * b * (b - 1.0) * Db_m2 * Delta_d;

  const double n = term.n;
  out.a += n * Db * delta * psi;
  out.a_d += n * (Db * (psi + delta * psi_d) + Db_d * delta * psi);
  out.a_dd += n * (Db * (2.0 * psi_d + delta * psi_dd) + 2.0 * Db_d * (psi + delta * psi_d) +
                   Db_dd * delta * psi);
  out.a_t += n * delta * (Db_t * psi + Db * psi_t);
  out.a_tt += n * delta * (Db_tt * psi + 2.0 * Db_t * psi_t + Db * psi_tt);
  out.a_dt += n * (Db * (psi_t + delta * psi_dt) + delta * Db_d * psi_t +
                   Db_t * (psi + delta * psi_d) + delta * Db_dt * psi);
}

}  // namespace

HelmholtzDerivatives evaluate_residual(const ResidualHelmholtz& terms, double delta, double tau) {
  HelmholtzDerivatives out;
  const double log_delta = std::log(delta);
  const double log_tau = std::log(tau);
  double delta_powers[kMaxIntegerPower + 1];
  delta_powers[0] = 1.0;
  for (int k = 1; k <= kMaxIntegerPower; ++k) delta_powers[k] = delta_powers[k - 1] * delta;
  for (const PowerTerm& term : terms.power) {
    add_power(term, delta, tau, log_delta, log_tau, delta_powers, out);
  }
  for (const GaussianTerm& term : terms.gaussian) {
    add_gaussian(term, delta, tau, log_delta, log_tau, out);
  }
  for (const NonAnalyticTerm& term : terms.non_analytic) add_non_analytic(term, delta, tau, out);
  return out;
}

HelmholtzDerivatives evaluate_ideal(const IdealHelmholtz& terms, double delta, double tau) {
  HelmholtzDerivatives out;
  out.a = std::log(delta) + terms.a1 + terms.a2 * tau + terms.log_tau * std::log(tau);
  out.a_t = terms.a2 + terms.log_tau / tau;
  out.a_tt = -terms.log_tau / (tau * tau);
  for (const IdealPowerTerm& term : terms.power) {
    const double value = term.n * std::pow(tau, term.t);
    out.a += value;
    out.a_t += value * term.t / tau;
    out.a_tt += value * term.t * (term.t - 1.0) / (tau * tau);
  }
  for (const PlanckEinsteinTerm& term : terms.planck_einstein) {
    const double e = std::exp(-term.theta * tau);  // < 1 for tau > 0
    out.a += term.m * std::log1p(-e);
    out.a_t += term.m * term.theta * e / (1.0 - e);
    out.a_tt -= term.m * term.theta * term.theta * e / ((1.0 - e) * (1.0 - e));
  }
  out.a_d = 1.0 / delta;
  out.a_dd = -1.0 / (delta * delta);
  out.a_dt = 0.0;
  return out;
}

}  // namespace etsim::fluid
