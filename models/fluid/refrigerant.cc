// Refrigerant: registry of the four fluids and the flash calculations. Equations in refrigerant.h
// and docs/models/fluid-properties.md.

#include "models/fluid/refrigerant.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "models/fluid/eos.h"
#include "models/fluid/fluid_model.h"

namespace etsim::fluid {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kReferenceT = 273.15;       // IIR reference: saturated liquid at 0 degC ...
constexpr double kReferenceH = 200e3;        // ... has h = 200 kJ/kg
constexpr double kReferenceS = 1e3;          // ... and s = 1 kJ/(kg K)
// Lower density bound with p(rho) < p for any gas-side density solve.
constexpr double kTinyDensity = 1e-12;

std::string format(const char* fmt, double a, double b = 0, double c = 0) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, fmt, a, b, c);
  return buffer;
}

// Shifts a1 and a2 of the ideal part so that the saturated liquid at 0 degC has the IIR values:
// h changes by R T_c da2 and s by -R da1, independent of the state.
void apply_iir_reference(FluidModel& model) {
  const SaturationState sat = detail::saturation_at_T(model, kReferenceT);
  model.ideal.a2 += (kReferenceH - sat.liquid.h) / (model.R * model.T_reducing);
  model.ideal.a1 -= (kReferenceS - sat.liquid.s) / model.R;
}

const std::vector<FluidModel>& models() {
  static const std::vector<FluidModel> instance = [] {
    std::vector<FluidModel> list = make_fluid_models();
    for (FluidModel& model : list) {
      detail::locate_eos_critical_point(model);
      apply_iir_reference(model);
      model.p_triple = detail::saturation_at_T(model, model.T_triple).p;
    }
    return list;
  }();
  return instance;
}

