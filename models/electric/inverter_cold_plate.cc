#include "models/electric/inverter_cold_plate.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace etsim {

double cold_plate_conductance(const ColdPlateParameters& p, double mass_flow) {
  const double flow_ratio = std::max(0.0, mass_flow) / p.reference_mass_flow;
  return p.reference_conductance * std::pow(flow_ratio, 0.8) + p.minimum_conductance;
}

double cold_plate_effectiveness(const ColdPlateParameters& p, double mass_flow) {
  const double capacity_rate = std::max(0.0, mass_flow) * p.coolant_specific_heat;
  if (!(capacity_rate > 0.0)) return 1.0;
  return -std::expm1(-cold_plate_conductance(p, mass_flow) / capacity_rate);
}

InverterColdPlate::InverterColdPlate(std::string name, const ColdPlateParameters& parameters)
    : Component(std::move(name)), p_(parameters) {
  auto check = [&](double value, const char* what) {
    if (!(value > 0.0) || !std::isfinite(value)) {
      throw InputError(this->name() + ": " + what + " must be a finite value > 0");
    }
  };
  check(p_.heat_capacity, "heat_capacity [J/K]");
  check(p_.reference_conductance, "reference_conductance [W/K]");
  check(p_.reference_mass_flow, "reference_mass_flow [kg/s]");
  check(p_.coolant_specific_heat, "coolant_specific_heat [J/(kg K)]");
  check(p_.initial_temperature, "initial_temperature [K]");
  if (!(p_.minimum_conductance >= 0.0)) {
    throw InputError(this->name() + ": minimum_conductance must be >= 0 W/K");
  }
  add_state({"temperature", "K", p_.initial_temperature, 300.0, 0.0, "cold-plate temperature"});
  add_port("devices", PortKind::Thermal, PortRole::A);
  add_port("coolant_in", PortKind::Coolant, PortRole::B);
  add_port("coolant_out", PortKind::Coolant, PortRole::A);
  require_index(add_output({"heat_to_coolant", "W", "heat taken away by the coolant"}),
                out_heat_to_coolant_, "heat_to_coolant");
  require_index(find_input("devices.heat_flow"), in_heat_, "devices.heat_flow");
  require_index(find_input("coolant_in.mass_flow"), in_mass_flow_, "coolant_in.mass_flow");
  require_index(find_input("coolant_in.temperature"), in_inlet_temperature_,
                "coolant_in.temperature");
  require_index(find_output("devices.temperature"), out_temperature_, "devices.temperature");
  require_index(find_output("coolant_out.mass_flow"), out_mass_flow_, "coolant_out.mass_flow");
  require_index(find_output("coolant_out.temperature"), out_outlet_temperature_,
                "coolant_out.temperature");
  // Scratch: the last mass flow, its effectiveness (a power and an exponential that need not be
  // recomputed while the flow stays the same, which it does for most of a run) and a flag that
  // the two are set (run data starts at zero).
  set_workspace_size(3);
  // Plate temperature is a state; the outlet stream and the coolant heat follow the inlet at once.
  set_direct_feedthrough(false);
  for (int output : {out_mass_flow_, out_outlet_temperature_, out_heat_to_coolant_}) {
    add_feedthrough(output, in_mass_flow_);
    add_feedthrough(output, in_inlet_temperature_);
  }
}

double InverterColdPlate::new_effectiveness(const EvalContext& c, double mass_flow) const {
  c.work[0] = mass_flow;
  c.work[1] = cold_plate_effectiveness(p_, mass_flow);
  c.work[2] = 1.0;
  return c.work[1];
}

}  // namespace etsim
