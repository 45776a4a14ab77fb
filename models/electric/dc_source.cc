#include "models/electric/dc_source.h"

#include <algorithm>

#include "engine/core/error.h"

namespace etsim::electric {

DcSource::DcSource(std::string name, const DcSourceParameters& parameters)
    : Component(std::move(name)), p_(parameters), has_capacitor_(parameters.dc_link_capacitance > 0.0) {
  ETSIM_DEMAND(p_.open_circuit_voltage > 0.0 && p_.internal_resistance > 0.0,
               this->name() + ": voltage and resistance must be positive");
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

double DcSource::source_current(double link_voltage) const {
  const double current = (p_.open_circuit_voltage - link_voltage) / p_.internal_resistance;
  const double max_discharge = p_.max_discharge_power / p_.open_circuit_voltage;
  const double max_charge = p_.max_charge_power / p_.open_circuit_voltage;
  return std::clamp(current, -max_charge, max_discharge);
}

RhsStatus DcSource::compute_outputs(const EvalContext& c) const {
  const double load_current = c.u[0];
  if (has_capacitor_) {
    const double voltage = c.x[0];
    const double current = source_current(voltage);
    c.y[0] = voltage;
    c.y[1] = current;
    c.y[2] = voltage * load_current;
    c.y[3] = current * current * p_.internal_resistance;
  } else {
    const double voltage = p_.open_circuit_voltage - p_.internal_resistance * load_current;
    c.y[0] = voltage;
    c.y[1] = load_current;
    c.y[2] = voltage * load_current;
    c.y[3] = load_current * load_current * p_.internal_resistance;
  }
  return RhsStatus::Ok;
}

RhsStatus DcSource::compute_derivatives(const EvalContext& c, double* xdot) const {
  if (has_capacitor_) xdot[0] = (source_current(c.x[0]) - c.u[0]) / p_.dc_link_capacitance;
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
