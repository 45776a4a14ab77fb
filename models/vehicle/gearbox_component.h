// Component "Gearbox": the single-speed reduction of gearbox.h between a motor and the vehicle.
//
// Causality: the motor's shaft port is role B (Drive: in speed, out torque) and the vehicle's wheel
// port is role A (Inertia: out speed, in torque). The gearbox therefore has
//   port `input`  (Rotational, role A): outputs motor-side speed i_g w_wheel, receives the summed
//                 motor torque;
//   port `output` (Rotational, role B): receives wheel speed, outputs wheel torque T_out.
// It has no states: direct feedthrough speed -> speed and (torque, speed) -> torque. Motor rotor
// inertia is lumped into the vehicle's effective mass (VehicleParameters::motor_inertia), so the
// motor component must not integrate its own shaft speed.
// Loss power is an output and, with heat_port = thermal, the heat flow of a thermal port `heat`
// (role B Flow: the loss flows into the oil/housing node).
#pragma once

#include <string_view>

#include "engine/framework/component.h"
#include "models/vehicle/gearbox.h"

namespace etsim::vehicle {

class GearboxComponent final : public Component {
 public:
  GearboxComponent(std::string name, GearboxParameters parameters, bool heat_port);
  std::string_view type_name() const override { return "Gearbox"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;
  const GearboxParameters& parameters() const { return parameters_; }

 private:
  GearboxParameters parameters_;
  int in_motor_torque_ = -1, in_wheel_speed_ = -1, in_temperature_ = -1;
  int out_motor_speed_ = -1, out_wheel_torque_ = -1, out_heat_flow_ = -1;
  int out_loss_ = -1, out_input_power_ = -1, out_output_power_ = -1;
};

}  // namespace etsim::vehicle
