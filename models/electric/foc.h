// Field-oriented current control of a PMSM, discrete at the PWM rate (sample period T_s = 1/f_pwm).
//
// Per axis x in {d, q} with error e = i_ref - i (currents sampled at t_k, voltage held over
// [t_k, t_k+1), no computation delay modelled):
//   v_unsat = K_p e + I + FF,  FF_d = -omega_e L_q i_q,  FF_q = omega_e (L_d i_d + psi_m)
//   v = v_unsat scaled onto the circle |v| <= V_max = m_max V_dc / sqrt(3) when outside it
//   I <- I + K_i,s e, except while clamped when e would drive v_unsat further out (clamping
//   anti-windup, i.e. conditional integration: the integrator cannot wind up beyond the circle)
// Gains by pole placement on the zero-order-hold model of the decoupled axis L di/dt = -R i + v:
//   a = exp(-R T_s / L), b = (1 - a) / R,
//   K_p = (1 - exp(-omega_c T_s)) / b, K_i,s = K_p (1 - a)
// The PI zero cancels the plant pole, so the sampled closed loop is first order with its pole at
// exp(-omega_c T_s): i_k = i_ref (1 - exp(-omega_c k T_s)) after a step (bandwidth omega_c, 10-90 %
// rise time ln 9 / omega_c). For omega_c T_s, R T_s / L -> 0 this is K_p = omega_c L,
// K_i = omega_c R (technical optimum/IMC design in continuous time).
// Current references come from the OperatingPointTable (MTPA / flux weakening / MTPV).
#pragma once

#include <array>

#include "models/electric/operating_point.h"

namespace etsim {

struct FocParameters {
  double sample_period = 1e-4;     // T_s [s] = 1 / f_pwm
  double bandwidth = 2000.0;       // omega_c [rad/s] closed-loop current bandwidth
  double resistance = 0.05;        // R [Ohm] controller's model
  double inductance_d = 1e-3;      // L_d [H]
  double inductance_q = 1e-3;      // L_q [H]
  double magnet_flux = 0.1;        // psi_m [Wb]
  int pole_pairs = 4;
  double max_modulation = 1.0;     // m_max for the voltage clamp
};

struct CurrentLoopGains {
  double proportional_d = 0.0, integral_d = 0.0;  // K_p [V/A], K_i,s [V/A per sample]
  double proportional_q = 0.0, integral_q = 0.0;
};

// Throws InputError for non-positive periods, bandwidths, R or L.
CurrentLoopGains design_current_loop(const FocParameters& parameters);

struct FocInputs {
  double torque_command = 0.0;    // [N*m] electromagnetic torque wanted
  double current_d = 0.0;         // [A] measured
  double current_q = 0.0;         // [A]
  double mechanical_speed = 0.0;  // [rad/s]
  double dc_voltage = 800.0;      // [V]
};

// Discrete state of the controller (the component stores these as its discrete states).
enum FocStateIndex {
  kFocIntegralD, kFocIntegralQ, kFocVoltageD, kFocVoltageQ, kFocReferenceD, kFocReferenceQ,
  kFocStateCount
};
using FocState = std::array<double, kFocStateCount>;

class FocCurrentController {
 public:
  // The table must outlive the controller (nullptr: current references are taken as given by
  // step_with_reference only).
  FocCurrentController(FocParameters parameters, const OperatingPointTable* table);
  const CurrentLoopGains& gains() const { return gains_; }
  const FocParameters& parameters() const { return parameters_; }
  // One sample: torque command -> references (table) -> PI with decoupling -> next state.
  void step(const FocInputs& inputs, const double* state, double* next_state) const;
  // Same with given current references (bypasses the table).
  void step_with_reference(DqPair reference, const FocInputs& inputs, const double* state,
                           double* next_state) const;

 private:
  FocParameters parameters_;
  CurrentLoopGains gains_;
  const OperatingPointTable* table_;
};

}  // namespace etsim
