#include "models/vehicle/vehicle_component.h"

#include <cmath>

#include "engine/core/error.h"

namespace etsim::vehicle {

VehicleComponent::VehicleComponent(std::string name, VehicleOptions options)
    : Component(std::move(name)), options_(std::move(options)) {
  validate(options_.parameters);
  if (!std::isfinite(options_.constant_grade) || std::abs(options_.constant_grade) > 1.0) {
    throw InputError(this->name() + " (Vehicle): grade must be a finite rise/run within [-1, 1], got " +
                     std::to_string(options_.constant_grade));
  }
  effective_mass_ = effective_mass(options_.parameters);
  const double v_nominal = 30.0;
  add_state({"speed", "m/s", options_.initial_speed, v_nominal, 0.0, "vehicle speed"});
  add_state({"distance", "m", 0.0, 1.0e4, 0.0, "distance travelled"});
  add_state({"height", "m", 0.0, 100.0, 0.0, "altitude gained"});
  add_state({"energy_traction", "J", 0.0, 1.0e6, 0.0, "work of the traction force"});
  add_state({"energy_rolling", "J", 0.0, 1.0e6, 0.0, "energy lost to rolling resistance"});
  add_state({"energy_aero", "J", 0.0, 1.0e6, 0.0, "energy lost to aerodynamic drag"});
  add_state({"energy_brake", "J", 0.0, 1.0e6, 0.0, "energy dissipated by the friction brakes"});

  const PortSpec& wheel = add_port("wheel", PortKind::Rotational, PortRole::A);
  out_wheel_speed_ = wheel.output_index[0];
  in_wheel_torque_ = wheel.input_index[1];
  in_brake_force_ = add_input({"brake_force", "N", "friction brake force command (>= 0)"});
  if (options_.traction_force_input) {
    in_traction_force_ = add_input({"traction_force", "N", "extra traction force at the wheels"});
  }
  if (options_.grade_input) {
    in_grade_ = add_input({"grade", "1", "road grade added to the profile (rise/run)"});
  }
  out_speed_ = add_output({"speed", "m/s", "vehicle speed"});
  out_distance_ = add_output({"distance", "m", "distance travelled"});
  out_height_ = add_output({"height", "m", "altitude gained"});
  out_grade_ = add_output({"grade", "1", "road grade (rise/run)"});
  out_rolling_ = add_output({"rolling_resistance", "N", "rolling resistance force"});
  out_aero_ = add_output({"aero_drag", "N", "aerodynamic drag force"});
  out_grade_force_ = add_output({"grade_force", "N", "grade force (positive uphill)"});
  out_acceleration_ = add_output({"acceleration", "m/s^2", "vehicle acceleration"});
  out_traction_force_ = add_output({"traction_force", "N", "total traction force at the wheels"});
  out_traction_power_ = add_output({"traction_power", "W", "traction power at the wheels"});
  out_brake_applied_ = add_output({"brake_force_applied", "N", "friction brake force acting"});
  // Only these outputs see the inputs directly; speed, distance, forces come from states.
  for (int input : {in_wheel_torque_, in_brake_force_, in_traction_force_}) {
    if (input < 0) continue;
    for (int output : {out_acceleration_, out_traction_force_, out_traction_power_,
                       out_brake_applied_}) {
      add_feedthrough(output, input);
    }
  }
  if (in_grade_ >= 0) {
    for (int output : {out_grade_, out_rolling_, out_grade_force_, out_acceleration_}) {
      add_feedthrough(output, in_grade_);
    }
  }
  set_workspace_size(1);  // road-profile search hint
}

double VehicleComponent::grade_at(double distance, double& hint) const {
  double grade = options_.constant_grade;
  if (!options_.road_profile.empty()) grade += options_.road_profile.evaluate(distance, hint);
  return grade;
}

VehicleComponent::Forces VehicleComponent::forces(const EvalContext& c) const {
  const VehicleParameters& p = options_.parameters;
  Forces f;
  f.speed = c.x[kSpeed];
  f.grade = grade_at(c.x[kDistance], c.work[0]);
  if (in_grade_ >= 0) f.grade += c.u[in_grade_];
  f.load = road_load(p, f.speed, f.grade);
  f.traction = c.u[in_wheel_torque_] / p.wheel_radius;
  if (in_traction_force_ >= 0) f.traction += c.u[in_traction_force_];
  f.brake = applied_brake_force(p, c.u[in_brake_force_], f.speed);
  f.acceleration = (f.traction - f.load.total() - f.brake) / effective_mass_;
  return f;
}

RhsStatus VehicleComponent::compute_outputs(const EvalContext& c) const {
  const Forces f = forces(c);
  double* y = c.y;
  y[out_wheel_speed_] = f.speed / options_.parameters.wheel_radius;
  y[out_speed_] = f.speed;
  y[out_distance_] = c.x[kDistance];
  y[out_height_] = c.x[kHeight];
  y[out_grade_] = f.grade;
  y[out_rolling_] = f.load.rolling;
  y[out_aero_] = f.load.aero;
  y[out_grade_force_] = f.load.grade;
  y[out_acceleration_] = f.acceleration;
  y[out_traction_force_] = f.traction;
  y[out_traction_power_] = f.traction * f.speed;
  y[out_brake_applied_] = f.brake;
  return std::isfinite(f.acceleration) ? RhsStatus::Ok : RhsStatus::Recoverable;
}

RhsStatus VehicleComponent::compute_derivatives(const EvalContext& c, double* xdot) const {
  // Recomputed from states and inputs rather than read back from the outputs: the executive may
  // skip output calls whose results nothing else needs.
  const Forces f = forces(c);
  xdot[kSpeed] = f.acceleration;
  xdot[kDistance] = f.speed;
  xdot[kHeight] = f.speed * f.grade / std::sqrt(1.0 + f.grade * f.grade);
  xdot[kTractionEnergy] = f.traction * f.speed;
  xdot[kRollingEnergy] = f.load.rolling * f.speed;
  xdot[kAeroEnergy] = f.load.aero * f.speed;
  xdot[kBrakeEnergy] = f.brake * f.speed;
  return std::isfinite(f.acceleration) ? RhsStatus::Ok : RhsStatus::Recoverable;
}

}  // namespace etsim::vehicle
