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

RhsStatus ConductionDevice::compute_outputs(const EvalContext& c) const {
  const double current = std::abs(c.u[0]) / p_.parallel_devices;
  const double share =
      (c.u[1] - p_.temperature_low) / (p_.temperature_high - p_.temperature_low);
  const double threshold =
      p_.threshold_voltage_low + share * (p_.threshold_voltage_high - p_.threshold_voltage_low);
  const double slope =
      p_.slope_resistance_low + share * (p_.slope_resistance_high - p_.slope_resistance_low);
  // Far outside the two datasheet temperatures the linear fit could turn negative; a device never
  // has a negative threshold or slope resistance.
  const double on_voltage =
      current > 0.0 ? std::max(threshold, 0.0) + std::max(slope, 0.0) * current : 0.0;
  const double loss = on_voltage * current * p_.parallel_devices;
  c.y[0] = loss;
  c.y[1] = loss;
  c.y[2] = on_voltage;
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
