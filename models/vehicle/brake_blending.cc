#include "models/vehicle/brake_blending.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.h"

namespace etsim::vehicle {

void validate(const BrakeBlendingParameters& p) {
  auto require = [](bool ok, const char* name, const char* expected, double value) {
    if (!ok) {
      throw InputError(std::string("brake blending parameter '") + name + "' must be " + expected +
                       ", got " + std::to_string(value));
    }
  };
  auto positive = [](double v) { return std::isfinite(v) && v > 0.0; };
  auto non_negative = [](double v) { return std::isfinite(v) && v >= 0.0; };
  require(positive(p.wheel_radius), "wheel_radius", "> 0 [m]", p.wheel_radius);
  require(positive(p.gear_ratio), "gear_ratio", "> 0", p.gear_ratio);
  require(p.gearbox_efficiency > 0.0 && p.gearbox_efficiency <= 1.0, "gearbox_efficiency",
          "in (0, 1]", p.gearbox_efficiency);
  require(non_negative(p.motor_peak_torque), "motor_peak_torque", ">= 0 [N*m]", p.motor_peak_torque);
  require(non_negative(p.motor_peak_power), "motor_peak_power", ">= 0 [W]", p.motor_peak_power);
  require(non_negative(p.inverter_power_limit), "inverter_power_limit", ">= 0 [W]",
          p.inverter_power_limit);
  require(p.regen_efficiency > 0.0 && p.regen_efficiency <= 1.0, "regen_efficiency", "in (0, 1]",
          p.regen_efficiency);
  require(non_negative(p.fade_speed_off), "fade_speed_off", ">= 0 [m/s]", p.fade_speed_off);
  require(std::isfinite(p.fade_speed_full) && p.fade_speed_full > p.fade_speed_off,
          "fade_speed_full", "finite and > fade_speed_off [m/s]", p.fade_speed_full);
  require(non_negative(p.max_friction_force), "max_friction_force", ">= 0 [N]",
          p.max_friction_force);
}

BrakeSplit split_force_demand(const BrakeBlendingParameters& p, double force_demand, double speed,
                              double battery_charge_power_limit) {
  BrakeSplit split;
  const double motor_speed = std::abs(p.gear_ratio * speed / p.wheel_radius);
  // min(T_peak, P_peak / w) written without dividing by zero at standstill.
  const double capability = motor_speed * p.motor_peak_torque > p.motor_peak_power
                                ? p.motor_peak_power / motor_speed
                                : p.motor_peak_torque;
  if (!(force_demand < 0.0)) {  // propulsion (NaN demand is treated as zero below)
    const double demand = std::isfinite(force_demand) ? force_demand : 0.0;
    const double torque = demand * p.wheel_radius / (p.gear_ratio * p.gearbox_efficiency);
    split.motor_torque_request = std::min(torque, capability);
    return split;
  }
  const double brake_demand = -force_demand;
  const double battery_limit = std::max(battery_charge_power_limit, 0.0);
  const double electrical_power_limit = std::min(p.inverter_power_limit, battery_limit);
  // T w eta_e <= P_elec, again avoiding a division by zero.
  double limit = capability;
  if (motor_speed * p.regen_efficiency * limit > electrical_power_limit) {
    limit = electrical_power_limit / (motor_speed * p.regen_efficiency);
  }
  const double fade = std::clamp(
      (std::abs(speed) - p.fade_speed_off) / (p.fade_speed_full - p.fade_speed_off), 0.0, 1.0);
  limit *= fade;
  split.regen_torque_limit = limit;
  const double torque_for_demand = brake_demand * p.wheel_radius * p.gearbox_efficiency / p.gear_ratio;
  const double regen_torque = std::min(torque_for_demand, limit);
  split.motor_torque_request = -regen_torque;
  split.regen_force = regen_torque * p.gear_ratio / (p.gearbox_efficiency * p.wheel_radius);
  split.friction_force = std::clamp(brake_demand - split.regen_force, 0.0, p.max_friction_force);
  return split;
}

}  // namespace etsim::vehicle
