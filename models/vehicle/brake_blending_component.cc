#include "models/vehicle/brake_blending_component.h"

#include <cmath>

#include "engine/core/error.h"

namespace etsim::vehicle {

BrakeBlendingComponent::BrakeBlendingComponent(std::string name,
                                               BrakeBlendingParameters parameters,
                                               bool battery_limit_input,
                                               double constant_battery_limit)
    : Component(std::move(name)),
      parameters_(parameters),
      constant_battery_limit_(constant_battery_limit) {
  validate(parameters_);
  if (!battery_limit_input && !(constant_battery_limit >= 0.0)) {
    throw InputError(this->name() + " (BrakeBlending): battery_charge_power_limit must be >= 0 W");
  }
  in_force_demand_ = add_input({"force_demand", "N", "signed wheel-force demand of the driver"});
  in_speed_ = add_input({"speed", "m/s", "vehicle speed"});
  if (battery_limit_input) {
    in_battery_limit_ = add_input(
        {"battery_charge_power_limit", "W", "power the battery can accept now (>= 0)"});
  }
  out_motor_torque_ = add_output({"motor_torque_request", "N*m", "motor torque command"});
  out_friction_ = add_output({"friction_force", "N", "friction brake force command"});
  out_regen_force_ = add_output({"regen_force", "N", "braking force from regeneration"});
  out_regen_limit_ = add_output({"regen_torque_limit", "N*m", "binding regen torque limit"});
}

RhsStatus BrakeBlendingComponent::compute_outputs(const EvalContext& c) const {
  const double battery_limit =
      in_battery_limit_ >= 0 ? c.u[in_battery_limit_] : constant_battery_limit_;
  const BrakeSplit split =
      split_force_demand(parameters_, c.u[in_force_demand_], c.u[in_speed_], battery_limit);
  c.y[out_motor_torque_] = split.motor_torque_request;
  c.y[out_friction_] = split.friction_force;
  c.y[out_regen_force_] = split.regen_force;
  c.y[out_regen_limit_] = split.regen_torque_limit;
  return std::isfinite(split.motor_torque_request) ? RhsStatus::Ok : RhsStatus::Recoverable;
}

}  // namespace etsim::vehicle
