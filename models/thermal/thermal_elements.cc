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

// Analytic Jacobian blocks (Component::partial_derivatives); layouts as in compute_outputs.
RhsStatus ThermalMass::partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const {
  p.output_by_state[0] = 1.0;                      // temperature = x
  p.derivative_by_input[0] = 1.0 / heat_capacity_;  // C dT/dt = heat flow in
  return RhsStatus::Ok;
}

RhsStatus ThermalConductance::partial_derivatives(const EvalContext& c,
                                                  const PartialDerivatives& p) const {
  // Outputs a.heat_flow = -G (T_a - T_b), b.heat_flow = G (T_a - T_b), heat_flow = G (T_a - T_b).
  const double sign[3] = {-1.0, 1.0, 1.0};
  for (int o = 0; o < 3; ++o) {
    p.output_by_input[o * 2 + 0] = sign[o] * conductance_;
    p.output_by_input[o * 2 + 1] = -sign[o] * conductance_;
  }
  return RhsStatus::Ok;
}

RhsStatus FixedTemperature::partial_derivatives(const EvalContext& c,
                                                const PartialDerivatives& p) const {
  p.output_by_input[1] = 1.0;  // heat_absorbed = heat flow in
  return RhsStatus::Ok;
}

RhsStatus CauerThermalNetwork::partial_derivatives(const EvalContext& c,
                                                   const PartialDerivatives& p) const {
  const int stages = static_cast<int>(network_.resistance.size());
  const int last = stages - 1;
  // Outputs: junction temperature = x_0; case heat flow = heat_to_case = n G_last (x_last - T_case).
  p.output_by_state[0 * stages + 0] = 1.0;
  for (int o = 1; o <= 2; ++o) {
    p.output_by_state[o * stages + last] = identical_devices_ * conductance_[last];
    p.output_by_input[o * 2 + 1] = -identical_devices_ * conductance_[last];
  }
  // C_k dT_k/dt = G_{k-1} (T_{k-1} - T_k) - G_k (T_k - T_{k+1}), the junction fed by the loss
  // input, the last node by the case temperature input.
  for (int k = 0; k < stages; ++k) {
    double* row = p.derivative_by_state + k * stages;
    row[k] = -conductance_[k] * inverse_capacity_[k];
    if (k > 0) {
      row[k] -= conductance_[k - 1] * inverse_capacity_[k];
      row[k - 1] = conductance_[k - 1] * inverse_capacity_[k];
    }
    if (k < last) row[k + 1] = conductance_[k] * inverse_capacity_[k];
  }
  p.derivative_by_input[0 * 2 + 0] = inverse_capacity_[0];
  p.derivative_by_input[last * 2 + 1] = conductance_[last] * inverse_capacity_[last];
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
