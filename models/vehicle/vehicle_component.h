// Component "Vehicle": longitudinal dynamics of vehicle_dynamics.h as an engine component.
//
// States: speed [m/s], distance [m], height [m] (dh/dt = v sin(theta)), and four energy accounts
// [J] that integrate the power of each force, so that a run can close the energy balance
//   E_traction = 1/2 m_eff (v^2 - v0^2) + m g (h - h0) + E_rolling + E_aero + E_brake.
// Port `wheel` (Rotational, role A Inertia): outputs wheel speed v/r, receives the summed torque
// applied to the wheels (a gearbox output or a direct-drive motor); F_traction = T_wheel / r.
// Inputs: brake_force [N] (friction brake command, >= 0 expected), optionally traction_force [N]
// (an extra force at the wheels, e.g. a force-source test vehicle without a drivetrain) and
// grade [1] (a grade signal from elsewhere, e.g. a map).
// Grade = constant grade + road profile(distance) when a profile table is given + grade input.
#pragma once

#include <string_view>

#include "engine/core/table1d.h"
#include "engine/framework/component.h"
#include "models/vehicle/vehicle_dynamics.h"

namespace etsim::vehicle {

struct VehicleOptions {
  VehicleParameters parameters;
  double constant_grade = 0.0;    // [1] rise/run, added to the profile
  Table1D road_profile;           // grade [1] vs distance [m]; empty: flat
  bool traction_force_input = false;
  bool grade_input = false;
  double initial_speed = 0.0;     // [m/s]
};

class VehicleComponent final : public Component {
 public:
  VehicleComponent(std::string name, VehicleOptions options);
  std::string_view type_name() const override { return "Vehicle"; }

  RhsStatus compute_outputs(const EvalContext& context) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;

  const VehicleParameters& parameters() const { return options_.parameters; }
  double grade_at(double distance, double& hint) const;

  // State indices.
  static constexpr int kSpeed = 0, kDistance = 1, kHeight = 2, kTractionEnergy = 3,
                       kRollingEnergy = 4, kAeroEnergy = 5, kBrakeEnergy = 6;

 private:
  struct Forces {
    double speed = 0.0, grade = 0.0, traction = 0.0, brake = 0.0, acceleration = 0.0;
    RoadLoad load;
  };
  Forces forces(const EvalContext& context) const;

  VehicleOptions options_;
  double effective_mass_ = 0.0;
  int in_wheel_torque_ = -1, in_brake_force_ = -1, in_traction_force_ = -1, in_grade_ = -1;
  int out_wheel_speed_ = -1, out_speed_ = -1, out_distance_ = -1, out_acceleration_ = -1;
  int out_traction_force_ = -1, out_traction_power_ = -1, out_rolling_ = -1, out_aero_ = -1;
  int out_grade_force_ = -1, out_brake_applied_ = -1, out_grade_ = -1, out_height_ = -1;
};

}  // namespace etsim::vehicle
