// A power semiconductor in conduction, as a switch or diode with an on-state characteristic
// linear in current and in junction temperature (the usual datasheet fit):
//   v_on(i, T_j) = V_0(T_j) + r(T_j) |i|,   P = v_on |i|   (heat into the junction port)
//   V_0(T_j) = V_0,a + (V_0,b - V_0,a) (T_j - T_a)/(T_b - T_a), likewise r(T_j),
// with (T_a, T_b) the two datasheet temperatures. Parameters for the default scenario are fitted
// to the Fuji 2MBI600XEE065-50 output characteristics (docs/models/conduction-device.md).
#pragma once

#include <algorithm>
#include <cmath>
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
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;

 private:
  ConductionDeviceParameters p_;
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline RhsStatus ConductionDevice::compute_outputs(const EvalContext& c) const {
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
