// Single-phase evaluation, density solver and phase equilibrium on the Helmholtz EOS.

#include "models/fluid/eos.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace etsim::fluid::detail {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxIterations = 200;
}  // namespace

std::string describe(const FluidModel& model, const char* name1, double value1, const char* name2,
                     double value2) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%s (%s = %.9g, %s = %.9g)", model.name.c_str(), name1,
                value1, name2, value2);
  return buffer;
}

EosPoint evaluate(const FluidModel& model, double T, double rho) {
  const double delta = rho / model.rho_reducing;
  const double tau = model.T_reducing / T;
  const HelmholtzDerivatives r = evaluate_residual(model.residual, delta, tau);
  const HelmholtzDerivatives i = evaluate_ideal(model.ideal, delta, tau);
  const double R = model.R;
  EosPoint point;
  ThermoState& s = point.state;
  s.T = T;
  s.rho = rho;
  s.p = rho * R * T * (1.0 + delta * r.a_d);
  s.u = R * T * tau * (i.a_t + r.a_t);
  s.h = s.u + s.p / rho;
  s.s = R * (tau * (i.a_t + r.a_t) - i.a - r.a);
  s.cv = -R * tau * tau * (i.a_tt + r.a_tt);
  const double compress = 1.0 + 2.0 * delta * r.a_d + delta * delta * r.a_dd;  // (dp/drho)_T/(RT)
  const double thermal = 1.0 + delta * r.a_d - delta * tau * r.a_dt;          // (dp/dT)_rho/(rho R)
  point.dp_drho_T = R * T * compress;
  point.dp_dT_rho = rho * R * thermal;
  s.cp = s.cv + R * thermal * thermal / compress;
  const double w2 = R * T * (compress - thermal * thermal / (tau * tau * (i.a_tt + r.a_tt)));
  s.w = w2 > 0 ? std::sqrt(w2) : kNaN;  // w2 <= 0 only inside the spinodal (never returned)
  s.Q = kNaN;
  if (T >= model.T_c) {
    s.phase = s.p >= model.p_c ? Phase::Supercritical : Phase::SupercriticalGas;
  } else {
    s.phase = s.p >= model.p_c ? Phase::SupercriticalLiquid
                               : (rho >= model.rho_c ? Phase::Liquid : Phase::Vapor);
  }
  return point;
}

void pressure_and_slope(const FluidModel& model, double T, double rho, double& p,
                        double& dp_drho) {
  const double delta = rho / model.rho_reducing;
  const double tau = model.T_reducing / T;
  const HelmholtzDerivatives r = evaluate_residual(model.residual, delta, tau);
  p = rho * model.R * T * (1.0 + delta * r.a_d);
  dp_drho = model.R * T * (1.0 + 2.0 * delta * r.a_d + delta * delta * r.a_dd);
}

double density_from_T_p(const FluidModel& model, double T, double p, double rho_low,
                        double rho_high, double guess) {
  // Densest state any of the four EOS reaches within its pressure limit is below 4.5 rho_c.
  const double rho_limit = 8.0 * model.rho_c;
  double low = rho_low;
  double high = rho_high > 0 ? rho_high : rho_limit;
  bool high_known = rho_high > 0;
  double rho = guess;
  if (!(rho > low && rho < high)) {
    rho = rho_high > 0 ? 0.5 * (low + high) : std::max(2.0 * low, p / (model.R * T));
    if (!(rho > low && rho < high)) rho = 0.5 * (low + high);
  }
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    double p_rho = 0, slope = 0;
    pressure_and_slope(model, T, rho, p_rho, slope);
    const double residual = p_rho - p;
    if (residual == 0.0) return rho;
    if (residual < 0) {
      low = rho;
    } else {
      high = rho;
      high_known = true;
    }
    double next = rho - residual / slope;
    const bool newton_ok = slope > 0 && next > low && next < high;
    if (!newton_ok) {
      if (!high_known) {
        next = std::min(2.0 * rho, 0.5 * (rho + rho_limit));
      } else if (high > 10.0 * low) {
        next = std::sqrt(low * high);  // bisection in log(rho) over wide brackets (gas side)
      } else {
        next = 0.5 * (low + high);
      }
    }
    if (std::fabs(next - rho) <= 1e-13 * rho || (high_known && high - low <= 1e-14 * high)) {
      return next;
    }
    rho = next;
  }
  throw FluidError("density solver did not converge for " +
                   describe(model, "T [K]", T, "p [Pa]", p));
}

