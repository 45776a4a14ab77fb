// Small glue components that join the quasi-static e-drive parts into a consistent drive
// (docs/models/electric-drive.md).
//
// DriveDeadTimeCompensation: the voltage reference a current-controlled drive sends to an inverter
//   whose average model subtracts the dead-time voltage error (models/electric/inverter.h):
//     v_ref = v + (4/pi) t_d f_sw V_dc * i / sqrt(|i|^2 + I_w^2)          (d and q alike)
//   With the same t_d, f_sw, I_w as the inverter, the inverter then applies exactly the motor's
//   steady-state voltage v (below the modulation limit), so the AC power the inverter delivers
//   equals the electrical power the quasi-static motor takes. Real drives do the same (dead-time
//   compensation in the PWM stage); without it the quasi-static chain would lose the dead-time
//   voltage error's power, which no model accounts for.
//   Inputs v_d, v_q [V], i_d, i_q [A], dc_voltage [V]; outputs v_d_ref, v_q_ref [V].
//
// DriveEnergyMeter: integrates the power flows of the drive so that a run can close its energy
//   balance to solver accuracy (trapezoidal integration of recorded samples cannot):
//     dE_k/dt = P_k   for each input power P_k.
//   Inputs (W): dc_power, inverter_loss, motor_loss, gearbox_loss, source_loss; states (J):
//   energy_dc, energy_inverter_loss, energy_motor_loss, energy_gearbox_loss, energy_source_loss.
//   The states are the outputs too, so they can be recorded and connected.
#pragma once

#include <string>

#include "engine/framework/component.h"

namespace etsim {

struct DeadTimeCompensationParameters {
  double dead_time = 1e-6;               // [s] t_d, must equal the inverter's
  double switching_frequency = 10e3;     // [Hz] f_sw, must equal the inverter's
  double dead_time_current_width = 2.0;  // [A] I_w, must equal the inverter's
};

class DriveDeadTimeCompensation final : public Component {
 public:
  DriveDeadTimeCompensation(std::string name, const DeadTimeCompensationParameters& parameters);
  std::string_view type_name() const override { return "DriveDeadTimeCompensation"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;

 private:
  DeadTimeCompensationParameters p_;
  int in_v_d_, in_v_q_, in_i_d_, in_i_q_, in_dc_voltage_;
  int out_v_d_ref_, out_v_q_ref_;
};

class DriveEnergyMeter final : public Component {
 public:
  static constexpr int kChannels = 5;
  explicit DriveEnergyMeter(std::string name);
  std::string_view type_name() const override { return "DriveEnergyMeter"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;
};

}  // namespace etsim
