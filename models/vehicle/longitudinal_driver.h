// Speed-tracking driver: discrete PI controller with inverse-model feed-forward, plain C++.
//
// Output: a signed wheel-force demand F [N] (positive propels, negative brakes); the brake blending
// turns it into a motor torque request and a friction-brake command. Discrete at sample period T_s
// (default 10 ms, the rate of a real vehicle controller); between samples the output is held.
// At sample k, with reference speed v_ref, reference acceleration a_ref and measured speed v:
//   F_ff = m_eff a_ref + F_roll(v_ref) + F_aero(v_ref) + F_grade   (inverse vehicle model)
//   e    = v_ref - v
//   F    = clamp(F_ff + K_p e + I_k, -F_brake,max, F_drive,max)
//   I_{k+1} = I_k + K_i T_s e   only if that does not push a saturated output further into
//             saturation (conditional-integration anti-windup), and |I| <= F_drive,max.
// Gains from a closed-loop bandwidth w_n (critically damped pole pair of m_eff s^2 + K_p s + K_i):
//   K_p = 2 m_eff w_n,  K_i = m_eff w_n^2.
#pragma once

#include "models/vehicle/vehicle_dynamics.h"

namespace etsim::vehicle {

struct DriverParameters {
  VehicleParameters vehicle;         // the driver's internal model of the car (feed-forward)
  double sample_period = 0.01;       // [s] 0: continuous PI (no sample hits)
  double bandwidth = 2.0;            // [rad/s] w_n
  double max_drive_force = 12000.0;  // [N]
  double max_brake_force = 20000.0;  // [N]
};

void validate(const DriverParameters& parameters);  // throws etsim::InputError

struct DriverGains {
  double proportional = 0.0;  // [N/(m/s)]
  double integral = 0.0;      // [N/m]
};

DriverGains driver_gains(const DriverParameters& parameters);

struct DriverStep {
  double force_demand = 0.0;  // [N] to hold until the next sample
  double integral = 0.0;      // [N] integrator state for the next sample
};

DriverStep driver_step(const DriverParameters& parameters, const DriverGains& gains,
                       double reference_speed, double reference_acceleration, double speed,
                       double grade, double integral);

// Continuous PI (sample_period = 0): the force demand for the current integrator value, and the
// integrator's rate Ki e, zero while the demand saturates in the direction the error pushes
// (conditional integration) or the integrator is at its bound.
struct DriverRate {
  double force_demand = 0.0;     // [N]
  double integral_rate = 0.0;    // [N/s]
};
DriverRate driver_rate(const DriverParameters& parameters, const DriverGains& gains,
                       double reference_speed, double reference_acceleration, double speed,
                       double grade, double integral);

}  // namespace etsim::vehicle
