// Averaged losses of a two-level three-phase voltage-source inverter over one fundamental period,
// per switch position (one transistor and its diode), in closed form.
//
// Notation: Î phase-current amplitude [A]; m = V̂_phase / (V_dc / 2) modulation index
// (0 .. 2/√3 with space-vector modulation); cos φ displacement factor between the fundamental phase
// voltage and current; conduction characteristics v = V_0 + r i (power_device.h fits).
// Sinusoidal-PWM averages (Graovac & Pürschel, Infineon AN 2009 "IGBT power losses calculation using
// the data-sheet parameters", eqs. for P_cond; Semikron Application Manual 2015, §3.3.2):
//   IGBT      P_T,cond = V_0 Î (1/(2π) + m cos φ / 8) + r Î² (1/8 + m cos φ / (3π))
//   diode     P_D,cond = V_F0 Î (1/(2π) − m cos φ / 8) + r_F Î² (1/8 − m cos φ / (3π))
//   MOSFET with synchronous rectification (channel conducts both ways except during the dead time
//   t_d, twice per switching period, when the body diode carries the current):
//             P_ch = (1 − 2 t_d f_sw) (V_0 Î / π + r Î² / 4)
//             P_bd = 2 t_d f_sw (V_F0 Î / π + r_F Î² / 4)
//   (sum of the IGBT and diode expressions: the m cos φ terms cancel.)
// Switching: each device switches f_sw times per second during the half period in which its
// current flows, so with E(i) the energy per event
//   P_sw = f_sw (1/(2π)) ∫_0^π E(Î sin θ) dθ = (f_sw / 2) Ē(Î),   Ē = half-sine mean (power_device.h)
// which for a linear E(i) = k i is the familiar f_sw E(Î) / π; energies scale with (V_dc/V_ref)^k_v.
// The SPWM formulas are used up to m = 2/√3 (SVPWM). Checked numerically for min-max zero-sequence
// injection: the V_0 terms are identical, the r Î² coefficients differ by at most 0.005 (about 2 % of
// the switch's r-term at m = 2/√3); see docs/models/inverter.md. Dead time shifts conduction between
// IGBT and diode by 2 t_d f_sw of the
// period; that is neglected for IGBTs (t_d f_sw ≈ 1–2 %).
#pragma once

#include "models/electric/power_device.h"

namespace etsim {

struct LossOperatingPoint {
  double dc_voltage = 0.0;           // [V]
  double peak_current = 0.0;         // [A] Î >= 0
  double modulation_index = 0.0;     // [-] m, clamped to 0 .. 2/√3
  double power_factor = 1.0;         // [-] cos φ, clamped to -1 .. 1 (negative when generating)
  double switching_frequency = 0.0;  // [Hz]
  double dead_time = 0.0;            // [s]
  double switch_temperature = 298.15;  // [K] junction of the transistor
  double diode_temperature = 298.15;   // [K] junction of the diode (MOSFET: same die, use switch)
};

struct DeviceLosses {
  double switch_conduction = 0.0;  // [W] transistor (MOSFET: channel, both directions)
  double switch_switching = 0.0;   // [W] E_on + E_off
  double diode_conduction = 0.0;   // [W] anti-parallel diode (MOSFET: body diode in dead time)
  double diode_switching = 0.0;    // [W] E_rr
  double switch_total() const { return switch_conduction + switch_switching; }
  double diode_total() const { return diode_conduction + diode_switching; }
  double total() const { return switch_total() + diode_total(); }
};

// Losses of ONE switch position (e.g. the upper one of a leg; the lower one has the same average).
// Allocation-free, no throw; non-finite input gives non-finite output (the caller checks).
DeviceLosses average_device_losses(const PowerDevice& device, const LossOperatingPoint& point);
// The same with the voltage scaling of the switching energies precomputed for point.dc_voltage.
DeviceLosses average_device_losses(const PowerDevice& device, const LossOperatingPoint& point,
                                   const VoltageScaling& scaling);

constexpr double kMaxSvpwmModulationIndex = 1.1547005383792515;  // 2/√3

}  // namespace etsim
