// FocController component: the discrete field-oriented current controller of foc.h, sampled at the
// PWM rate (sample period 1 / pwm_frequency, discrete states below), with current references from
// an OperatingPointTable of the same machine (MTPA / flux weakening / MTPV).
//   inputs  torque_command [N*m], i_d [A], i_q [A], speed [rad/s] (mechanical), dc_voltage [V]
//   outputs v_d, v_q [V] (held between samples), i_d_reference, i_q_reference [A]
//   discrete states integral_d, integral_q [V], v_d, v_q [V], i_d_reference, i_q_reference [A]
// No direct feedthrough: outputs are discrete states, so FOC -> inverter -> PMSM -> FOC has no loop.
#pragma once

#include <memory>
#include <string>

#include "engine/framework/component.h"
#include "models/electric/foc.h"

namespace etsim {

class FocController final : public Component {
 public:
  FocController(std::string name, const FocParameters& parameters,
                std::shared_ptr<const OperatingPointTable> table);
  std::string_view type_name() const override { return "FocController"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  void update_discrete(const EvalContext& context, double* d_next) const override;
  const FocCurrentController& controller() const { return controller_; }

 private:
  std::shared_ptr<const OperatingPointTable> table_;
  FocCurrentController controller_;
  int in_torque_, in_i_d_, in_i_q_, in_speed_, in_dc_voltage_;
};

// Inline so compiled kernels see the held voltages directly (read at every solver stage; as an
// out-of-line call its stores and the kernel's reloads stalled on store forwarding).
inline RhsStatus FocController::compute_outputs(const EvalContext& c) const {
  c.y[0] = c.d[kFocVoltageD];
  c.y[1] = c.d[kFocVoltageQ];
  c.y[2] = c.d[kFocReferenceD];
  c.y[3] = c.d[kFocReferenceQ];
  return RhsStatus::Ok;
}

}  // namespace etsim
