// Longitudinal vehicle dynamics (point mass on a road with grade), plain C++ with no engine
// dependency so it can be unit-tested and reused by the driver's feed-forward (inverse model).
//
// Equations (SI units, x forward, v = dx/dt):
//   m_eff dv/dt = F_traction - F_roll - F_aero - F_grade - F_brake
//   m_eff   = m + J_wheels / r^2 + J_motor i_g^2 / r^2          (rotating inertia lumped; J_wheels is
//             the sum over all wheels, J_motor includes everything spinning at motor speed)
//   F_roll  = m g c_rr cos(theta) tanh(v / v_eps)               (smooth sign: no chattering at v = 0)
//   F_aero  = 1/2 rho c_d A v |v|                               (opposes motion in both directions)
//   F_grade = m g sin(theta),  theta = atan(grade),  grade = rise / run (0.08 = 8 %)
//   F_brake = F_brake_command tanh(v / v_eps)                   (friction brake opposes motion)
// Assumptions: no tyre slip, no load transfer, still air, rigid drivetrain. The tanh regularisation
// means a braked car on a slope creeps at |v| ~ v_eps atanh(F_grade / F_brake) instead of sticking;
// with v_eps = 0.05 m/s that creep is a few cm/s and only while the car is held on a slope.
#pragma once

namespace etsim::vehicle {

struct VehicleParameters {
  double mass = 1900.0;                       // [kg] test mass
  double drag_coefficient = 0.25;             // [1] c_d
  double frontal_area = 2.3;                  // [m^2] A_f
  double rolling_resistance_coefficient = 0.009;  // [1] c_rr
  double wheel_radius = 0.33;                 // [m] dynamic rolling radius
  double wheel_inertia = 4.0;                 // [kg*m^2] sum over the four wheels incl. brake discs
  double motor_inertia = 0.05;                // [kg*m^2] rotor + gear input shaft at motor speed
  double gear_ratio = 9.0;                    // [1] motor speed / wheel speed
  double air_density = 1.2;                   // [kg/m^3]
  double gravity = 9.80665;                   // [m/s^2] standard gravity
  double standstill_speed = 0.05;             // [m/s] v_eps of the tanh regularisation
};

// Throws etsim::InputError naming the first parameter that is not finite/positive as required.
void validate(const VehicleParameters& parameters);

double effective_mass(const VehicleParameters& parameters);

struct RoadLoad {
  double rolling = 0.0;  // [N] F_roll (positive opposes forward motion)
  double aero = 0.0;     // [N] F_aero
  double grade = 0.0;    // [N] F_grade (positive uphill)
  double total() const { return rolling + aero + grade; }
};

RoadLoad road_load(const VehicleParameters& parameters, double speed, double grade);

// Friction brake force actually applied, opposing motion (see header comment).
double applied_brake_force(const VehicleParameters& parameters, double brake_command, double speed);

// dv/dt for the given traction force at the wheels [N], brake command [N] >= 0, speed, grade.
double acceleration(const VehicleParameters& parameters, double traction_force,
                    double brake_command, double speed, double grade);

// Inverse model: traction force needed for acceleration a at speed v on the grade (may be negative).
double required_traction_force(const VehicleParameters& parameters, double speed,
                               double acceleration, double grade);

// Aero-only coast-down from v0 (no rolling, no grade): v(t) = v0 / (1 + k v0 t),
// k = rho c_d A / (2 m_eff). Used by tests and documentation.
double aero_coast_down_speed(const VehicleParameters& parameters, double initial_speed,
                             double time);

}  // namespace etsim::vehicle