double liquid_density_from_T_p(const FluidModel& model, double T, double p, double guess) {
  // Inside the dome a multiparameter EOS can oscillate (several van der Waals loops), so the
  // liquid root is approached from the compressed side only: first a density with p(rho) > p on
  // the mechanically stable branch (dp/drho > 0), then Newton, which moves monotonically down
  // onto the root because p(rho) is increasing and convex on the liquid branch; bisection
  // between the last points above and below the root safeguards it.
  const double rho_limit = 8.0 * model.rho_c;
  // Start no lower than the (ancillary) saturated-liquid density: at or just below it the EOS is
  // on its metastable liquid branch (p < p_sat, dp/drho > 0), while deep inside the dome the EOS
  // may oscillate and show spurious roots.
  double rho = std::max({guess, 1.0001 * model.rho_c, model.rho_liquid.evaluate(T)});
  double p_rho = 0, slope = 0;
  int expansions = 0;
  for (;;) {
    pressure_and_slope(model, T, rho, p_rho, slope);
    if (p_rho > p && slope > 0) break;
    // Deliberately overshoot a Newton step (capped at +20 %) to land above the root quickly.
    rho = slope > 0 ? std::min(rho + 1.5 * (p - p_rho) / slope, 1.2 * rho) : 1.03 * rho;
    rho = std::max(rho, 1.001 * model.rho_c);
    if (rho > rho_limit || ++expansions > 200) {
      throw FluidError("no liquid density found (pressure above the validity range?) for " +
                       describe(model, "T [K]", T, "p [Pa]", p));
    }
  }
  double high = rho;
  double low = 0.0;  // largest density known with p < target on the stable branch (0: none)
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    pressure_and_slope(model, T, rho, p_rho, slope);
    const double residual = p_rho - p;
    if (residual == 0.0) return rho;
    if (residual > 0 && slope > 0) {
      high = std::min(high, rho);
    } else if (slope > 0) {
      low = std::max(low, rho);
    }
    double next = rho - residual / slope;
    if (!(slope > 0 && next < high && next > low)) {
      next = low > 0 ? 0.5 * (low + high) : rho + 0.5 * (high - rho);
      if (!(slope > 0) && low == 0.0) next = 0.5 * (rho + high);
    }
    if (std::fabs(next - rho) <= 1e-13 * rho || (low > 0 && high - low <= 1e-14 * high)) {
      return next;
    }
    rho = next;
  }
  throw FluidError("liquid density solver did not converge for " +
                   describe(model, "T [K]", T, "p [Pa]", p));
}

namespace {

// J = delta (1 + delta ar_d) (reduced pressure / (rho_r R T)) and
// K = delta ar_d + ar + ln(delta) (reduced Gibbs energy minus the T-only part), with their delta
// derivatives, as used by Akasaka (2008).
struct AkasakaFunctions {
  double J, K, J_d, K_d;
};
AkasakaFunctions akasaka(const FluidModel& model, double delta, double tau) {
  const HelmholtzDerivatives r = evaluate_residual(model.residual, delta, tau);
  return {delta * (1.0 + delta * r.a_d), delta * r.a_d + r.a + std::log(delta),
          1.0 + 2.0 * delta * r.a_d + delta * delta * r.a_dd,
          2.0 * r.a_d + delta * r.a_dd + 1.0 / delta};
}

SaturationState make_saturation(const FluidModel& model, double T, double rho_liquid,
                                double rho_vapor) {
  SaturationState sat;
  sat.T = T;
  sat.liquid = evaluate(model, T, rho_liquid).state;
  sat.vapor = evaluate(model, T, rho_vapor).state;
  sat.liquid.phase = Phase::Liquid;
  sat.vapor.phase = Phase::Vapor;
  sat.liquid.Q = 0.0;
  sat.vapor.Q = 1.0;
  sat.p = 0.5 * (sat.liquid.p + sat.vapor.p);
  return sat;
}

}  // namespace

