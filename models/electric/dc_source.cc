#include "models/electric/dc_source.h"

#include <algorithm>

#include "engine/core/error.h"

namespace etsim::electric {

DcSource::DcSource(std::string name, const DcSourceParameters& parameters)
    : Component(std::move(name)), p_(parameters), has_capacitor_(parameters.dc_link_capacitance > 0.0) {
  ETSIM_DEMAND(p_.open_circuit_voltage > 0.0 && p_.internal_resistance > 0.0,
               this->name() + ": voltage and resistance must be positive");
  inverse_resistance_ = 1.0 / p_.internal_resistance;
  inverse_capacitance_ = has_capacitor_ ? 1.0 / p_.dc_link_capacitance : 0.0;
  max_discharge_current_ = p_.max_discharge_power / p_.open_circuit_voltage;
  max_charge_current_ = p_.max_charge_power / p_.open_circuit_voltage;
  add_port("dc", PortKind::ElectricalDc, PortRole::A);  // out 0: voltage; in 0: current drawn
  add_output({"current", "A", "current delivered by the source"});
  add_output({"power", "W", "power delivered at the terminals"});
  add_output({"loss", "W", "loss in the internal resistance"});
  if (has_capacitor_) {
    add_state({"dc_link_voltage", "V", p_.open_circuit_voltage, p_.open_circuit_voltage, 0.0,
               "DC-link capacitor voltage"});
    set_direct_feedthrough(false);
    add_feedthrough(2, 0);  // power = v * i_load
  }
}

RhsStatus DcSource::partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const {
  // Input 0: load current; outputs: 0 voltage, 1 source current, 2 power, 3 loss.
  const double load_current = c.u[0];
  const double resistance = p_.internal_resistance;
  if (!has_capacitor_) {
    const double voltage = p_.open_circuit_voltage - resistance * load_current;
    p.output_by_input[0] = -resistance;
    p.output_by_input[1] = 1.0;
    p.output_by_input[2] = voltage - resistance * load_current;
    p.output_by_input[3] = 2.0 * load_current * resistance;
    return RhsStatus::Ok;
  }
  const double voltage = c.x[0];
  const double current = source_current(voltage);
  // Within the limits the clamp returns its argument unchanged (same expression as source_current).
  const double unclamped = (p_.open_circuit_voltage - voltage) * inverse_resistance_;
  const double current_by_v = current == unclamped ? -inverse_resistance_ : 0.0;
  p.output_by_state[0] = 1.0;
  p.output_by_state[1] = current_by_v;
  p.output_by_state[2] = load_current;
  p.output_by_input[2] = voltage;
  p.output_by_state[3] = 2.0 * current * resistance * current_by_v;
  p.derivative_by_state[0] = current_by_v * inverse_capacitance_;
  p.derivative_by_input[0] = -inverse_capacitance_;
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