const std::vector<std::unique_ptr<Refrigerant>>& registry() {
  static const std::vector<std::unique_ptr<Refrigerant>> instance = [] {
    std::vector<std::unique_ptr<Refrigerant>> list;
    for (const FluidModel& model : models()) list.push_back(std::make_unique<Refrigerant>(model));
    return list;
  }();
  return instance;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Two-phase (mixture) isochoric heat capacity du/dT at fixed overall specific volume, moving along
// the saturation dome: u = u' + Q (u'' - u'), Q = (v - v') / (v'' - v'); each saturated phase moves
// with d rho/dT|sat = (dp_sat/dT - (dp/dT)_rho) / (dp/drho)_T, dp_sat/dT = (s'' - s') / (v'' - v')
// (Clapeyron), and du/dT|sat = cv + (du/drho)_T d rho/dT|sat with (du/drho)_T = (p - T (dp/dT)_rho)
// / rho^2.
double two_phase_cv(const FluidModel& model, const SaturationState& sat, double Q) {
  const detail::EosPoint l = detail::evaluate(model, sat.T, sat.liquid.rho);
  const detail::EosPoint v = detail::evaluate(model, sat.T, sat.vapor.rho);
  const double v_l = 1.0 / sat.liquid.rho, v_v = 1.0 / sat.vapor.rho;
  const double dpsat_dT = (sat.vapor.s - sat.liquid.s) / (v_v - v_l);
  auto along_dome = [&](const detail::EosPoint& point, double& du_dT, double& dv_dT) {
    const double rho = point.state.rho;
    const double drho_dT = (dpsat_dT - point.dp_dT_rho) / point.dp_drho_T;
    const double du_drho = (point.state.p - sat.T * point.dp_dT_rho) / (rho * rho);
    du_dT = point.state.cv + du_drho * drho_dT;
    dv_dT = -drho_dT / (rho * rho);
  };
  double du_l, dv_l, du_v, dv_v;
  along_dome(l, du_l, dv_l);
  along_dome(v, du_v, dv_v);
  const double dQ_dT = -(dv_l + Q * (dv_v - dv_l)) / (v_v - v_l);
  return du_l + Q * (du_v - du_l) + (sat.vapor.u - sat.liquid.u) * dQ_dT;
}

// Mixture state at quality Q on the given saturation line. At Q = 0 or 1 exactly the saturated
// phase's own single-phase values (cp, cv, w) are returned, labelled TwoPhase.
ThermoState mixture(const FluidModel& model, const SaturationState& sat, double Q) {
  if (sat.T >= model.T_c_eos * (1.0 - 1e-8)) {
    ThermoState state = sat.liquid;
    state.Q = Q;
    state.phase = Phase::TwoPhase;
    return state;
  }
  if (Q == 0.0 || Q == 1.0) {
    ThermoState state = Q == 0.0 ? sat.liquid : sat.vapor;
    state.phase = Phase::TwoPhase;
    state.Q = Q;
    return state;
  }
  ThermoState state;
  state.T = sat.T;
  state.p = sat.p;
  const double v = (1.0 - Q) / sat.liquid.rho + Q / sat.vapor.rho;
  state.rho = 1.0 / v;
  state.h = sat.liquid.h + Q * (sat.vapor.h - sat.liquid.h);
  state.s = sat.liquid.s + Q * (sat.vapor.s - sat.liquid.s);
  state.u = sat.liquid.u + Q * (sat.vapor.u - sat.liquid.u);
  state.cv = two_phase_cv(model, sat, Q);
  state.cp = kNaN;
  state.w = kNaN;
  state.Q = Q;
  state.phase = Phase::TwoPhase;
  return state;
}

void check_finite_positive(const FluidModel& model, const char* what, double value,
                           const char* unit) {
  if (!(std::isfinite(value) && value > 0)) {
    throw FluidError(model.name + ": " + what + " must be a finite positive number in " + unit +
                     ", got " + format("%.9g", value));
  }
}

void check_temperature(const FluidModel& model, double T) {
  if (!(T >= model.T_triple && T <= model.T_max)) {
    throw FluidError(model.name + ": temperature " + format("%.9g", T) +
                     " K outside the validity range of the equation of state [" +
                     format("%.6g, %.6g", model.T_triple, model.T_max) + "] K");
  }
}

void check_pressure(const FluidModel& model, double p) {
  if (!(p > 0 && p <= model.p_max)) {
    throw FluidError(model.name + ": pressure " + format("%.9g", p) +
                     " Pa outside the validity range of the equation of state (0, " +
                     format("%.6g", model.p_max) + "] Pa");
  }
}

void check_quality(const FluidModel& model, double Q) {
  if (!(Q >= 0.0 && Q <= 1.0)) {
    throw FluidError(model.name + ": vapour quality Q must lie in [0, 1], got " + format("%.9g", Q));
  }
}

// Single-phase state with the stable-phase label for a known region.
ThermoState labelled(const FluidModel& model, double T, double rho, Phase subcritical_phase) {
  ThermoState state = detail::evaluate(model, T, rho).state;
  if (T < model.T_c && state.p < model.p_c) state.phase = subcritical_phase;
  return state;
}


enum class Target { Enthalpy, Entropy };

// Solves y(T, p) = target for T in [T_low, T_high] at fixed p, y = h or s, within one
// single-phase region where the density root at (T, p) lies in [rho_low, rho_high]
// (rho_high <= 0: unbounded). y is monotonic in T (dh/dT = cp, ds/dT = cp/T), so a bracketed
// Newton iteration with bisection fallback always converges.
ThermoState solve_T_at_p(const FluidModel& model, double p, double target, Target what,
                         double T_low, double T_high, double rho_low, double rho_high,
                         double T_guess, double rho_guess, Phase subcritical_phase) {
  double T = std::clamp(T_guess, T_low, T_high);
  double rho = rho_guess;
  const double T_low_limit = T_low, T_high_limit = T_high;
  for (int iteration = 0; iteration < 200; ++iteration) {
    if (rho_high <= 0 && T < model.T_c_eos) {
      rho = detail::liquid_density_from_T_p(model, T, p, rho);  // liquid-like root
    } else {
      rho = detail::density_from_T_p(model, T, p, rho_low, rho_high, rho);
    }
    const ThermoState state = labelled(model, T, rho, subcritical_phase);
    const double value = what == Target::Enthalpy ? state.h : state.s;
    const double slope = what == Target::Enthalpy ? state.cp : state.cp / T;
    const double residual = value - target;
    const double scale = what == Target::Enthalpy ? 1e-7 : 1e-10;  // J/kg, J/(kg K)
    if (std::fabs(residual) <= scale) return state;
    if (residual < 0) {
      T_low = T;
    } else {
      T_high = T;
    }
    double next = T - residual / slope;
    if (!(std::isfinite(next) && next > T_low && next < T_high)) next = 0.5 * (T_low + T_high);
    // Stop when the bracket has shrunk to a few ulp of T (normal states converge on the residual
    // test above long before; this only ends the bisection at the critical point or at a limit).
    if (std::fabs(next - T) <= 8.0 * std::numeric_limits<double>::epsilon() * T) {
      const bool at_limit = std::fabs(T - T_low_limit) < 1e-6 || std::fabs(T - T_high_limit) < 1e-6;
      // At the critical point h(T) and s(T) have a vertical tangent (cp diverges), so the
      // double-precision T can leave a residual of ~1e-6 relative there; accept up to 1e-5.
      if (std::fabs(residual) > 1e-5 * std::max(1.0, std::fabs(target))) {
        // The bracket collapsed without reaching the target: either the target lies beyond the
        // temperature range, or y(T) jumps there. Never return such a state silently.
        const std::string quantity = what == Target::Enthalpy ? "enthalpy " : "entropy ";
        if (at_limit) {
          throw FluidError(model.name + ": " + quantity + format("%.9g", target) + " at p = " +
                           format("%.9g", p) + " Pa is outside the validity range (it needs T beyond [" +
                           format("%.6g, %.6g", T_low_limit, T_high_limit) + "] K)");
        }
        throw FluidError(model.name + ": " + quantity + "flash did not converge at p = " +
                         format("%.9g", p) + " Pa, target " + format("%.9g", target) +
                         " (discontinuity at T = " + format("%.9g", T) + " K)");
      }
      return state;
    }
    T = next;
  }
  throw FluidError("temperature iteration did not converge for " +
                   detail::describe(model, "p [Pa]", p,
                                    what == Target::Enthalpy ? "h [J/kg]" : "s [J/(kg K)]", target));
}

// Shared (p, h) and (p, s) flash.
ThermoState flash_p_y(const FluidModel& model, double p, double target, Target what) {
  check_pressure(model, p);
  if (!std::isfinite(target)) {
    throw FluidError(model.name + ": " + (what == Target::Enthalpy ? "enthalpy" : "entropy") +
                     " must be finite, got " + format("%g", target));
  }
  auto pick = [what](const ThermoState& s) { return what == Target::Enthalpy ? s.h : s.s; };
  if (p >= model.p_c_eos * (1.0 - 1e-7)) {
    // One supercritical region (within 1e-7 of p_c the dome has no measurable width, see
    // saturation_at_p); below T_c the root is liquid-like and above rho_c.
    return solve_T_at_p(model, p, target, what, model.T_triple, model.T_max, kTinyDensity, 0.0,
                        model.T_c, model.rho_c, Phase::SupercriticalLiquid);
  }
  if (p < model.p_triple) {
    // Only vapour exists above T_triple; its density stays below the saturated vapour at T_triple.
    const SaturationState triple = detail::saturation_at_T(model, model.T_triple);
    return solve_T_at_p(model, p, target, what, model.T_triple, model.T_max, kTinyDensity,
                        triple.vapor.rho, model.T_triple, p / (model.R * model.T_triple),
                        Phase::Vapor);
  }
  const SaturationState sat = detail::saturation_at_p(model, p);
  const double y_liquid = pick(sat.liquid), y_vapor = pick(sat.vapor);
  if (target < y_liquid) {
    const double slope = what == Target::Enthalpy ? sat.liquid.cp : sat.liquid.cp / sat.T;
    const double guess = sat.T + (target - y_liquid) / slope;
    return solve_T_at_p(model, p, target, what, model.T_triple, sat.T, sat.liquid.rho, 0.0, guess,
                        sat.liquid.rho * 1.01, Phase::Liquid);
  }
  if (target > y_vapor) {
    const double slope = what == Target::Enthalpy ? sat.vapor.cp : sat.vapor.cp / sat.T;
    const double guess = sat.T + (target - y_vapor) / slope;
    return solve_T_at_p(model, p, target, what, sat.T, model.T_max, kTinyDensity, sat.vapor.rho,
                        guess, sat.vapor.rho * 0.99, Phase::Vapor);
  }
  const double Q = std::clamp((target - y_liquid) / (y_vapor - y_liquid), 0.0, 1.0);
  return mixture(model, sat, Q);
}

}  // namespace

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::Liquid: return "liquid";
    case Phase::Vapor: return "vapor";
    case Phase::TwoPhase: return "two-phase";
    case Phase::Supercritical: return "supercritical";
    case Phase::SupercriticalLiquid: return "supercritical liquid";
    case Phase::SupercriticalGas: return "supercritical gas";
  }
  return "unknown";
}

