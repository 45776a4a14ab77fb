#include "models/vehicle/longitudinal_driver.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.h"

namespace etsim::vehicle {

void validate(const DriverParameters& p) {
  validate(p.vehicle);
  auto require_positive = [](double value, const char* name, const char* unit) {
    if (!(std::isfinite(value) && value > 0.0)) {
      throw InputError(std::string("driver parameter '") + name + "' must be a finite number > 0 [" +
                       unit + "], got " + std::to_string(value));
    }
  };
  if (!(std::isfinite(p.sample_period) && p.sample_period >= 0.0)) {
    throw InputError("driver parameter 'sample_period' must be >= 0 [s] (0: continuous), got " +
                     std::to_string(p.sample_period));
  }
  require_positive(p.bandwidth, "bandwidth", "rad/s");
  require_positive(p.max_drive_force, "max_drive_force", "N");
  require_positive(p.max_brake_force, "max_brake_force", "N");
}

DriverGains driver_gains(const DriverParameters& p) {
  const double m_eff = effective_mass(p.vehicle);
  return {2.0 * m_eff * p.bandwidth, m_eff * p.bandwidth * p.bandwidth};
}

DriverStep driver_step(const DriverParameters& p, const DriverGains& gains, double reference_speed,
                       double reference_acceleration, double speed, double grade,
                       double integral) {
  const double feed_forward =
      required_traction_force(p.vehicle, reference_speed, reference_acceleration, grade);
  const double error = reference_speed - speed;
  const double unsaturated = feed_forward + gains.proportional * error + integral;
  DriverStep step;
  step.force_demand = std::clamp(unsaturated, -p.max_brake_force, p.max_drive_force);
  const bool saturated_high = unsaturated > p.max_drive_force && error > 0.0;
  const bool saturated_low = unsaturated < -p.max_brake_force && error < 0.0;
  step.integral = integral;
  if (!saturated_high && !saturated_low) {
    step.integral = std::clamp(integral + gains.integral * p.sample_period * error,
                               -p.max_drive_force, p.max_drive_force);
  }
  return step;
}

DriverRate driver_rate(const DriverParameters& p, const DriverGains& gains, double reference_speed,
                       double reference_acceleration, double speed, double grade,
                       double integral) {
  const double feed_forward =
      required_traction_force(p.vehicle, reference_speed, reference_acceleration, grade);
  const double error = reference_speed - speed;
  const double unsaturated = feed_forward + gains.proportional * error + integral;
  DriverRate rate;
  rate.force_demand = std::clamp(unsaturated, -p.max_brake_force, p.max_drive_force);
  const bool saturated_high = unsaturated > p.max_drive_force && error > 0.0;
  const bool saturated_low = unsaturated < -p.max_brake_force && error < 0.0;
  const bool at_bound = (integral >= p.max_drive_force && error > 0.0) ||
                        (integral <= -p.max_drive_force && error < 0.0);
  rate.integral_rate = saturated_high || saturated_low || at_bound ? 0.0 : gains.integral * error;
  return rate;
}

}  // namespace etsim::vehicle
