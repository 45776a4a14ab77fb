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
// Loss sampling (optional, loss_sample_period T_s > 0): the device losses are averages over the
// fundamental period, so re-evaluating them at every stage of a microsecond electrical step adds
// nothing. With T_s > 0 the losses (and the per-phase heat flows) are evaluated at the sample hits
// t_k = k T_s from the inputs at t_k and held until t_k+1 (discrete states); voltages, AC power,
// DC power P_dc = P_ac + P_loss,held and i_dc = P_dc / V_dc stay continuous. The chain identity
// P_dc = P_ac + loss_total holds exactly at every instant (both use the held loss), so energy
// balances still close; the loss itself lags by at most T_s (docs/models/inverter.md).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
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
  double loss_sample_period = 0.0;       // [s] T_s, 0: losses at every evaluation (see above)
};

struct InverterInputs {
  double dc_voltage = 0.0;  // [V]
  double v_d_ref = 0.0, v_q_ref = 0.0;  // [V] commanded dq voltage (amplitude-invariant)
  double i_d = 0.0, i_q = 0.0;          // [A] phase currents in dq
  std::array<double, 3> switch_temperature{298.15, 298.15, 298.15};  // [K] per phase
  std::array<double, 3> diode_temperature{298.15, 298.15, 298.15};   // [K] per phase (IGBT only)
};

// The electrical part of the outputs (evaluate_inverter_voltages).
struct InverterVoltages {
  double v_d = 0.0, v_q = 0.0;      // [V] applied (after limit and dead time)
  double modulation_index = 0.0;    // [-]
  double voltage_limited = 0.0;     // 1 when the reference was cut back to V_dc / √3
  double ac_power = 0.0;            // [W] into the machine
};

struct InverterOutputs : InverterVoltages {
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
// The electrical part only: applied voltages, modulation index, limit flag and AC power. Returns
// false for non-finite input, V_dc < 0 or a junction temperature <= 0 K.
bool evaluate_inverter_voltages(const InverterParameters& parameters, const InverterInputs& in,
                                InverterVoltages& out);

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
  // With loss_sample_period > 0: evaluates the losses at the sample hit and holds them.
  void update_discrete(const EvalContext& context, double* d_next) const override;

  const PowerDevice& device() const { return *device_; }
  const InverterParameters& parameters() const { return parameters_; }

 private:
  std::shared_ptr<const PowerDevice> device_;
  InverterParameters parameters_;
  bool has_diode_ports_;
  bool sampled_losses_;  // loss_sample_period > 0
  // Discrete states with sampled losses: conduction, switching, switch heat a/b/c, diode heat a/b/c.
  enum HeldLoss { kHeldConduction = 0, kHeldSwitching = 1, kHeldSwitchHeat = 2, kHeldDiodeHeat = 5 };
  bool read_inputs(const EvalContext& context, InverterInputs& in) const;
  // The DC current and the signal outputs (all but the per-port heat flows), from either path.
  void write_signals(double* y, const InverterVoltages& v, double dc_power, double dc_current,
                     double loss_conduction, double loss_switching, double junction_max) const;
  // Input and output indices as compile-time constants (checked against the declarations in the
  // constructor), so compiled kernels address them at fixed places. The thermal ports come last:
  // the diode ports (IGBT only) then shift nothing else.
  static constexpr int in_dc_voltage_ = 0, in_v_d_ref_ = 1, in_v_q_ref_ = 2, in_i_d_ = 3,
                       in_i_q_ = 4;
  static constexpr std::array<int, 3> in_switch_temperature_{5, 6, 7};
  static constexpr std::array<int, 3> in_diode_temperature_{8, 9, 10};
  static constexpr int out_dc_current_ = 0;
  static constexpr int out_v_d_ = 1, out_v_q_ = 2, out_modulation_ = 3, out_limited_ = 4,
                       out_ac_power_ = 5, out_dc_power_ = 6, out_dc_current_signal_ = 7,
                       out_loss_conduction_ = 8, out_loss_switching_ = 9, out_loss_total_ = 10,
                       out_junction_max_ = 11;
  static constexpr std::array<int, 3> out_switch_heat_{12, 13, 14};
  static constexpr std::array<int, 3> out_diode_heat_{15, 16, 17};
};

// The electrical part and the component's output function, here rather than in inverter.cc so that
// compiled kernels (engine/exec/compiled_kernel.h) can inline them; with sampled losses this is the
// whole right-hand-side work of the inverter.
namespace inverter_detail {

// Every input finite, V_dc >= 0 and every junction temperature > 0 K. At every right-hand side, so
// with few branches: a sum of finite numbers is finite (NaN and Inf propagate into it; only a sum
// beyond 1e308, which no physical input reaches, would be refused as well), and the smallest
// temperature decides the sign test.
inline bool finite_inputs(const InverterInputs& in) {
  double sum = in.dc_voltage + in.v_d_ref + in.v_q_ref + in.i_d + in.i_q;
  double coldest = in.switch_temperature[0];
  for (int k = 0; k < 3; ++k) {
    sum += in.switch_temperature[k] + in.diode_temperature[k];
    coldest = std::min({coldest, in.switch_temperature[k], in.diode_temperature[k]});
  }
  return std::isfinite(sum) && in.dc_voltage >= 0.0 && coldest > 0.0;
}

// Voltage limit, dead time and AC power; returns the commanded voltage |v_cmd| after the limit and
// writes the limited command (v_d, v_q) used for the displacement factor.
inline double apply_voltages(const InverterParameters& p, const InverterInputs& in, InverterVoltages& out,
                             double& v_d, double& v_q) {
  const double v_dc = in.dc_voltage;
  // SVPWM linear-range limit |v_dq| <= V_dc / √3.
  const double limit = v_dc * (1.0 / std::numbers::sqrt3);
  v_d = in.v_d_ref;
  v_q = in.v_q_ref;
  // sqrt rather than std::hypot: no overflow risk at volt magnitudes, and several times cheaper.
  const double v_ref = std::sqrt(v_d * v_d + v_q * v_q);
  out.voltage_limited = 0.0;
  if (v_ref > limit) {
    const double scale = v_ref > 0.0 ? limit / v_ref : 0.0;
    v_d *= scale;
    v_q *= scale;
    out.voltage_limited = 1.0;
  }
  const double v_command = std::min(v_ref, limit);
  out.modulation_index = v_dc > 0.0 ? v_command / (0.5 * v_dc) : 0.0;
  const DeadTimeError dead_time = dead_time_error(p.dead_time, p.switching_frequency, v_dc,
                                                  p.dead_time_current_width, in.i_d, in.i_q);
  out.v_d = v_d - dead_time.d;
  out.v_q = v_q - dead_time.q;
  out.ac_power = 1.5 * (out.v_d * in.i_d + out.v_q * in.i_q);
  return v_command;
}

inline double junction_maximum(const InverterInputs& in, bool mosfet) {
  double maximum = 0.0;
  for (int k = 0; k < 3; ++k) {
    maximum = std::max({maximum, in.switch_temperature[k], mosfet ? 0.0 : in.diode_temperature[k]});
  }
  return maximum;
}

}  // namespace inverter_detail

