// Single-speed reduction gearbox with load-dependent efficiency, plain C++ (no engine dependency).
//
// Sign convention: input_torque T_in is the torque the motor applies to the gearbox input shaft,
// input speed w_in = i_g w_out. Output torque T_out is applied to the wheels (vehicle side).
//   Drag torque at the input (bearings, seals, oil churning; load independent):
//       T_drag = T_c tanh(w_in / w_eps) + c_v w_in
//   Net torque through the mesh:   T_net = T_in - T_drag
//   Mesh efficiency applied in the direction of power flow, smoothly:
//       T_out = i_g T_net eta^s,   s = tanh(T_net w_in / P_eps)
//   so s = +1 (forward, motor drives wheels) gives T_out = i_g eta T_net, and s = -1 (back-driven,
//   regeneration) gives T_out = i_g T_net / eta: the wheels supply more power than reaches the motor.
//   Loss (heat) = T_in w_in - T_out w_out = T_drag w_in + T_net w_in (1 - eta^s) >= 0 for every
//   operating point, because (1 - eta^s) has the sign of T_net w_in.
// Assumptions: rigid shafts, no backlash, constant mesh efficiency (typical single-stage helical
// reductions reach 97-98 %); the smoothing width P_eps (default 1 W) only matters near zero power.
#pragma once

namespace etsim::vehicle {

struct GearboxParameters {
  double ratio = 9.0;               // [1] i_g = input speed / output speed
  double mesh_efficiency = 0.975;   // [1] eta, 0 < eta <= 1
  double coulomb_drag_torque = 0.3; // [N*m] T_c at the input shaft
  double viscous_drag = 2.0e-4;     // [N*m*s/rad] c_v at the input shaft
  double drag_speed_epsilon = 1.0;  // [rad/s] w_eps
  double power_epsilon = 1.0;       // [W] P_eps
};

void validate(const GearboxParameters& parameters);  // throws etsim::InputError

struct GearboxOperatingPoint {
  double input_speed = 0.0;    // [rad/s]
  double output_torque = 0.0;  // [N*m]
  double drag_torque = 0.0;    // [N*m] at the input
  double loss_power = 0.0;     // [W] >= 0
};

GearboxOperatingPoint gearbox_operating_point(const GearboxParameters& parameters,
                                              double input_torque, double output_speed);

}  // namespace etsim::vehicle
