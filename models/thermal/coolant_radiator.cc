#include "models/thermal/coolant_radiator.h"

#include <algorithm>

#include "engine/core/error.h"

namespace etsim::thermal {

CoolantRadiator::CoolantRadiator(std::string name, const CoolantRadiatorParameters& parameters)
    : Component(std::move(name)), p_(parameters) {
  ETSIM_DEMAND(p_.effectiveness >= 0.0 && p_.effectiveness <= 1.0,
               this->name() + ": effectiveness must be in [0, 1]");
  add_port("coolant", PortKind::Thermal, PortRole::B);   // in 0: coolant temperature; out 0
  add_input({"pump_command", "1", "pump on (1) / off (0), values between scale the flow"});
  add_output({"heat_rejected", "W", "heat rejected to ambient"});
  add_output({"mass_flow", "kg/s", "pumped coolant mass flow"});
  add_feedthrough(0, 0);
  add_feedthrough(0, 1);
  add_feedthrough(1, 0);
  add_feedthrough(1, 1);
  add_feedthrough(2, 1);
}

}  // namespace etsim::thermal
