#include "models/control/register_control.h"

#include "engine/framework/component_type.h"
#include "models/control/thermostat.h"

namespace etsim {

void register_control_components(ComponentRegistry& registry) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  registry.add({"Thermostat",
                "two-point controller with hysteresis switched by state events (input "
                "'temperature', output 'command')",
                {{"on_temperature", "K", nan, 1.0, 5000.0, "switch on when rising above"},
                 {"off_temperature", "K", nan, 1.0, 5000.0, "switch off when falling below"}},
                {},
                {},
                [](const std::string& name, const ParameterValues& p) {
                  return std::make_unique<control::Thermostat>(name, p.number("on_temperature"),
                                                               p.number("off_temperature"));
                }});
}

}  // namespace etsim
