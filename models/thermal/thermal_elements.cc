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

RhsStatus ThermalMass::compute_outputs(const EvalContext& c) const {
  c.y[0] = c.x[0];  // node.temperature
  return RhsStatus::Ok;
}

RhsStatus ThermalMass::compute_derivatives(const EvalContext& c, double* xdot) const {
  xdot[0] = c.u[0] / heat_capacity_;  // node.heat_flow (sum of all flows in)
  return RhsStatus::Ok;
}

ThermalConductance::ThermalConductance(std::string name, double conductance)
    : Component(std::move(name)), conductance_(conductance) {
  ETSIM_DEMAND(conductance > 0.0, this->name() + ": conductance must be positive");
  add_port("a", PortKind::Thermal, PortRole::B);
  add_port("b", PortKind::Thermal, PortRole::B);
  add_output({"heat_flow", "W", "heat flow from side a to side b"});
}

RhsStatus ThermalConductance::compute_outputs(const EvalContext& c) const {
  const double flow_a_to_b = conductance_ * (c.u[0] - c.u[1]);
  c.y[0] = -flow_a_to_b;  // a.heat_flow: into node a
  c.y[1] = flow_a_to_b;   // b.heat_flow: into node b
  c.y[2] = flow_a_to_b;
  return RhsStatus::Ok;
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

RhsStatus FixedTemperature::compute_outputs(const EvalContext& c) const {
  c.y[0] = temperature_;
  c.y[1] = c.u[0];
  return RhsStatus::Ok;
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

RhsStatus CauerThermalNetwork::compute_outputs(const EvalContext& c) const {
  const std::size_t last = network_.resistance.size() - 1;
  const double heat_to_case = identical_devices_ * conductance_[last] * (c.x[last] - c.u[1]);
  c.y[0] = c.x[0];          // junction.temperature
  c.y[1] = heat_to_case;    // case.heat_flow (into the case node)
  c.y[2] = heat_to_case;
  return RhsStatus::Ok;
}

RhsStatus CauerThermalNetwork::compute_derivatives(const EvalContext& c, double* xdot) const {
  const std::size_t stages = network_.resistance.size();
  double flow_in = c.u[0];  // junction.heat_flow: losses into the junction
  for (std::size_t k = 0; k < stages; ++k) {
    const double downstream = k + 1 < stages ? c.x[k + 1] : c.u[1];
    const double flow_out = conductance_[k] * (c.x[k] - downstream);
    xdot[k] = (flow_in - flow_out) * inverse_capacity_[k];
    flow_in = flow_out;
  }
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
