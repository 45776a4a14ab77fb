// Traction / regenerative-braking / friction-brake split, plain C++ (no engine dependency).
//
// Input: a signed wheel-force demand F_dem [N] from the driver (positive propels, negative brakes),
// the vehicle speed v [m/s] and the battery's charge-power limit P_batt [W] (>= 0, magnitude).
// Motor speed w_m = i_g v / r. Motor capability (both quadrants): T_cap(w) = min(T_peak, P_peak/|w|).
//
// Propulsion (F_dem >= 0): T_motor = min(F_dem r / (i_g eta_g), T_cap); no friction brake.
// Braking (F_dem < 0), brake demand B = -F_dem:
//   regen torque magnitude limited by
//     the motor:     T_cap(w_m),
//     the inverter:  P_inv / (eta_e |w_m|)   (P_inv: inverter/DC power limit in generating mode),
//     the battery:   P_batt / (eta_e |w_m|)  (eta_e: motor+inverter efficiency mechanical->DC),
//     the demand:    B r eta_g / i_g         (wheel force B back-driven through the gearbox),
//   and faded out linearly between v_fade_off (0 regen) and v_fade_full (full regen) because
//   a PMSM cannot brake to standstill efficiently and the friction brake must hold the car.
//   Regen wheel force F_regen = T_regen i_g / (eta_g r); friction F_fric = B - F_regen >= 0, clamped
//   to F_fric,max. Motor torque request = -T_regen.
// The demand is therefore always met (F_regen + F_fric = B) unless the friction brake saturates.
#pragma once

namespace etsim::vehicle {

struct BrakeBlendingParameters {
  double wheel_radius = 0.33;            // [m]
  double gear_ratio = 9.0;               // [1]
  double gearbox_efficiency = 0.975;     // [1] eta_g
  double motor_peak_torque = 350.0;      // [N*m]
  double motor_peak_power = 200.0e3;     // [W]
  double inverter_power_limit = 200.0e3; // [W] P_inv, generating mode
  double regen_efficiency = 0.9;         // [1] eta_e, mechanical -> DC
  double fade_speed_off = 1.0;           // [m/s] below this: no regen
  double fade_speed_full = 3.0;          // [m/s] above this: full regen allowed
  double max_friction_force = 30000.0;   // [N] all four wheels
};

void validate(const BrakeBlendingParameters& parameters);  // throws etsim::InputError

struct BrakeSplit {
  double motor_torque_request = 0.0;  // [N*m] positive drives, negative regenerates
  double regen_force = 0.0;           // [N] >= 0, braking force at the wheels from the motor
  double friction_force = 0.0;        // [N] >= 0, command to the friction brakes
  double regen_torque_limit = 0.0;    // [N*m] >= 0, the binding regen limit at this speed
};

BrakeSplit split_force_demand(const BrakeBlendingParameters& parameters, double force_demand,
                              double speed, double battery_charge_power_limit);

}  // namespace etsim::vehicle
