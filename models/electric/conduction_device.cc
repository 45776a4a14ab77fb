#include "models/electric/conduction_device.h"

#include <algorithm>
#include <cmath>

#include "engine/core/error.h"

namespace etsim::electric {

ConductionDevice::ConductionDevice(std::string name, const ConductionDeviceParameters& parameters)
    : Component(std::move(name)), p_(parameters) {
  ETSIM_DEMAND(p_.temperature_high > p_.temperature_low,
               this->name() + ": temperature_high must exceed temperature_low");
  ETSIM_DEMAND(p_.parallel_devices >= 1.0, this->name() + ": parallel_devices must be >= 1");
  add_input({"current", "A", "current through the device (sign ignored)"});
  add_port("junction", PortKind::Thermal, PortRole::B);  // in 1: T_j; out 0: loss into junction
  add_output({"loss", "W", "conduction loss"});
  add_output({"on_voltage", "V", "on-state voltage"});
}

RhsStatus ConductionDevice::partial_derivatives(const EvalContext& c,
                                                const PartialDerivatives& p) const {
  // Inputs: 0 current, 1 junction temperature; outputs: 0 junction.heat_flow, 1 loss (both the
  // loss), 2 on_voltage. With I = |i| / n, v_on = V0(T) + r(T) I, loss = v_on I n.
  const double current = std::abs(c.u[0]) / p_.parallel_devices;
  if (!(current > 0.0)) return RhsStatus::Ok;  // no current: no loss, and its slope is taken as 0
  const double span = p_.temperature_high - p_.temperature_low;
  const double share = (c.u[1] - p_.temperature_low) / span;
  const double threshold =
      p_.threshold_voltage_low + share * (p_.threshold_voltage_high - p_.threshold_voltage_low);
  const double slope =
      p_.slope_resistance_low + share * (p_.slope_resistance_high - p_.slope_resistance_low);
  const double threshold_by_t =
      threshold > 0.0 ? (p_.threshold_voltage_high - p_.threshold_voltage_low) / span : 0.0;
  const double slope_by_t =
      slope > 0.0 ? (p_.slope_resistance_high - p_.slope_resistance_low) / span : 0.0;
  const double current_by_i = (c.u[0] > 0.0 ? 1.0 : -1.0) / p_.parallel_devices;
  const double on_voltage = std::max(threshold, 0.0) + std::max(slope, 0.0) * current;
  const double on_by_i = std::max(slope, 0.0) * current_by_i;
  const double on_by_t = threshold_by_t + slope_by_t * current;
  const double loss_by_i = p_.parallel_devices * (on_by_i * current + on_voltage * current_by_i);
  const double loss_by_t = p_.parallel_devices * on_by_t * current;
  for (int o = 0; o < 2; ++o) {
    p.output_by_input[o * 2 + 0] = loss_by_i;
    p.output_by_input[o * 2 + 1] = loss_by_t;
  }
  p.output_by_input[2 * 2 + 0] = on_by_i;
  p.output_by_input[2 * 2 + 1] = on_by_t;
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
