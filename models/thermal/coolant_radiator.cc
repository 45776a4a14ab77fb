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

RhsStatus CoolantRadiator::partial_derivatives(const EvalContext& c,
                                               const PartialDerivatives& p) const {
  // Inputs: 0 coolant temperature, 1 pump command; outputs: 0 coolant.heat_flow (= -rejected),
  // 1 heat_rejected, 2 mass_flow. The clamp of the pump command has zero slope outside [0, 1].
  const double pump = std::clamp(c.u[1], 0.0, 1.0);
  const double mass_flow = pump * p_.volume_flow * p_.density;
  const double conductance = p_.effectiveness * mass_flow * p_.specific_heat + p_.natural_conductance;
  const bool pump_active = c.u[1] > 0.0 && c.u[1] < 1.0;
  const double flow_slope = pump_active ? p_.volume_flow * p_.density : 0.0;
  const double rejected_by_pump =
      p_.effectiveness * flow_slope * p_.specific_heat * (c.u[0] - p_.ambient_temperature);
  p.output_by_input[0 * 2 + 0] = -conductance;
  p.output_by_input[0 * 2 + 1] = -rejected_by_pump;
  p.output_by_input[1 * 2 + 0] = conductance;
  p.output_by_input[1 * 2 + 1] = rejected_by_pump;
  p.output_by_input[2 * 2 + 1] = flow_slope;
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