inline bool evaluate_inverter_voltages(const InverterParameters& p, const InverterInputs& in,
                                       InverterVoltages& out) {
  if (!inverter_detail::finite_inputs(in)) return false;
  double v_d = 0.0, v_q = 0.0;
  inverter_detail::apply_voltages(p, in, out, v_d, v_q);
  return std::isfinite(out.ac_power);
}

// The diode ports exist only for IGBT modules (has_diode_ports_); for a MOSFET inverter their
// indices lie past the component's inputs and outputs, and every access to them is behind that
// flag. Inlined into a compiled kernel's local arrays, GCC cannot see that the flag is false for
// the MOSFET kernels and warns about the guarded accesses (-Warray-bounds); the guard is exact.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif

inline bool Inverter::read_inputs(const EvalContext& c, InverterInputs& in) const {
  in.dc_voltage = c.u[in_dc_voltage_];
  in.v_d_ref = c.u[in_v_d_ref_];
  in.v_q_ref = c.u[in_v_q_ref_];
  in.i_d = c.u[in_i_d_];
  in.i_q = c.u[in_i_q_];
  for (int k = 0; k < 3; ++k) {
    in.switch_temperature[k] = c.u[in_switch_temperature_[k]];
    in.diode_temperature[k] =
        has_diode_ports_ ? c.u[in_diode_temperature_[k]] : in.switch_temperature[k];
  }
  return true;
}

inline RhsStatus Inverter::compute_outputs(const EvalContext& c) const {
  InverterInputs in;
  read_inputs(c, in);
  double* y = c.y;
  if (sampled_losses_) {
    // Straight into the outputs (no InverterOutputs to fill and copy): this is the whole
    // right-hand-side work of the inverter at every stage of a dynamic drive.
    InverterVoltages v;
    if (!evaluate_inverter_voltages(parameters_, in, v)) return RhsStatus::Recoverable;
    const double loss_conduction = c.d[kHeldConduction];
    const double loss_switching = c.d[kHeldSwitching];
    const double loss_total = loss_conduction + loss_switching;
    // 1/V_dc is ready long before P_dc (it needs only the DC-link state): multiplying by it keeps
    // a division off the critical path of the right-hand side.
    const double inverse_dc_voltage = 1.0 / std::max(in.dc_voltage, parameters_.minimum_dc_voltage);
    const double dc_power = v.ac_power + loss_total;
    const double dc_current = dc_power * inverse_dc_voltage;
    if (!std::isfinite(dc_current)) return RhsStatus::Recoverable;
    for (int k = 0; k < 3; ++k) {
      y[out_switch_heat_[k]] = c.d[kHeldSwitchHeat + k];
      if (has_diode_ports_) y[out_diode_heat_[k]] = c.d[kHeldDiodeHeat + k];
    }
    write_signals(y, v, dc_power, dc_current, loss_conduction, loss_switching,
                  inverter_detail::junction_maximum(in, device_->kind() == DeviceKind::Mosfet));
    return RhsStatus::Ok;
  }
  InverterOutputs out;
  if (!evaluate_inverter(*device_, parameters_, in, out)) return RhsStatus::Recoverable;
  for (int k = 0; k < 3; ++k) {
    y[out_switch_heat_[k]] = out.switch_heat[k];
    if (has_diode_ports_) y[out_diode_heat_[k]] = out.diode_heat[k];
  }
  write_signals(y, out, out.dc_power, out.dc_current, out.loss_conduction, out.loss_switching,
                out.junction_temperature_max);
  return RhsStatus::Ok;
}

inline void Inverter::write_signals(double* y, const InverterVoltages& v, double dc_power,
                                    double dc_current, double loss_conduction,
                                    double loss_switching, double junction_max) const {
  y[out_dc_current_] = dc_current;
  y[out_v_d_] = v.v_d;
  y[out_v_q_] = v.v_q;
  y[out_modulation_] = v.modulation_index;
  y[out_limited_] = v.voltage_limited;
  y[out_ac_power_] = v.ac_power;
  y[out_dc_power_] = dc_power;
  y[out_dc_current_signal_] = dc_current;
  y[out_loss_conduction_] = loss_conduction;
  y[out_loss_switching_] = loss_switching;
  y[out_loss_total_] = loss_conduction + loss_switching;
  y[out_junction_max_] = junction_max;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace etsim
