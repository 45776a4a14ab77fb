// A power semiconductor in conduction, as a switch or diode with an on-state characteristic
// linear in current and in junction temperature (the usual datasheet fit):
//   v_on(i, T_j) = V_0(T_j) + r(T_j) |i|,   P = v_on |i|   (heat into the junction port)
//   V_0(T_j) = V_0,a + (V_0,b - V_0,a) (T_j - T_a)/(T_b - T_a), likewise r(T_j),
// with (T_a, T_b) the two datasheet temperatures. Parameters for the default scenario are fitted
// to the Fuji 2MBI600XEE065-50 output characteristics (docs/models/conduction-device.md).
#pragma once

#include <string>

#include "engine/framework/component.h"

namespace etsim::electric {

struct ConductionDeviceParameters {
  double threshold_voltage_low = 0.7;      // [V] V_0 at temperature_low
  double threshold_voltage_high = 0.6;     // [V] V_0 at temperature_high
  double slope_resistance_low = 1.0e-3;    // [Ohm] r at temperature_low
  double slope_resistance_high = 1.5e-3;   // [Ohm] r at temperature_high
  double temperature_low = 298.15;         // [K]
  double temperature_high = 423.15;        // [K]
  double parallel_devices = 1.0;           // [1] identical devices sharing the current
};

class ConductionDevice final : public Component {
 public:
  ConductionDevice(std::string name, const ConductionDeviceParameters& parameters);
  std::string_view type_name() const override { return "ConductionDevice"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;

 private:
  ConductionDeviceParameters p_;
};

}  // namespace etsim::electric
