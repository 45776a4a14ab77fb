#include "models/vehicle/vehicle_dynamics.h"

#include <cmath>
#include <string>

#include "engine/core/error.h"

namespace etsim::vehicle {
namespace {

void require_positive(double value, const char* name, const char* unit) {
  if (!(std::isfinite(value) && value > 0.0)) {
    throw InputError(std::string("vehicle parameter '") + name + "' must be a finite number > 0 [" +
                     unit + "], got " + std::to_string(value));
  }
}

void require_non_negative(double value, const char* name, const char* unit) {
  if (!(std::isfinite(value) && value >= 0.0)) {
    throw InputError(std::string("vehicle parameter '") + name + "' must be a finite number >= 0 [" +
                     unit + "], got " + std::to_string(value));
  }
}

}  // namespace

void validate(const VehicleParameters& p) {
  require_positive(p.mass, "mass", "kg");
  require_non_negative(p.drag_coefficient, "drag_coefficient", "1");
  require_non_negative(p.frontal_area, "frontal_area", "m^2");
  require_non_negative(p.rolling_resistance_coefficient, "rolling_resistance_coefficient", "1");
  require_positive(p.wheel_radius, "wheel_radius", "m");
  require_non_negative(p.wheel_inertia, "wheel_inertia", "kg*m^2");
  require_non_negative(p.motor_inertia, "motor_inertia", "kg*m^2");
  require_positive(p.gear_ratio, "gear_ratio", "1");
  require_non_negative(p.air_density, "air_density", "kg/m^3");
  require_positive(p.gravity, "gravity", "m/s^2");
  require_positive(p.standstill_speed, "standstill_speed", "m/s");
}

double effective_mass(const VehicleParameters& p) {
  const double r2 = p.wheel_radius * p.wheel_radius;
  return p.mass + p.wheel_inertia / r2 + p.motor_inertia * p.gear_ratio * p.gear_ratio / r2;
}

RoadLoad road_load(const VehicleParameters& p, double speed, double grade) {
  // cos(atan(g)) = 1/sqrt(1+g^2), sin(atan(g)) = g/sqrt(1+g^2): no trigonometric calls needed.
  const double inverse_hypotenuse = 1.0 / std::sqrt(1.0 + grade * grade);
  RoadLoad load;
  load.rolling = p.mass * p.gravity * p.rolling_resistance_coefficient * inverse_hypotenuse *
                 std::tanh(speed / p.standstill_speed);
  load.aero = 0.5 * p.air_density * p.drag_coefficient * p.frontal_area * speed * std::abs(speed);
  load.grade = p.mass * p.gravity * grade * inverse_hypotenuse;
  return load;
}

double applied_brake_force(const VehicleParameters& p, double brake_command, double speed) {
  return brake_command * std::tanh(speed / p.standstill_speed);
}

double acceleration(const VehicleParameters& p, double traction_force, double brake_command,
                    double speed, double grade) {
  const RoadLoad load = road_load(p, speed, grade);
  return (traction_force - load.total() - applied_brake_force(p, brake_command, speed)) /
         effective_mass(p);
}

double required_traction_force(const VehicleParameters& p, double speed, double accel,
                               double grade) {
  return effective_mass(p) * accel + road_load(p, speed, grade).total();
}

double aero_coast_down_speed(const VehicleParameters& p, double initial_speed, double time) {
  const double k = p.air_density * p.drag_coefficient * p.frontal_area / (2.0 * effective_mass(p));
  return initial_speed / (1.0 + k * initial_speed * time);
}

}  // namespace etsim::vehicle