Refrigerant::Refrigerant(const FluidModel& model) : model_(&model) {}

const Refrigerant& Refrigerant::get(std::string_view name) {
  const std::string key = lower(name);
  for (const auto& fluid : registry()) {
    const auto& aliases = fluid->model_->aliases;
    if (std::find(aliases.begin(), aliases.end(), key) != aliases.end()) return *fluid;
  }
  std::string valid;
  for (const auto& fluid : registry()) {
    for (const std::string& alias : fluid->model_->aliases) valid += (valid.empty() ? "" : ", ") + alias;
  }
  throw FluidError("unknown refrigerant '" + std::string(name) +
                   "'; valid names (case-insensitive): " + valid);
}

std::vector<std::string> Refrigerant::available() {
  std::vector<std::string> names;
  for (const auto& fluid : registry()) names.push_back(fluid->model_->name);
  return names;
}

std::string_view Refrigerant::name() const { return model_->name; }
double Refrigerant::critical_temperature() const { return model_->T_c; }
double Refrigerant::critical_pressure() const { return model_->p_c; }
double Refrigerant::critical_density() const { return model_->rho_c; }
double Refrigerant::molar_mass() const { return model_->molar_mass; }
double Refrigerant::gas_constant() const { return model_->R; }
double Refrigerant::triple_temperature() const { return model_->T_triple; }
double Refrigerant::max_temperature() const { return model_->T_max; }
double Refrigerant::max_pressure() const { return model_->p_max; }

