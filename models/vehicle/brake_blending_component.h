// Component "BrakeBlending": splits the driver's signed wheel-force demand into a motor torque
// request (traction or regeneration) and a friction-brake force (see brake_blending.h).
// Inputs: force_demand [N], speed [m/s], and battery_charge_power_limit [W] when the battery limit
// comes from a signal (else the constant parameter is used). Direct feedthrough, no states.
#pragma once

#include <string_view>

#include "engine/framework/component.h"
#include "models/vehicle/brake_blending.h"

namespace etsim::vehicle {

class BrakeBlendingComponent final : public Component {
 public:
  // battery_limit_input: true adds the input battery_charge_power_limit; false uses
  // constant_battery_limit [W].
  BrakeBlendingComponent(std::string name, BrakeBlendingParameters parameters,
                         bool battery_limit_input, double constant_battery_limit);
  std::string_view type_name() const override { return "BrakeBlending"; }
  RhsStatus compute_outputs(const EvalContext& context) const override;

 private:
  BrakeBlendingParameters parameters_;
  double constant_battery_limit_ = 0.0;
  int in_force_demand_ = -1, in_speed_ = -1, in_battery_limit_ = -1;
  int out_motor_torque_ = -1, out_friction_ = -1, out_regen_force_ = -1, out_regen_limit_ = -1;
};

}  // namespace etsim::vehicle
