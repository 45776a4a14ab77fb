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

RhsStatus CoolantRadiator::compute_outputs(const EvalContext& c) const {
  const double pump = std::clamp(c.u[1], 0.0, 1.0);
  const double mass_flow = pump * p_.volume_flow * p_.density;
  const double conductance = p_.effectiveness * mass_flow * p_.specific_heat + p_.natural_conductance;
  const double rejected = conductance * (c.u[0] - p_.ambient_temperature);
  c.y[0] = -rejected;
  c.y[1] = rejected;
  c.y[2] = mass_flow;
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
