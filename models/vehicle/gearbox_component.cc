#include "models/vehicle/gearbox_component.h"

#include <cmath>

namespace etsim::vehicle {

GearboxComponent::GearboxComponent(std::string name, GearboxParameters parameters, bool heat_port)
    : Component(std::move(name)), parameters_(parameters) {
  validate(parameters_);
  const PortSpec& input = add_port("input", PortKind::Rotational, PortRole::A);
  out_motor_speed_ = input.output_index[0];
  in_motor_torque_ = input.input_index[1];
  const PortSpec& output = add_port("output", PortKind::Rotational, PortRole::B);
  in_wheel_speed_ = output.input_index[0];
  out_wheel_torque_ = output.output_index[1];
  if (heat_port) {
    const PortSpec& heat = add_port("heat", PortKind::Thermal, PortRole::B);
    in_temperature_ = heat.input_index[0];
    out_heat_flow_ = heat.output_index[1];
  }
  out_loss_ = add_output({"loss_power", "W", "gear mesh and drag losses (heat)"});
  out_input_power_ = add_output({"input_power", "W", "power from the motor shaft"});
  out_output_power_ = add_output({"output_power", "W", "power delivered to the wheels"});
  add_feedthrough(out_motor_speed_, in_wheel_speed_);
  for (int output_index : {out_wheel_torque_, out_loss_, out_input_power_, out_output_power_,
                           out_heat_flow_}) {
    if (output_index < 0) continue;
    add_feedthrough(output_index, in_wheel_speed_);
    add_feedthrough(output_index, in_motor_torque_);
  }
}

RhsStatus GearboxComponent::compute_outputs(const EvalContext& c) const {
  const double wheel_speed = c.u[in_wheel_speed_];
  const double motor_torque = c.u[in_motor_torque_];
  const GearboxOperatingPoint point =
      gearbox_operating_point(parameters_, motor_torque, wheel_speed);
  c.y[out_motor_speed_] = point.input_speed;
  c.y[out_wheel_torque_] = point.output_torque;
  c.y[out_loss_] = point.loss_power;
  c.y[out_input_power_] = motor_torque * point.input_speed;
  c.y[out_output_power_] = point.output_torque * wheel_speed;
  if (out_heat_flow_ >= 0) c.y[out_heat_flow_] = point.loss_power;
  return std::isfinite(point.output_torque) ? RhsStatus::Ok : RhsStatus::Recoverable;
}

}  // namespace etsim::vehicle