ThermoState Refrigerant::at_T_rho(double T, double rho) const {
  const FluidModel& model = *model_;
  check_temperature(model, T);
  check_finite_positive(model, "density", rho, "kg/m^3");
  if (T < model.T_c_eos) {
    // Inside the dome? The ancillary densities decide quickly when rho is far from both
    // saturation densities; otherwise the exact phase equilibrium decides.
    const double rho_l_approx = model.rho_liquid.evaluate(T), rho_v_approx = model.rho_vapor.evaluate(T);
    if (rho < 1.15 * rho_l_approx && rho > 0.85 * rho_v_approx) {
      const SaturationState sat = detail::saturation_at_T(model, T);
      if (rho < sat.liquid.rho && rho > sat.vapor.rho) {
        const double Q = (1.0 / rho - 1.0 / sat.liquid.rho) /
                         (1.0 / sat.vapor.rho - 1.0 / sat.liquid.rho);
        return mixture(model, sat, Q);
      }
    }
  }
  ThermoState state = labelled(model, T, rho, rho >= model.rho_c ? Phase::Liquid : Phase::Vapor);
  if (!(state.p <= model.p_max)) {
    throw FluidError(model.name + ": state (T = " + format("%.9g", T) + " K, rho = " +
                     format("%.9g", rho) + " kg/m^3) has p = " + format("%.6g", state.p) +
                     " Pa above the validity limit " + format("%.6g", model.p_max) + " Pa");
  }
  return state;
}

ThermoState Refrigerant::at_T_p(double T, double p) const {
  const FluidModel& model = *model_;
  check_temperature(model, T);
  check_pressure(model, p);
  if (T >= model.T_c_eos) {
    const double rho = detail::density_from_T_p(model, T, p, kTinyDensity, 0.0, p / (model.R * T));
    return labelled(model, T, rho, Phase::Vapor);
  }
  const SaturationState sat = detail::saturation_at_T(model, T);
  if (p >= sat.p) {
    const double rho = detail::density_from_T_p(model, T, p, sat.liquid.rho, 0.0, sat.liquid.rho * 1.001);
    return labelled(model, T, rho, Phase::Liquid);
  }
  const double rho = detail::density_from_T_p(model, T, p, kTinyDensity, sat.vapor.rho,
                                              std::min(p / (model.R * T), 0.999 * sat.vapor.rho));
  return labelled(model, T, rho, Phase::Vapor);
}

ThermoState Refrigerant::at_p_h(double p, double h) const {
  return flash_p_y(*model_, p, h, Target::Enthalpy);
}

ThermoState Refrigerant::at_p_s(double p, double s) const {
  return flash_p_y(*model_, p, s, Target::Entropy);
}

ThermoState Refrigerant::at_T_Q(double T, double Q) const {
  check_quality(*model_, Q);
  return mixture(*model_, saturation_at_T(T), Q);
}

ThermoState Refrigerant::at_p_Q(double p, double Q) const {
  check_quality(*model_, Q);
  return mixture(*model_, saturation_at_p(p), Q);
}

SaturationState Refrigerant::saturation_at_T(double T) const {
  if (!std::isfinite(T)) throw FluidError(model_->name + ": saturation temperature must be finite");
  return detail::saturation_at_T(*model_, T);
}

SaturationState Refrigerant::saturation_at_p(double p) const {
  if (!std::isfinite(p)) throw FluidError(model_->name + ": saturation pressure must be finite");
  return detail::saturation_at_p(*model_, p);
}

}  // namespace etsim::fluid
