#include "bindings/cli/fluid_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/core/units.h"
#include "models/fluid/air/humid_air.h"
#include "models/fluid/coolant/glycol_coolant.h"
#include "models/fluid/refrigerant.h"

namespace etsim::fluid {
namespace {

struct FluidRequest {
  std::string name;
  std::string T, p, h, s, Q, rho, RH, w;  // raw texts ("" = not given)
  bool json = false;
  bool table = false;
  bool csv = false;
  std::string T_min, T_max, step;
};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::optional<double> quantity(const std::string& text, const char* expected_unit) {
  if (text.empty()) return std::nullopt;
  return units::to_si(text, expected_unit);
}

// JSON number: NaN and infinities are not JSON, they are written as null.
std::string json_number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : "null";  // shortest round-trip form
}

using JsonField = std::pair<std::string, std::string>;  // key, already formatted value

std::string json_object(std::initializer_list<JsonField> fields) {
  std::string out = "{";
  for (const JsonField& field : fields) {
    out += fmt::format("{}\"{}\": {}", out.size() > 1 ? ", " : "", field.first, field.second);
  }
  return out + "}";
}

std::string json_string(std::string_view text) { return fmt::format("\"{}\"", text); }

std::string text_value(double value, const char* format) {
  return std::isfinite(value) ? fmt::format(fmt::runtime(format), value) : "-";
}

ThermoState refrigerant_state(const Refrigerant& fluid, const FluidRequest& request) {
  const auto T = quantity(request.T, "K");
  const auto p = quantity(request.p, "Pa");
  const auto h = quantity(request.h, "J/kg");
  const auto s = quantity(request.s, "J/(kg*K)");
  const auto Q = quantity(request.Q, "1");
  const auto rho = quantity(request.rho, "kg/m^3");
  const int given = int(T.has_value()) + int(p.has_value()) + int(h.has_value()) + int(s.has_value()) +
                    int(Q.has_value()) + int(rho.has_value());
  if (given != 2) {
    throw InputError(fmt::format("fluid {}: give exactly two of --T --p --h --s --Q --rho (got {}); "
                                 "supported pairs: T,p  T,rho  T,Q  p,h  p,s  p,Q  p,rho",
                                 request.name, given));
  }
  if (Q && !(*Q >= 0.0 && *Q <= 1.0)) {
    throw InputError(fmt::format("fluid {}: --Q {} must be a vapour fraction in [0, 1]", request.name, request.Q));
  }
  auto saturated_end = [&](const SaturationState& sat) { return *Q == 0.0 ? sat.liquid : sat.vapor; };
  if (T && p) return fluid.at_T_p(*T, *p);
  if (T && rho) return fluid.at_T_rho(*T, *rho);
  if (T && Q) return (*Q == 0.0 || *Q == 1.0) ? saturated_end(fluid.saturation_at_T(*T)) : fluid.at_T_Q(*T, *Q);
  if (p && h) return fluid.at_p_h(*p, *h);
  if (p && s) return fluid.at_p_s(*p, *s);
  if (p && Q) return (*Q == 0.0 || *Q == 1.0) ? saturated_end(fluid.saturation_at_p(*p)) : fluid.at_p_Q(*p, *Q);
  if (p && rho) {
    // p(T) at fixed density increases monotonically with T: bisection on T.
    double low = fluid.triple_temperature(), high = fluid.max_temperature();
    if (!(fluid.at_T_rho(low, *rho).p <= *p && fluid.at_T_rho(high, *rho).p >= *p)) {
      throw InputError(fmt::format("fluid {}: no state with p = {} and rho = {} inside the EOS range",
                                   request.name, request.p, request.rho));
    }
    for (int iteration = 0; iteration < 200 && high - low > 1e-10 * high; ++iteration) {
      const double mid = 0.5 * (low + high);
      (fluid.at_T_rho(mid, *rho).p < *p ? low : high) = mid;
    }
    return fluid.at_T_rho(0.5 * (low + high), *rho);
  }
  throw InputError(fmt::format("fluid {}: unsupported pair of inputs; supported pairs: T,p  T,rho  T,Q  "
                               "p,h  p,s  p,Q  p,rho",
                               request.name));
}

void print_refrigerant_state(const Refrigerant& fluid, const ThermoState& state, bool json) {
  if (json) {
    std::cout << json_object({{"fluid", json_string(fluid.name())},
                              {"phase", json_string(to_string(state.phase))},
                              {"T", json_number(state.T)},
                              {"p", json_number(state.p)},
                              {"rho", json_number(state.rho)},
                              {"h", json_number(state.h)},
                              {"s", json_number(state.s)},
                              {"u", json_number(state.u)},
                              {"cp", json_number(state.cp)},
                              {"cv", json_number(state.cv)},
                              {"w", json_number(state.w)},
                              {"Q", json_number(state.Q)}})
              << "\n";
    return;
  }
  std::cout << fmt::format("{} ({})\n", fluid.name(), to_string(state.phase));
  std::cout << fmt::format("  T    {:>14.4f} K          ({:.3f} degC)\n", state.T, state.T - 273.15);
  std::cout << fmt::format("  p    {:>14.6g} Pa         ({:.5g} bar)\n", state.p, state.p / 1e5);
  std::cout << fmt::format("  rho  {:>14.6g} kg/m^3\n", state.rho);
  std::cout << fmt::format("  h    {:>14.6g} J/kg       ({:.4f} kJ/kg)\n", state.h, state.h / 1e3);
  std::cout << fmt::format("  s    {:>14.6g} J/(kg K)   ({:.5f} kJ/(kg K))\n", state.s, state.s / 1e3);
  std::cout << fmt::format("  u    {:>14.6g} J/kg\n", state.u);
  std::cout << fmt::format("  cp   {:>14} J/(kg K)\n", text_value(state.cp, "{:.6g}"));
  std::cout << fmt::format("  cv   {:>14} J/(kg K)\n", text_value(state.cv, "{:.6g}"));
  std::cout << fmt::format("  w    {:>14} m/s\n", text_value(state.w, "{:.6g}"));
  std::cout << fmt::format("  Q    {:>14} -\n", text_value(state.Q, "{:.6f}"));
  if (state.phase != Phase::TwoPhase) {
    // Transport properties where a correlation exists; otherwise say so instead of failing.
    auto transport = [&](auto property) -> std::string {
      try {
        return fmt::format("{:.6g}", property());
      } catch (const FluidError&) {
        return "n/a";
      }
    };
    std::cout << fmt::format("  mu   {:>14} Pa s\n", transport([&] { return fluid.viscosity(state); }));
    std::cout << fmt::format("  k    {:>14} W/(m K)\n", transport([&] { return fluid.thermal_conductivity(state); }));
  }
}

void print_saturation_table(const Refrigerant& fluid, const FluidRequest& request) {
  if (request.T_min.empty() || request.T_max.empty() || request.step.empty()) {
    throw InputError(fmt::format("fluid {} --table needs --Tmin, --Tmax and --step (e.g. --Tmin=-20degC "
                                 "--Tmax 60degC --step 5K)", request.name));
  }
  if (request.step.find("deg") != std::string::npos) {
    throw InputError("--step '" + request.step + "' is a temperature difference: give it in K (e.g. 5K)");
  }
  const double T_min = units::to_si(request.T_min, "K");
  const double T_max = units::to_si(request.T_max, "K");
  const double step = units::to_si(request.step, "K");
  if (!(step > 0.0) || !(T_max >= T_min)) {
    throw InputError(fmt::format("fluid {} --table: need --step > 0 and --Tmax >= --Tmin", request.name));
  }
  if (T_min < fluid.triple_temperature() || T_max > fluid.critical_temperature()) {
    throw InputError(fmt::format("fluid {} --table: the range must lie within [{:.3f}, {:.3f}] K (triple point "
                                 "to critical point)", request.name, fluid.triple_temperature(),
                                 fluid.critical_temperature()));
  }
  const double count = std::floor((T_max - T_min) / step + 1e-9) + 1;
  if (count > 100000) throw InputError("fluid --table: more than 100000 rows; use a larger --step");
  if (request.csv) {
    std::cout << "T_K,p_Pa,rho_liquid_kg_m3,rho_vapor_kg_m3,h_liquid_J_kg,h_vapor_J_kg,s_liquid_J_kgK,s_vapor_J_kgK\n";
  } else {
    std::cout << fmt::format("{} saturation table\n", fluid.name());
    std::cout << fmt::format("{:>9} {:>11} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n", "T[degC]", "p[bar]",
                             "rho'[kg/m3]", "rho''", "h'[kJ/kg]", "h''", "s'[kJ/kgK]", "s''");
  }
  for (int i = 0; i < static_cast<int>(count); ++i) {
    const double T = std::min(T_min + i * step, T_max);
    const SaturationState sat = fluid.saturation_at_T(T);
    if (request.csv) {
      std::cout << fmt::format("{:.6f},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g}\n", T, sat.p,
                               sat.liquid.rho, sat.vapor.rho, sat.liquid.h, sat.vapor.h, sat.liquid.s, sat.vapor.s);
    } else {
      std::cout << fmt::format("{:>9.2f} {:>11.5f} {:>10.3f} {:>10.4f} {:>10.3f} {:>10.3f} {:>10.5f} {:>10.5f}\n",
                               T - 273.15, sat.p / 1e5, sat.liquid.rho, sat.vapor.rho, sat.liquid.h / 1e3,
                               sat.vapor.h / 1e3, sat.liquid.s / 1e3, sat.vapor.s / 1e3);
    }
  }
}

void reject_refrigerant_options(const FluidRequest& request, const char* what, bool allow_p) {
  const bool extra = !request.h.empty() || !request.s.empty() || !request.Q.empty() || !request.rho.empty() ||
                     (!allow_p && !request.p.empty()) || request.table;
  if (extra) throw InputError(fmt::format("fluid {}: {}", request.name, what));
}

void run_coolant(const FluidRequest& request) {
  const GlycolCoolant coolant = GlycolCoolant::by_name(request.name);
  reject_refrigerant_options(request, "a glycol coolant takes only --T (incompressible liquid)", false);
  if (!request.RH.empty() || !request.w.empty()) throw InputError("fluid " + request.name + ": --RH / --w apply to HumidAir");
  if (request.T.empty()) throw InputError("fluid " + request.name + " needs --T (e.g. --T 20degC)");
  const double T = units::to_si(request.T, "K");
  const double rho = coolant.density(T), cp = coolant.specific_heat(T), k = coolant.thermal_conductivity(T);
  const double mu = coolant.viscosity(T);
  if (request.json) {
    std::cout << json_object({{"fluid", json_string(coolant.name())},
                              {"mass_fraction", json_number(coolant.mass_fraction())},
                              {"T", json_number(T)},
                              {"rho", json_number(rho)},
                              {"cp", json_number(cp)},
                              {"k", json_number(k)},
                              {"mu", json_number(mu)},
                              {"Pr", json_number(mu * cp / k)},
                              {"T_freeze", json_number(coolant.freezing_temperature())}})
              << "\n";
    return;
  }
  std::cout << fmt::format("{} (glycol mass fraction {:.4f}, Melinder 2010)\n", coolant.name(), coolant.mass_fraction());
  std::cout << fmt::format("  T         {:>12.4f} K        ({:.3f} degC)\n", T, T - 273.15);
  std::cout << fmt::format("  rho       {:>12.6g} kg/m^3\n", rho);
  std::cout << fmt::format("  cp        {:>12.6g} J/(kg K)\n", cp);
  std::cout << fmt::format("  k         {:>12.6g} W/(m K)\n", k);
  std::cout << fmt::format("  mu        {:>12.6g} Pa s\n", mu);
  std::cout << fmt::format("  Pr        {:>12.6g} -\n", mu * cp / k);
  std::cout << fmt::format("  T_freeze  {:>12.4f} K        ({:.3f} degC)\n", coolant.freezing_temperature(),
                           coolant.freezing_temperature() - 273.15);
}

void run_humid_air(const FluidRequest& request) {
  reject_refrigerant_options(request, "HumidAir takes --T, --RH or --w, and optionally --p", true);
  if (request.T.empty() || (request.RH.empty() == request.w.empty())) {
    throw InputError("fluid HumidAir needs --T and exactly one of --RH (e.g. 50%) or --w (kg water/kg dry air)");
  }
  const double T = units::to_si(request.T, "K");
  const double p = request.p.empty() ? kStandardAtmosphere : units::to_si(request.p, "Pa");
  const HumidAirState air = request.RH.empty()
                                ? humid_air_from_humidity_ratio(T, units::to_si(request.w, "1"), p)
                                : humid_air_from_relative_humidity(T, units::to_si(request.RH, "1"), p);
  if (request.json) {
    std::cout << json_object({{"fluid", json_string("HumidAir")},
                              {"T", json_number(air.T)},
                              {"p", json_number(air.p)},
                              {"W", json_number(air.humidity_ratio)},
                              {"RH", json_number(air.relative_humidity)},
                              {"p_w", json_number(air.vapor_pressure)},
                              {"h", json_number(air.enthalpy)},
                              {"T_dew", json_number(air.humidity_ratio > 0 ? air.dew_point : NAN)},
                              {"v", json_number(air.specific_volume)},
                              {"rho", json_number(air.density)},
                              {"cp", json_number(air.cp)}})
              << "\n";
    return;
  }
  std::cout << "HumidAir (ASHRAE 2017 psychrometrics)\n";
  std::cout << fmt::format("  T      {:>12.4f} K              ({:.3f} degC)\n", air.T, air.T - 273.15);
  std::cout << fmt::format("  p      {:>12.6g} Pa\n", air.p);
  std::cout << fmt::format("  W      {:>12.6g} kg/kg dry air  ({:.4f} g/kg)\n", air.humidity_ratio, 1e3 * air.humidity_ratio);
  std::cout << fmt::format("  RH     {:>12.6g} -              ({:.2f} %)\n", air.relative_humidity, 100 * air.relative_humidity);
  std::cout << fmt::format("  p_w    {:>12.6g} Pa\n", air.vapor_pressure);
  std::cout << fmt::format("  h      {:>12.6g} J/kg dry air   ({:.3f} kJ/kg)\n", air.enthalpy, air.enthalpy / 1e3);
  if (air.humidity_ratio > 0) {
    std::cout << fmt::format("  T_dew  {:>12.4f} K              ({:.3f} degC)\n", air.dew_point, air.dew_point - 273.15);
  } else {
    std::cout << "  T_dew             - (dry air)\n";
  }
  std::cout << fmt::format("  v      {:>12.6g} m^3/kg dry air\n", air.specific_volume);
  std::cout << fmt::format("  rho    {:>12.6g} kg/m^3\n", air.density);
  std::cout << fmt::format("  cp     {:>12.6g} J/(kg dry air K)\n", air.cp);
}

void run(const FluidRequest& request) {
  const std::string name = lower(request.name);
  try {
    if (name == "eg50" || name == "pg50") return run_coolant(request);
    if (name == "humidair" || name == "air") return run_humid_air(request);
    const Refrigerant* fluid = nullptr;
    try {
      fluid = &Refrigerant::get(request.name);
    } catch (const FluidError&) {
      std::string names;
      for (const auto& available : Refrigerant::available()) names += available + ", ";
      throw InputError(fmt::format("unknown fluid '{}': expected one of {}EG50, PG50, HumidAir", request.name, names));
    }
    if (!request.RH.empty() || !request.w.empty()) throw InputError("fluid " + request.name + ": --RH / --w apply to HumidAir");
    if (request.table) return print_saturation_table(*fluid, request);
    print_refrigerant_state(*fluid, refrigerant_state(*fluid, request), request.json);
  } catch (const FluidError& error) {
    // Out-of-range states and failed flashes are input errors from the command line's point of view.
    throw InputError(std::string("fluid ") + request.name + ": " + error.what());
  }
}

}  // namespace

