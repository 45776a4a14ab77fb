#include "models/electric/register_sources.h"

#include "engine/framework/component_type.h"
#include "models/electric/conduction_device.h"
#include "models/electric/dc_source.h"
#include "models/electric/table_current_load.h"

namespace etsim {

void register_source_components(ComponentRegistry& registry) {
  const double inf = std::numeric_limits<double>::infinity();
  const electric::DcSourceParameters source;
  registry.add(
      {"DcSource",
       "DC source with series resistance and optional DC-link capacitor (port 'dc')",
       {{"open_circuit_voltage", "V", source.open_circuit_voltage, 1e-3, 5000.0, "V_0"},
        {"internal_resistance", "Ohm", source.internal_resistance, 1e-9, 1e3, "series R"},
        {"dc_link_capacitance", "F", source.dc_link_capacitance, 0.0, 10.0,
         "DC-link capacitor (0: none)"},
        {"max_discharge_power", "W", source.max_discharge_power, 0.0, inf, "discharge limit"},
        {"max_charge_power", "W", source.max_charge_power, 0.0, inf, "charge limit"}},
       {},
       {},
       [](const std::string& name, const ParameterValues& p) {
         electric::DcSourceParameters q;
         q.open_circuit_voltage = p.number("open_circuit_voltage");
         q.internal_resistance = p.number("internal_resistance");
         q.dc_link_capacitance = p.number("dc_link_capacitance");
         q.max_discharge_power = p.number("max_discharge_power");
         q.max_charge_power = p.number("max_charge_power");
         return std::make_unique<electric::DcSource>(name, q);
       }});
  registry.add(
      {"TableCurrentLoad",
       "load drawing a tabulated current over time (port 'dc', output 'current')",
       {},
       {{"interpolation", "linear", {"linear", "previous", "nearest", "pchip"},
         "interpolation between table rows"},
        {"stop_at_breakpoints", "true", {"true", "false"},
         "variable-step solvers stop at every table row (time events)"}},
       {{"profile", {{"time", "s"}, {"current", "A"}}, "current over time"}},
       [](const std::string& name, const ParameterValues& p) {
         const Table& table = p.table("profile");
         Table1D profile(table.column("time"), table.column("current"),
                         interpolation_from_string(p.text("interpolation")), Extrapolation::Clamp,
                         table.source);
         return std::make_unique<electric::TableCurrentLoad>(
             name, std::move(profile), p.text("stop_at_breakpoints") == "true");
       }});
  const electric::ConductionDeviceParameters device;
  registry.add(
      {"ConductionDevice",
       "semiconductor conduction loss v_on = V_0(T_j) + r(T_j) |i| heating port 'junction'",
       {{"threshold_voltage_low", "V", device.threshold_voltage_low, 0.0, 10.0, "V_0 at T_low"},
        {"threshold_voltage_high", "V", device.threshold_voltage_high, 0.0, 10.0, "V_0 at T_high"},
        {"slope_resistance_low", "Ohm", device.slope_resistance_low, 0.0, 10.0, "r at T_low"},
        {"slope_resistance_high", "Ohm", device.slope_resistance_high, 0.0, 10.0, "r at T_high"},
        {"temperature_low", "K", device.temperature_low, 1.0, 1000.0, "first datasheet T_j"},
        {"temperature_high", "K", device.temperature_high, 1.0, 1000.0, "second datasheet T_j"},
        {"parallel_devices", "1", device.parallel_devices, 1.0, 1000.0, "devices in parallel"}},
       {},
       {},
       [](const std::string& name, const ParameterValues& p) {
         electric::ConductionDeviceParameters q;
         q.threshold_voltage_low = p.number("threshold_voltage_low");
         q.threshold_voltage_high = p.number("threshold_voltage_high");
         q.slope_resistance_low = p.number("slope_resistance_low");
         q.slope_resistance_high = p.number("slope_resistance_high");
         q.temperature_low = p.number("temperature_low");
         q.temperature_high = p.number("temperature_high");
         q.parallel_devices = p.number("parallel_devices");
         return std::make_unique<electric::ConductionDevice>(name, q);
       }});
}

}  // namespace etsim
