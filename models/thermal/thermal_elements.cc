#include "models/thermal/thermal_elements.h"

#include <cmath>

#include "engine/core/error.h"

namespace etsim::thermal {

namespace {
// Port variable slots (engine/framework/port.h): thermal = {temperature, heat_flow}.
constexpr int kTemperature = 0;
constexpr int kHeatFlow = 1;
}  // namespace

ThermalMass::ThermalMass(std::string name, double heat_capacity, double initial_temperature)
    : Component(std::move(name)), heat_capacity_(heat_capacity) {
  ETSIM_DEMAND(heat_capacity > 0.0, this->name() + ": heat capacity must be positive");
  add_state({"temperature", "K", initial_temperature, 300.0, 0.0, "lumped temperature"});
  add_port("node", PortKind::Thermal, PortRole::A);
  set_direct_feedthrough(false);
}

ThermalConductance::ThermalConductance(std::string name, double conductance)
    : Component(std::move(name)), conductance_(conductance) {
  ETSIM_DEMAND(conductance > 0.0, this->name() + ": conductance must be positive");
  add_port("a", PortKind::Thermal, PortRole::B);
  add_port("b", PortKind::Thermal, PortRole::B);
  add_output({"heat_flow", "W", "heat flow from side a to side b"});
}

FixedTemperature::FixedTemperature(std::string name, double temperature)
    : Component(std::move(name)), temperature_(temperature) {
  ETSIM_DEMAND(temperature > 0.0, this->name() + ": temperature must be positive [K]");
  add_port("node", PortKind::Thermal, PortRole::A);
  add_output({"heat_absorbed", "W", "heat flowing into the reservoir"});
  set_direct_feedthrough(false);
  // heat_absorbed depends on the heat flow input, but only for reporting.
  add_feedthrough(1, 0);
}

CauerThermalNetwork::CauerThermalNetwork(std::string name, const CauerNetwork& network,
                                         double initial_temperature, double identical_devices)
    : Component(std::move(name)), network_(network), identical_devices_(identical_devices) {
  validate(network_, this->name().c_str());
  ETSIM_DEMAND(identical_devices >= 1.0, this->name() + ": identical_devices must be >= 1");
  const std::size_t stages = network_.resistance.size();
  for (std::size_t k = 0; k < stages; ++k) {
    conductance_.push_back(1.0 / network_.resistance[k]);
    inverse_capacity_.push_back(1.0 / network_.capacitance[k]);
    add_state({k == 0 ? std::string("junction_temperature")
                      : "node_" + std::to_string(k + 1) + "_temperature",
               "K", initial_temperature, 300.0, 0.0,
               k == 0 ? "junction temperature" : "internal Cauer node temperature"});
  }
  add_port("junction", PortKind::Thermal, PortRole::A);
  add_port("case", PortKind::Thermal, PortRole::B);
  add_output({"heat_to_case", "W", "heat flow into the case (all identical devices)"});
  // Outputs come from states; heat to the case also depends on the case temperature.
  set_direct_feedthrough(false);
  add_feedthrough(1, 1);  // case.heat_flow <- case.temperature
  add_feedthrough(2, 1);
}

}  // namespace etsim::thermal
