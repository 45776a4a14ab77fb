// DC source with series resistance and an optional DC-link capacitor, standing in for the battery
// until a battery model replaces it by re-wiring (same port).
//   without capacitor:  v = V_0 - R i                         (direct feedthrough from i)
//   with capacitor C:   C dv/dt = i_s - i,  i_s = (V_0 - v)/R, limited to P_max / V_0
// where i is the current drawn by the loads on the dc port (summed). The capacitor breaks the
// algebraic loop that a constant-power load (inverter) forms with the series resistance, and is
// physically the inverter's DC-link capacitor.
#pragma once

#include <algorithm>
#include <string>

#include "engine/framework/component.h"

namespace etsim::electric {

struct DcSourceParameters {
  double open_circuit_voltage = 400.0;  // [V]
  double internal_resistance = 0.02;    // [Ohm]
  double dc_link_capacitance = 0.0;     // [F] 0: none
  double max_discharge_power = 1e9;     // [W] source current limited to P/V_0 (capacitor only)
  double max_charge_power = 1e9;        // [W]
};

class DcSource final : public Component {
 public:
  DcSource(std::string name, const DcSourceParameters& parameters);
  std::string_view type_name() const override { return "DcSource"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;

 private:
  double source_current(double link_voltage) const;
  DcSourceParameters p_;
  bool has_capacitor_;
  // Derived once: 1/R, 1/C and the current limits P/V_0 (the right-hand side multiplies instead of
  // dividing on the DC link's critical path).
  double inverse_resistance_, inverse_capacitance_, max_discharge_current_, max_charge_current_;
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline double DcSource::source_current(double link_voltage) const {
  const double current = (p_.open_circuit_voltage - link_voltage) * inverse_resistance_;
  return std::clamp(current, -max_charge_current_, max_discharge_current_);
}

inline RhsStatus DcSource::compute_outputs(const EvalContext& c) const {
  const double load_current = c.u[0];
  if (has_capacitor_) {
    const double voltage = c.x[0];
    const double current = source_current(voltage);
    c.y[0] = voltage;
    c.y[1] = current;
    c.y[2] = voltage * load_current;
    c.y[3] = current * current * p_.internal_resistance;
  } else {
    const double voltage = p_.open_circuit_voltage - p_.internal_resistance * load_current;
    c.y[0] = voltage;
    c.y[1] = load_current;
    c.y[2] = voltage * load_current;
    c.y[3] = load_current * load_current * p_.internal_resistance;
  }
  return RhsStatus::Ok;
}

inline RhsStatus DcSource::compute_derivatives(const EvalContext& c, double* xdot) const {
  if (has_capacitor_) xdot[0] = (source_current(c.x[0]) - c.u[0]) * inverse_capacitance_;
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
