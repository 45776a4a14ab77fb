// Component "Driver": the discrete PI + feed-forward speed tracker of longitudinal_driver.h.
// Sample period T_s (discrete states force_demand and integral, held between samples, so the
// outputs have no direct feedthrough and never close an algebraic loop).
// Inputs: reference_speed [m/s], reference_acceleration [m/s^2] (from DriveCycle), speed [m/s]
// (from Vehicle), and with grade_feedforward the road grade [1] (e.g. Vehicle.grade: a driver who
// sees the slope; otherwise the integrator absorbs it). Outputs: force_demand [N] (signed), traction_force = max(F, 0) and
// brake_force = max(-F, 0) for a vehicle driven by forces directly (no drivetrain).
#pragma once

#include <string_view>

#include "engine/framework/component.h"
#include "models/vehicle/longitudinal_driver.h"

namespace etsim::vehicle {

class DriverComponent final : public Component {
 public:
  DriverComponent(std::string name, DriverParameters parameters, bool grade_feedforward = false);
  std::string_view type_name() const override { return "Driver"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  void update_discrete(const EvalContext& context, double* d_next) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;

 private:
  DriverParameters parameters_;
  DriverGains gains_;
  bool continuous_ = false;  // sample_period == 0: PI integrator as a continuous state
  int in_reference_speed_ = -1, in_reference_acceleration_ = -1, in_speed_ = -1, in_grade_ = -1;
  int out_force_ = -1, out_traction_ = -1, out_brake_ = -1;
};

}  // namespace etsim::vehicle
