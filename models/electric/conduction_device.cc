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

}  // namespace etsim::electric
