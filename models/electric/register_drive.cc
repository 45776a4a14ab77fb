#include "models/electric/register_drive.h"

#include <memory>

#include "engine/framework/component_type.h"
#include "models/electric/drive_glue.h"

namespace etsim {

void register_drive_components(ComponentRegistry& registry) {
  const DeadTimeCompensationParameters defaults;
  registry.add(
      {"DriveDeadTimeCompensation",
       "adds the inverter's dead-time voltage error to a quasi-static motor's voltage so the "
       "inverter applies exactly that voltage (inputs v_d, v_q, i_d, i_q, dc_voltage)",
       {{"dead_time", "s", defaults.dead_time, 0.0, 1e-4, "t_d, the inverter's value"},
        {"switching_frequency", "Hz", defaults.switching_frequency, 100.0, 1e6,
         "f_sw, the inverter's value"},
        {"dead_time_current_width", "A", defaults.dead_time_current_width, 1e-6, 1e4,
         "I_w, the inverter's value"}},
       {},
       {},
       [](const std::string& name, const ParameterValues& p) -> std::unique_ptr<Component> {
         DeadTimeCompensationParameters q;
         q.dead_time = p.number("dead_time");
         q.switching_frequency = p.number("switching_frequency");
         q.dead_time_current_width = p.number("dead_time_current_width");
         return std::make_unique<DriveDeadTimeCompensation>(name, q);
       }});
  registry.add({"DriveEnergyMeter",
                "integrates drive power flows (dc_power, inverter_loss, motor_loss, gearbox_loss, "
                "source_loss) into energies for an exact energy balance",
                {},
                {},
                {},
                [](const std::string& name, const ParameterValues&) -> std::unique_ptr<Component> {
                  return std::make_unique<DriveEnergyMeter>(name);
                }});
}

}  // namespace etsim
