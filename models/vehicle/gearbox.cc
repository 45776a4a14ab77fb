#include "models/vehicle/gearbox.h"

#include <cmath>
#include <string>

#include "engine/core/error.h"

namespace etsim::vehicle {

void validate(const GearboxParameters& p) {
  auto fail = [](const char* name, const char* expected, double value) {
    throw InputError(std::string("gearbox parameter '") + name + "' must be " + expected +
                     ", got " + std::to_string(value));
  };
  if (!(std::isfinite(p.ratio) && p.ratio > 0.0)) fail("ratio", "a finite number > 0", p.ratio);
  if (!(p.mesh_efficiency > 0.0 && p.mesh_efficiency <= 1.0)) {
    fail("mesh_efficiency", "in (0, 1]", p.mesh_efficiency);
  }
  if (!(std::isfinite(p.coulomb_drag_torque) && p.coulomb_drag_torque >= 0.0)) {
    fail("coulomb_drag_torque", "a finite number >= 0 [N*m]", p.coulomb_drag_torque);
  }
  if (!(std::isfinite(p.viscous_drag) && p.viscous_drag >= 0.0)) {
    fail("viscous_drag", "a finite number >= 0 [N*m*s/rad]", p.viscous_drag);
  }
  if (!(std::isfinite(p.drag_speed_epsilon) && p.drag_speed_epsilon > 0.0)) {
    fail("drag_speed_epsilon", "a finite number > 0 [rad/s]", p.drag_speed_epsilon);
  }
  if (!(std::isfinite(p.power_epsilon) && p.power_epsilon > 0.0)) {
    fail("power_epsilon", "a finite number > 0 [W]", p.power_epsilon);
  }
}

GearboxOperatingPoint gearbox_operating_point(const GearboxParameters& p, double input_torque,
                                              double output_speed) {
  GearboxOperatingPoint point;
  point.input_speed = p.ratio * output_speed;
  point.drag_torque = p.coulomb_drag_torque * std::tanh(point.input_speed / p.drag_speed_epsilon) +
                      p.viscous_drag * point.input_speed;
  const double net_torque = input_torque - point.drag_torque;
  const double flow_direction = std::tanh(net_torque * point.input_speed / p.power_epsilon);
  // eta^s = exp(s ln eta): one exp instead of pow.
  const double efficiency_factor = std::exp(flow_direction * std::log(p.mesh_efficiency));
  point.output_torque = p.ratio * net_torque * efficiency_factor;
  point.loss_power = point.drag_torque * point.input_speed +
                     net_torque * point.input_speed * (1.0 - efficiency_factor);
  return point;
}

}  // namespace etsim::vehicle