namespace {

// Akasaka's Newton iteration from the given reduced start densities; true and the converged
// densities on success, false if it diverges or collapses onto the trivial solution.
bool solve_phase_equilibrium(const FluidModel& model, double T, double& delta_l, double& delta_v) {
  const double tau = model.T_reducing / T;
  // Keep the start values on the correct side of the critical density.
  delta_l = std::max(delta_l, 1.0 + 1e-9);
  delta_v = std::min(delta_v, 1.0 - 1e-9);
  for (int iteration = 0; iteration < 100; ++iteration) {
    const AkasakaFunctions l = akasaka(model, delta_l, tau);
    const AkasakaFunctions v = akasaka(model, delta_v, tau);
    // Converged when pressure and Gibbs energy agree to round-off (near T_c the Newton steps
    // stall at the round-off level rather than shrinking below a relative 1e-12).
    const bool equal_p_and_g =
        std::fabs(v.J - l.J) <= 1e-13 * (1.0 + std::fabs(l.J)) && std::fabs(v.K - l.K) <= 1e-13;
    if (equal_p_and_g && iteration > 0) {
      return l.J_d > 0 && v.J_d > 0 && delta_l > delta_v * (1.0 + 1e-9);
    }
    const double det = v.J_d * l.K_d - l.J_d * v.K_d;
    if (!(std::fabs(det) > 0) || !std::isfinite(det)) return false;
    const double step_l = ((v.K - l.K) * v.J_d - (v.J - l.J) * v.K_d) / det;
    const double step_v = ((v.K - l.K) * l.J_d - (v.J - l.J) * l.K_d) / det;
    if (!std::isfinite(step_l) || !std::isfinite(step_v)) return false;
    // Damping: stay positive and keep the liquid denser than the vapour.
    double gamma = 1.0;
    for (int halving = 0; halving < 40; ++halving) {
      const double new_l = delta_l + gamma * step_l;
      const double new_v = delta_v + gamma * step_v;
      if (new_l > 0 && new_v > 0 && new_l > new_v) break;
      gamma *= 0.5;
    }
    delta_l += gamma * step_l;
    delta_v += gamma * step_v;
    if (std::fabs(step_l) <= 1e-12 * delta_l && std::fabs(step_v) <= 1e-12 * delta_v) {
      const AkasakaFunctions lc = akasaka(model, delta_l, tau);
      const AkasakaFunctions vc = akasaka(model, delta_v, tau);
      return lc.J_d > 0 && vc.J_d > 0 && delta_l > delta_v * (1.0 + 1e-9);
    }
  }
  return false;
}

}  // namespace

