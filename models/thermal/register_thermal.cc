#include "models/thermal/register_thermal.h"

#include "engine/framework/component_type.h"
#include "models/thermal/coolant_boundary.h"
#include "models/thermal/coolant_radiator.h"
#include "models/thermal/thermal_elements.h"

namespace etsim {

namespace {
constexpr int kMaxFosterTerms = 6;
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

void register_thermal_components(ComponentRegistry& registry) {
  using thermal::ThermalConductance;
  registry.add({"ThermalMass",
                "lumped heat capacity with one temperature state (port 'node')",
                {{"heat_capacity", "J/K", std::numeric_limits<double>::quiet_NaN(), 1e-9, kInf,
                  "heat capacity m*c_p"}},
                {},
                {},
                [](const std::string& name, const ParameterValues& p) {
                  return std::make_unique<thermal::ThermalMass>(name, p.number("heat_capacity"),
                                                                298.15);
                }});
  registry.add({"ThermalConductance",
                "heat path Q = G (T_a - T_b) between ports 'a' and 'b'",
                {{"conductance", "W/K", std::numeric_limits<double>::quiet_NaN(), 1e-12, kInf,
                  "thermal conductance G (h*A for convection)"}},
                {},
                {},
                [](const std::string& name, const ParameterValues& p) {
                  return std::make_unique<ThermalConductance>(name, p.number("conductance"));
                }});
  registry.add({"ThermalResistance",
                "heat path Q = (T_a - T_b) / R between ports 'a' and 'b'",
                {{"resistance", "K/W", std::numeric_limits<double>::quiet_NaN(), 1e-12, kInf,
                  "thermal resistance R"}},
                {},
                {},
                [](const std::string& name, const ParameterValues& p) {
                  return std::make_unique<ThermalConductance>(name, 1.0 / p.number("resistance"));
                }});
  registry.add({"FixedTemperature",
                "ideal heat reservoir at a fixed temperature (port 'node')",
                {{"temperature", "K", std::numeric_limits<double>::quiet_NaN(), 1.0, 5000.0,
                  "reservoir temperature"}},
                {},
                {},
                [](const std::string& name, const ParameterValues& p) {
                  return std::make_unique<thermal::FixedTemperature>(name, p.number("temperature"));
                }});
  ComponentType cauer{"CauerThermalNetwork",
                      "junction-to-case Cauer ladder converted exactly from a datasheet Foster "
                      "network (ports 'junction' and 'case')",
                      {},
                      {},
                      {},
                      nullptr};
  for (int k = 1; k <= kMaxFosterTerms; ++k) {
    cauer.numbers.push_back({"foster_resistance_" + std::to_string(k), "K/W", 0.0, 0.0, kInf,
                             "Foster term R_" + std::to_string(k) + " (0: unused)"});
    cauer.numbers.push_back({"foster_time_constant_" + std::to_string(k), "s", 0.0, 0.0, kInf,
                             "Foster term tau_" + std::to_string(k)});
  }
  cauer.numbers.push_back({"identical_devices", "1", 1.0, 1.0, 1000.0,
                           "identical devices sharing this network (heat into the case times n)"});
  cauer.create = [](const std::string& name, const ParameterValues& p) {
    FosterNetwork foster;
    for (int k = 1; k <= kMaxFosterTerms; ++k) {
      const double r = p.number("foster_resistance_" + std::to_string(k));
      const double tau = p.number("foster_time_constant_" + std::to_string(k));
      if (r == 0.0 && tau == 0.0) continue;
      foster.resistance.push_back(r);
      foster.time_constant.push_back(tau);
    }
    return std::make_unique<thermal::CauerThermalNetwork>(name, foster_to_cauer(foster), 298.15,
                                                          p.number("identical_devices"));
  };
  registry.add(std::move(cauer));

  const thermal::CoolantRadiatorParameters defaults;
  registry.add(
      {"CoolantRadiator",
       "pumped coolant loop rejecting heat to ambient air (port 'coolant', input 'pump_command')",
       {{"ambient_temperature", "K", defaults.ambient_temperature, 150.0, 400.0, "ambient air"},
        {"volume_flow", "m^3/s", defaults.volume_flow, 0.0, 1.0, "coolant flow with the pump on"},
        {"density", "kg/m^3", defaults.density, 1.0, 3000.0, "coolant density"},
        {"specific_heat", "J/(kg*K)", defaults.specific_heat, 100.0, 10000.0, "coolant c_p"},
        {"effectiveness", "1", defaults.effectiveness, 0.0, 1.0, "radiator effectiveness"},
        {"natural_conductance", "W/K", defaults.natural_conductance, 0.0, kInf,
         "conductance to ambient with the pump off"}},
       {},
       {},
       [](const std::string& name, const ParameterValues& p) {
         thermal::CoolantRadiatorParameters q;
         q.ambient_temperature = p.number("ambient_temperature");
         q.volume_flow = p.number("volume_flow");
         q.density = p.number("density");
         q.specific_heat = p.number("specific_heat");
         q.effectiveness = p.number("effectiveness");
         q.natural_conductance = p.number("natural_conductance");
         return std::make_unique<thermal::CoolantRadiator>(name, q);
       }});

  registry.add(
      {"CoolantSupply",
       "coolant boundary: prescribed mass flow and temperature, constant or over time (port "
       "'outlet')",
       {{"mass_flow", "kg/s", 0.1, 0.0, 100.0, "mass flow (when no table is given)"},
        {"temperature", "K", 318.15, 150.0, 500.0, "temperature (when no table is given)"}},
       {},
       {{"mass_flow_profile", {{"time", "s"}, {"mass_flow", "kg/s"}}, "mass flow over time", false},
        {"temperature_profile", {{"time", "s"}, {"temperature", "K"}}, "temperature over time",
         false}},
       [](const std::string& name, const ParameterValues& p) {
         Table1D flow, temperature;
         if (p.has_table("mass_flow_profile")) {
           const Table& t = p.table("mass_flow_profile");
           flow = Table1D(t.column("time"), t.column("mass_flow"), Interpolation::Linear,
                          Extrapolation::Clamp, t.source);
         }
         if (p.has_table("temperature_profile")) {
           const Table& t = p.table("temperature_profile");
           temperature = Table1D(t.column("time"), t.column("temperature"), Interpolation::Linear,
                                 Extrapolation::Clamp, t.source);
         }
         return std::make_unique<thermal::CoolantSupply>(name, p.number("mass_flow"),
                                                         p.number("temperature"), std::move(flow),
                                                         std::move(temperature));
       }});
  registry.add({"CoolantReturn",
                "coolant boundary absorbing the returning flow (port 'inlet')",
                {{"specific_heat", "J/(kg*K)", 3300.0, 100.0, 10000.0, "coolant c_p"},
                 {"reference_temperature", "K", 318.15, 150.0, 500.0,
                  "temperature the carried heat is counted from (the supply's)"}},
                {},
                {},
                [](const std::string& name, const ParameterValues& p) {
                  return std::make_unique<thermal::CoolantReturn>(
                      name, p.number("specific_heat"), p.number("reference_temperature"));
                }});
}

}  // namespace etsim
