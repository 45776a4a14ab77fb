#include "models/electric/register_inverter.h"

#include <limits>
#include <memory>

#include "engine/framework/component_type.h"
#include "models/electric/inverter.h"
#include "models/electric/inverter_cold_plate.h"
#include "models/electric/power_device.h"

namespace etsim {
namespace {

constexpr double kRequired = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

CurveFamily family_from_table(const Table& table, const char* value_column, const std::string& what) {
  return CurveFamily(table.column("temperature"), table.column("current"), table.column(value_column),
                     what + " (" + table.source + ")");
}

}  // namespace

void register_inverter_components(ComponentRegistry& registry) {
  const InverterParameters defaults;
  const std::vector<TableParameterSpec::Column> conduction_columns = {
      {"temperature", "K"}, {"current", "A"}, {"voltage", "V"}};
  const std::vector<TableParameterSpec::Column> energy_columns = {
      {"temperature", "K"}, {"current", "A"}, {"energy", "J"}};
  registry.add(
      {"Inverter",
       "two-level three-phase inverter, average model with datasheet device losses (ports dc, "
       "switch_a/b/c, diode_a/b/c for IGBTs)",
       {
           {"switching_frequency", "Hz", defaults.switching_frequency, 100.0, 1e6,
            "PWM carrier frequency f_sw"},
           {"dead_time", "s", defaults.dead_time, 0.0, 1e-4,
            "interlock dead time t_d (IGBT ~1-3 us, SiC ~0.1-0.5 us)"},
           {"dead_time_current_width", "A", defaults.dead_time_current_width, 1e-6, 1e4,
            "smoothing width I_w of sign(i) in the dead-time voltage error"},
           {"minimum_dc_voltage", "V", defaults.minimum_dc_voltage, 1e-6, 1e4,
            "floor of V_dc in i_dc = P_dc / V_dc"},
           {"loss_sample_period", "s", defaults.loss_sample_period, 0.0, 1.0,
            "T_s: losses evaluated every T_s and held (0: at every evaluation); for microsecond "
            "electrical steps, e.g. 100 us (docs/models/inverter.md)"},
           {"reference_voltage", "V", kRequired, 1.0, 1e5,
            "DC voltage at which the switching-energy tables were measured"},
           {"switch_voltage_exponent", "1", 1.3, 0.0, 3.0,
            "k_v in E_on,off ~ (V_dc/V_ref)^k_v"},
           {"diode_voltage_exponent", "1", 0.6, 0.0, 3.0, "k_v in E_rr ~ (V_dc/V_ref)^k_v"},
           {"fit_current_min", "A", kRequired, 0.0, 1e5,
            "lower end of the straight-line conduction fit (e.g. 0.2 x rated current)"},
           {"fit_current_max", "A", kRequired, 0.0, 1e5,
            "upper end of the straight-line conduction fit (e.g. rated current)"},
       },
       {{"device_kind", "", {"igbt", "mosfet"},
         "igbt: transistor + anti-parallel diode; mosfet: SiC MOSFET with synchronous "
         "rectification, body diode during dead time",
         true},
        {"device_name", "", {}, "part number, for messages", false}},
       {
           {"switch_conduction", conduction_columns,
            "transistor on-state voltage vs current, one block of rows per junction temperature"},
           {"diode_conduction", conduction_columns, "diode forward voltage vs current"},
           {"turn_on_energy", energy_columns, "E_on vs current per junction temperature at V_ref"},
           {"turn_off_energy", energy_columns, "E_off vs current at V_ref"},
           {"recovery_energy", energy_columns, "diode E_rr vs current at V_ref"},
       },
       [](const std::string& name, const ParameterValues& p) -> std::unique_ptr<Component> {
         PowerDeviceData data;
         data.name = p.text("device_name").empty() ? name : p.text("device_name");
         data.kind = p.text("device_kind") == "mosfet" ? DeviceKind::Mosfet : DeviceKind::Igbt;
         const std::string what = name + ": ";
         data.switch_conduction = family_from_table(p.table("switch_conduction"), "voltage",
                                                    what + "switch_conduction");
         data.diode_conduction = family_from_table(p.table("diode_conduction"), "voltage",
                                                   what + "diode_conduction");
         data.turn_on_energy =
             family_from_table(p.table("turn_on_energy"), "energy", what + "turn_on_energy");
         data.turn_off_energy =
             family_from_table(p.table("turn_off_energy"), "energy", what + "turn_off_energy");
         data.recovery_energy =
             family_from_table(p.table("recovery_energy"), "energy", what + "recovery_energy");
         data.reference_voltage = p.number("reference_voltage");
         data.switch_voltage_exponent = p.number("switch_voltage_exponent");
         data.diode_voltage_exponent = p.number("diode_voltage_exponent");
         data.fit_current_min = p.number("fit_current_min");
         data.fit_current_max = p.number("fit_current_max");
         InverterParameters parameters;
         parameters.switching_frequency = p.number("switching_frequency");
         parameters.dead_time = p.number("dead_time");
         parameters.dead_time_current_width = p.number("dead_time_current_width");
         parameters.minimum_dc_voltage = p.number("minimum_dc_voltage");
         parameters.loss_sample_period = p.number("loss_sample_period");
         return std::make_unique<Inverter>(
             name, std::make_shared<const PowerDevice>(std::move(data)), parameters);
       }});

  const ColdPlateParameters plate;
  registry.add(
      {"InverterColdPlate",
       "liquid-cooled cold plate: heat capacity with eps-NTU convection to the coolant (ports "
       "devices, coolant_in, coolant_out)",
       {
           {"heat_capacity", "J/K", plate.heat_capacity, 1e-3, kInf, "plate + coolant heat capacity"},
           {"reference_conductance", "W/K", plate.reference_conductance, 1e-6, kInf,
            "h*A at the reference mass flow"},
           {"reference_mass_flow", "kg/s", plate.reference_mass_flow, 1e-6, kInf,
            "mass flow at which reference_conductance holds"},
           {"minimum_conductance", "W/K", plate.minimum_conductance, 0.0, kInf,
            "h*A floor (laminar) added to the flow-dependent part"},
           {"coolant_specific_heat", "J/(kg*K)", plate.coolant_specific_heat, 100.0, 1e4,
            "coolant c_p"},
           {"initial_temperature", "K", plate.initial_temperature, 1.0, 1000.0,
            "plate temperature at t = 0"},
       },
       {},
       {},
       [](const std::string& name, const ParameterValues& p) -> std::unique_ptr<Component> {
         ColdPlateParameters parameters;
         parameters.heat_capacity = p.number("heat_capacity");
         parameters.reference_conductance = p.number("reference_conductance");
         parameters.reference_mass_flow = p.number("reference_mass_flow");
         parameters.minimum_conductance = p.number("minimum_conductance");
         parameters.coolant_specific_heat = p.number("coolant_specific_heat");
         parameters.initial_temperature = p.number("initial_temperature");
         return std::make_unique<InverterColdPlate>(name, parameters);
       }});
}

}  // namespace etsim