SaturationState saturation_at_T(const FluidModel& model, double T, double rho_liquid_start,
                                double rho_vapor_start) {
  const double T_c = model.T_c_eos;  // phase decisions use the EOS's own critical point
  if (!(T >= model.T_triple && T <= std::max(model.T_c, T_c))) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer,
                  "%s: saturation temperature %.9g K outside [T_triple, T_c] = [%.6g, %.6g] K",
                  model.name.c_str(), T, model.T_triple, model.T_c);
    throw FluidError(buffer);
  }
  // Within 1e-8 T_c (3 uK for R744) the two phases are indistinguishable in double precision and
  // the phase equilibrium is ill-conditioned: the critical point itself is returned.
  if (T >= T_c * (1.0 - 1e-8)) {
    SaturationState sat = make_saturation(model, T_c, model.rho_c_eos, model.rho_c_eos);
    sat.p = model.p_c_eos;
    return sat;
  }
  double delta_l = (rho_liquid_start > 0 ? rho_liquid_start : model.rho_liquid.evaluate(T)) /
                   model.rho_reducing;
  double delta_v = (rho_vapor_start > 0 ? rho_vapor_start : model.rho_vapor.evaluate(T)) /
                   model.rho_reducing;
  if (solve_phase_equilibrium(model, T, delta_l, delta_v)) {
    return make_saturation(model, T, delta_l * model.rho_reducing, delta_v * model.rho_reducing);
  }
  // Close to T_c the start values are not good enough. Continuation: converge farther from T_c
  // (doubling the distance), then step back towards T halving the distance, each start value
  // extrapolated with the critical scaling law rho - rho_c ~ (T_c - T)^0.35.
  const double distance = T_c - T;
  double converged_distance = 0.0;
  double known_l = 0, known_v = 0;
  for (double trial = 2.0 * distance; trial < T_c - model.T_triple; trial *= 2.0) {
    double dl = model.rho_liquid.evaluate(T_c - trial) / model.rho_reducing;
    double dv = model.rho_vapor.evaluate(T_c - trial) / model.rho_reducing;
    if (solve_phase_equilibrium(model, T_c - trial, dl, dv)) {
      converged_distance = trial;
      known_l = dl;
      known_v = dv;
      break;
    }
  }
  const double rho_c_reduced = model.rho_c_eos / model.rho_reducing;
  while (converged_distance > 0) {
    const double next_distance = std::max(0.5 * converged_distance, distance);
    const double scale = std::pow(next_distance / converged_distance, 0.35);
    double dl = rho_c_reduced + (known_l - rho_c_reduced) * scale;
    double dv = rho_c_reduced + (known_v - rho_c_reduced) * scale;
    if (!solve_phase_equilibrium(model, T_c - next_distance, dl, dv)) break;
    if (next_distance == distance) {
      return make_saturation(model, T, dl * model.rho_reducing, dv * model.rho_reducing);
    }
    converged_distance = next_distance;
    known_l = dl;
    known_v = dv;
  }
  char buffer[200];
  std::snprintf(buffer, sizeof buffer,
                "%s: phase equilibrium did not converge at T = %.9g K (%.3g K below T_c)",
                model.name.c_str(), T, distance);
  throw FluidError(buffer);
}

