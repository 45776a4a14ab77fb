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

}  // namespace etsim::electric
