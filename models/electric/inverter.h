// Two-level three-phase voltage-source inverter, average (switching-cycle averaged) model with
// datasheet-based device losses (inverter_losses.h, power_device.h).
//
//   modulation limit (SVPWM, linear range):  |v_dq,ref| <= V_dc / √3  (amplitude-invariant dq; the
//                       reference is scaled down along its direction when it exceeds the limit);
//                       m = |v_dq,cmd| / (V_dc / 2)
//   dead-time error:    each phase loses ΔV = t_d f_sw V_dc in the direction of its current; the
//                       fundamental of that square wave is (4/π) ΔV along the current vector:
//                       v_dq = v_dq,cmd − (4/π) t_d f_sw V_dc · i_dq / sqrt(|i_dq|² + I_w²)
//                       (I_w: smoothing width, keeps the right-hand side continuous at i = 0)
//   AC power:           P_ac = 1.5 (v_d i_d + v_q i_q)            (applied voltages)
//   losses:             per switch position from Î = |i_dq|, m, cos φ = v_cmd·i / (|v_cmd| |i|), f_sw,
//                       V_dc and that device's junction temperature; 2 positions per phase
//   DC side:            P_dc = P_ac + P_loss,  i_dc = P_dc / max(V_dc, V_min)   (exact power balance)
// Thermal: one junction temperature per device type and phase. Each thermal port stands for ONE
// switch position of its phase (e.g. the upper one): it receives that device's junction temperature
// and returns that device's loss as heat flow; the lower device of the phase is assumed to have the
// same losses and temperature (the average model cannot tell them apart). A MOSFET's body diode is
// on the transistor die, so MOSFET inverters have only switch_* ports and their body-diode losses go
// to the switch junction.
// Not modelled: current ripple, low-frequency (stall) phase imbalance of losses, the 6th-harmonic
// part of the dead-time error, overmodulation.
#pragma once

#include <array>
#include <cmath>
#include <memory>
#include <string>

#include "engine/framework/component.h"
#include "models/electric/inverter_losses.h"
#include "models/electric/power_device.h"

namespace etsim {

// Dead-time voltage error of a two-level inverter in dq: each phase loses t_d f_sw V_dc in the
// direction of its current; its fundamental, (4/pi) t_d f_sw V_dc, lies along the current vector,
// with sign(i) smoothed over current_width so the model stays differentiable at i = 0. The
// inverter subtracts it from the commanded voltage; a compensation adds it.
struct DeadTimeError {
  double d = 0.0, q = 0.0;  // [V]
};
inline DeadTimeError dead_time_error(double dead_time, double switching_frequency,
                                     double dc_voltage, double current_width, double i_d,
                                     double i_q) {
  const double amplitude = 4.0 / 3.14159265358979323846 * dead_time * switching_frequency * dc_voltage;
  const double smoothing = 1.0 / std::sqrt(i_d * i_d + i_q * i_q + current_width * current_width);
  return {amplitude * i_d * smoothing, amplitude * i_q * smoothing};
}

struct InverterParameters {
  double switching_frequency = 10e3;     // [Hz]
  double dead_time = 1e-6;               // [s]
  double dead_time_current_width = 2.0;  // [A] I_w, smoothing of sign(i) in the dead-time error
  double minimum_dc_voltage = 1.0;       // [V] floor for i_dc = P_dc / V_dc
};

struct InverterInputs {
  double dc_voltage = 0.0;  // [V]
  double v_d_ref = 0.0, v_q_ref = 0.0;  // [V] commanded dq voltage (amplitude-invariant)
  double i_d = 0.0, i_q = 0.0;          // [A] phase currents in dq
  std::array<double, 3> switch_temperature{298.15, 298.15, 298.15};  // [K] per phase
  std::array<double, 3> diode_temperature{298.15, 298.15, 298.15};   // [K] per phase (IGBT only)
};

struct InverterOutputs {
  double v_d = 0.0, v_q = 0.0;      // [V] applied (after limit and dead time)
  double modulation_index = 0.0;    // [-]
  double voltage_limited = 0.0;     // 1 when the reference was cut back to V_dc / √3
  double ac_power = 0.0;            // [W] into the machine
  double dc_power = 0.0;            // [W] from the DC link
  double dc_current = 0.0;          // [A] drawn from the DC link
  double loss_conduction = 0.0;     // [W] all 6 switch positions
  double loss_switching = 0.0;      // [W]
  double loss_total = 0.0;          // [W]
  std::array<double, 3> switch_heat{};  // [W] per phase, one switch position (see header)
  std::array<double, 3> diode_heat{};   // [W]
  double junction_temperature_max = 0.0;  // [K]
};

// Evaluates the average model. Allocation-free; returns false for non-finite input or V_dc < 0.
bool evaluate_inverter(const PowerDevice& device, const InverterParameters& parameters,
                       const InverterInputs& in, InverterOutputs& out);

// Component "Inverter". Ports: dc (ElectricalDc, role B Load), switch_a/b/c and (IGBT) diode_a/b/c
// (Thermal, role B Flow: junction temperature in, loss out). Inputs v_d_ref, v_q_ref, i_d, i_q.
// Outputs v_d, v_q, modulation_index, voltage_limited, ac_power, dc_power, dc_current,
// loss_conduction, loss_switching, loss_total, junction_temperature_max.
class Inverter final : public Component {
 public:
  Inverter(std::string name, std::shared_ptr<const PowerDevice> device,
           const InverterParameters& parameters);
  std::string_view type_name() const override { return "Inverter"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;

  const PowerDevice& device() const { return *device_; }
  const InverterParameters& parameters() const { return parameters_; }

 private:
  std::shared_ptr<const PowerDevice> device_;
  InverterParameters parameters_;
  bool has_diode_ports_;
  int in_dc_voltage_, in_v_d_ref_, in_v_q_ref_, in_i_d_, in_i_q_;
  std::array<int, 3> in_switch_temperature_{}, in_diode_temperature_{};
  int out_dc_current_;
  std::array<int, 3> out_switch_heat_{}, out_diode_heat_{};
  int out_v_d_, out_v_q_, out_modulation_, out_limited_, out_ac_power_, out_dc_power_,
      out_dc_current_signal_, out_loss_conduction_, out_loss_switching_, out_loss_total_,
      out_junction_max_;
};

}  // namespace etsim