SaturationState saturation_at_p(const FluidModel& model, double p) {
  const double T_c = model.T_c_eos, p_c = model.p_c_eos;  // the EOS's own critical point
  if (!(p >= model.p_triple * (1.0 - 1e-12) && p <= std::max(model.p_c, p_c))) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer,
                  "saturation pressure outside [p_triple, p_c] = [%.6g, %.6g] Pa for %s: p = %.9g Pa",
                  model.p_triple, std::max(model.p_c, p_c), model.name.c_str(), p);
    throw FluidError(buffer);
  }
  // Within 1e-7 p_c (0.7 Pa for R744, i.e. a few uK in T_sat) the critical point is returned, as in
  // saturation_at_T.
  if (p >= p_c * (1.0 - 1e-7)) return saturation_at_T(model, T_c);
  // Start value from the ancillary vapour-pressure equation: secant iteration on ln p versus
  // 1/T (nearly linear), kept inside [T_triple, T_c]; a few evaluations instead of a bisection.
  double T = model.T_triple + (T_c - model.T_triple) * 0.5;
  {
    const double log_p = std::log(p);
    double x0 = 1.0 / T_c, f0 = std::log(p_c) - log_p;
    double x1 = 1.0 / model.T_triple, f1 = std::log(model.p_sat.evaluate(model.T_triple)) - log_p;
    for (int i = 0; i < 30 && std::fabs(f1) > 1e-10 && f1 != f0; ++i) {
      const double x2 = std::clamp(x1 - f1 * (x1 - x0) / (f1 - f0), 1.0 / T_c,
                                   1.0 / model.T_triple);
      x0 = x1;
      f0 = f1;
      x1 = x2;
      f1 = std::log(model.p_sat.evaluate(1.0 / x1)) - log_p;
    }
    if (std::isfinite(x1)) T = 1.0 / x1;
  }
  T = std::clamp(T, model.T_triple, T_c * (1.0 - 1e-7));
  {
    // Fast path: Newton on (tau, delta', delta'') for equal pressure p in both phases and equal
    // Gibbs energy, start values from the ancillaries. Falls back to the nested method below.
    double tau = model.T_reducing / T;
    double delta_l = model.rho_liquid.evaluate(T) / model.rho_reducing;
    double delta_v = model.rho_vapor.evaluate(T) / model.rho_reducing;
    const double c = p / (model.rho_reducing * model.R * model.T_reducing);  // p tau/(rho_r R T_r) = c tau
    for (int iteration = 0; iteration < 30; ++iteration) {
      if (!(delta_l > delta_v && delta_v > 0 && tau >= 1.0 && tau <= model.T_reducing / model.T_triple)) break;
      const HelmholtzDerivatives l = evaluate_residual(model.residual, delta_l, tau);
      const HelmholtzDerivatives v = evaluate_residual(model.residual, delta_v, tau);
      const double F1 = delta_l + delta_l * delta_l * l.a_d - c * tau;
      const double F2 = delta_v + delta_v * delta_v * v.a_d - c * tau;
      const double F3 = (delta_l * l.a_d + l.a + std::log(delta_l)) -
                        (delta_v * v.a_d + v.a + std::log(delta_v));
      const double a11 = delta_l * delta_l * l.a_dt - c;
      const double a12 = 1.0 + 2.0 * delta_l * l.a_d + delta_l * delta_l * l.a_dd;
      const double a21 = delta_v * delta_v * v.a_dt - c;
      const double a23 = 1.0 + 2.0 * delta_v * v.a_d + delta_v * delta_v * v.a_dd;
      const double a31 = (delta_l * l.a_dt + l.a_t) - (delta_v * v.a_dt + v.a_t);
      const double a32 = 2.0 * l.a_d + delta_l * l.a_dd + 1.0 / delta_l;
      const double a33 = -(2.0 * v.a_d + delta_v * v.a_dd + 1.0 / delta_v);
      // Solve [a11 a12 0; a21 0 a23; a31 a32 a33] x = -F by Cramer's rule.
      const double det = a11 * (0.0 * a33 - a23 * a32) - a12 * (a21 * a33 - a23 * a31);
      if (!(std::fabs(det) > 0) || !std::isfinite(det)) break;
      const double b1 = -F1, b2 = -F2, b3 = -F3;
      const double d_tau = (b1 * (0.0 * a33 - a23 * a32) - a12 * (b2 * a33 - a23 * b3)) / det;
      const double d_l = (a11 * (b2 * a33 - a23 * b3) - b1 * (a21 * a33 - a23 * a31)) / det;
      const double d_v = (a11 * (0.0 * b3 - b2 * a32) - a12 * (a21 * b3 - b2 * a31) +
                          b1 * (a21 * a32 - 0.0 * a31)) / det;
      tau += d_tau;
      delta_l += d_l;
      delta_v += d_v;
      if (std::fabs(d_tau) < 1e-13 * tau && std::fabs(d_l) < 1e-12 * delta_l &&
          std::fabs(d_v) < 1e-12 * delta_v) {
        const double T_sat = model.T_reducing / tau;
        if (delta_l > delta_v * (1.0 + 1e-6) && T_sat >= model.T_triple && T_sat < T_c) {
          const AkasakaFunctions lc = akasaka(model, delta_l, tau);
          const AkasakaFunctions vc = akasaka(model, delta_v, tau);
          if (lc.J_d > 0 && vc.J_d > 0) {
            return make_saturation(model, T_sat, delta_l * model.rho_reducing,
                                   delta_v * model.rho_reducing);
          }
        }
        break;
      }
    }
  }
  // Newton on ln p_sat(1/T) with the Clausius-Clapeyron slope, bracketed in [T_triple, T_c].
  double T_low = model.T_triple, T_high = T_c;
  double rho_l = 0, rho_v = 0;
  for (int iteration = 0; iteration < 100; ++iteration) {
    const SaturationState sat = saturation_at_T(model, T, rho_l, rho_v);
    rho_l = sat.liquid.rho;
    rho_v = sat.vapor.rho;
    const double residual = std::log(sat.p / p);
    if (residual < 0) {
      T_low = T;
    } else {
      T_high = T;
    }
    if (std::fabs(residual) < 1e-13) return sat;
    const double dp_dT = (sat.vapor.s - sat.liquid.s) / (1.0 / sat.vapor.rho - 1.0 / sat.liquid.rho);
    const double dlnp_dT = dp_dT / sat.p;
    double next = T - residual / dlnp_dT;
    if (!(next > T_low && next < T_high)) next = 0.5 * (T_low + T_high);
    if (std::fabs(next - T) < 1e-11 * T) {
      return saturation_at_T(model, next, rho_l, rho_v);
    }
    T = next;
  }
  throw FluidError("saturation temperature did not converge for " + model.name +
                   " at p = " + std::to_string(p) + " Pa");
}

