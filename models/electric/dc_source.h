// DC source with series resistance and an optional DC-link capacitor, standing in for the battery
// until a battery model replaces it by re-wiring (same port).
//   without capacitor:  v = V_0 - R i                         (direct feedthrough from i)
//   with capacitor C:   C dv/dt = i_s - i,  i_s = (V_0 - v)/R, limited to P_max / V_0
// where i is the current drawn by the loads on the dc port (summed). The capacitor breaks the
// algebraic loop that a constant-power load (inverter) forms with the series resistance, and is
// physically the inverter's DC-link capacitor.
#pragma once

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

 private:
  double source_current(double link_voltage) const;
  DcSourceParameters p_;
  bool has_capacitor_;
};

}  // namespace etsim::electric