void add_fluid_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "fluid", "Properties of a refrigerant (R1234yf, R134a, R290, R744), coolant (EG50, PG50) or HumidAir");
  auto request = std::make_shared<FluidRequest>();
  command->add_option("name", request->name, "Fluid: R1234yf, R134a, R290, R744, EG50, PG50 or HumidAir")->required();
  command->add_option("--T", request->T, "Temperature, e.g. 0degC or 273.15");
  command->add_option("--p", request->p, "Pressure, e.g. 90bar");
  command->add_option("--h", request->h, "Specific enthalpy, e.g. 300kJ/kg");
  command->add_option("--s", request->s, "Specific entropy, e.g. 1.2kJ/(kg*K)");
  command->add_option("--Q", request->Q, "Vapour mass fraction 0..1 (0/1: saturated liquid/vapour)");
  command->add_option("--rho", request->rho, "Density, e.g. 500kg/m^3");
  command->add_option("--RH", request->RH, "HumidAir: relative humidity, e.g. 50% or 0.5");
  command->add_option("--w", request->w, "HumidAir: humidity ratio [kg water/kg dry air]");
  command->add_flag("--json", request->json, "Print one JSON object in SI units");
  command->add_flag("--table", request->table, "Print a saturation table (needs --Tmin, --Tmax, --step)");
  command->add_flag("--csv", request->csv, "With --table: CSV in SI units");
  command->add_option("--Tmin", request->T_min, "Saturation table start temperature");
  command->add_option("--Tmax", request->T_max, "Saturation table end temperature");
  command->add_option("--step", request->step, "Saturation table temperature step, e.g. 5K");
  command->callback([request] { run(*request); });
}

}  // namespace etsim::fluid