void locate_eos_critical_point(FluidModel& model) {
  model.T_c_eos = model.T_c;
  model.rho_c_eos = model.rho_c;
  model.p_c_eos = model.p_c;
  if (!model.residual.non_analytic.empty()) return;
  // Newton on F1 = (dp/drho)_T = 0, F2 = (d2p/drho2)_T = 0 (central difference of the analytic
  // slope), with a finite-difference Jacobian; scaled variables T/T_c and rho/rho_c.
  auto residuals = [&](double T, double rho, double& f1, double& f2) {
    const double h = 1e-4 * model.rho_c;
    double p0, s0, pp, sp, pm, sm;
    pressure_and_slope(model, T, rho, p0, s0);
    pressure_and_slope(model, T, rho + h, pp, sp);
    pressure_and_slope(model, T, rho - h, pm, sm);
    f1 = s0 / (model.R * model.T_c);
    f2 = (sp - sm) / (2.0 * h) * model.rho_c / (model.R * model.T_c);
  };
  double T = model.T_c, rho = model.rho_c;
  for (int iteration = 0; iteration < 50; ++iteration) {
    double f1, f2, f1T, f2T, f1r, f2r;
    residuals(T, rho, f1, f2);
    const double dT = 1e-6 * model.T_c, drho = 1e-4 * model.rho_c;
    residuals(T + dT, rho, f1T, f2T);
    residuals(T, rho + drho, f1r, f2r);
    const double j11 = (f1T - f1) / dT, j12 = (f1r - f1) / drho;
    const double j21 = (f2T - f2) / dT, j22 = (f2r - f2) / drho;
    const double det = j11 * j22 - j12 * j21;
    if (!(std::fabs(det) > 0)) return;
    const double step_T = (-f1 * j22 + f2 * j12) / det;
    const double step_rho = (-f2 * j11 + f1 * j21) / det;
    T += step_T;
    rho += step_rho;
    if (!(std::fabs(T / model.T_c - 1.0) < 0.01 && std::fabs(rho / model.rho_c - 1.0) < 0.1)) return;
    if (std::fabs(step_T) < 1e-9 * T && std::fabs(step_rho) < 1e-7 * rho) {
      double p, slope;
      pressure_and_slope(model, T, rho, p, slope);
      model.T_c_eos = T;
      model.rho_c_eos = rho;
      model.p_c_eos = p;
      return;
    }
  }
}

}  // namespace etsim::fluid::detail
