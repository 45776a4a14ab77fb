#include "models/vehicle/longitudinal_driver.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/core/error.h"
#include "models/vehicle/drive_cycle.h"

namespace etsim::vehicle {
namespace {

DriverParameters sedan_driver() {
  DriverParameters p;
  p.vehicle.mass = 1900.0;
  p.vehicle.drag_coefficient = 0.24;
  p.vehicle.frontal_area = 2.3;
  p.vehicle.rolling_resistance_coefficient = 0.009;
  return p;
}

TEST(LongitudinalDriver, GainsPlaceACriticallyDampedPair) {
  const DriverParameters p = sedan_driver();
  const DriverGains gains = driver_gains(p);
  const double m = effective_mass(p.vehicle);
  // m s^2 + Kp s + Ki: discriminant zero <=> critically damped, natural frequency = bandwidth.
  EXPECT_NEAR(gains.proportional * gains.proportional - 4.0 * m * gains.integral, 0.0,
              1e-9 * gains.proportional * gains.proportional);
  EXPECT_NEAR(std::sqrt(gains.integral / m), p.bandwidth, 1e-12);
}

TEST(LongitudinalDriver, FeedForwardAloneHoldsASteadySpeed) {
  const DriverParameters p = sedan_driver();
  const DriverStep step = driver_step(p, driver_gains(p), 25.0, 0.0, 25.0, 0.0, 0.0);
  EXPECT_NEAR(step.force_demand, road_load(p.vehicle, 25.0, 0.0).total(), 1e-9);
  EXPECT_EQ(step.integral, 0.0);  // no error, no integration
}

TEST(LongitudinalDriver, AntiWindupFreezesTheIntegratorInSaturation) {
  const DriverParameters p = sedan_driver();
  const DriverGains gains = driver_gains(p);
  // Large positive error: output saturates at max drive force, integrator must not grow.
  const DriverStep step = driver_step(p, gains, 30.0, 0.0, 0.0, 0.0, 100.0);
  EXPECT_EQ(step.force_demand, p.max_drive_force);
  EXPECT_EQ(step.integral, 100.0);
  // Unsaturated: integrates Ki Ts e.
  const DriverStep small = driver_step(p, gains, 10.1, 0.0, 10.0, 0.0, 0.0);
  EXPECT_NEAR(small.integral, gains.integral * p.sample_period * 0.1, 1e-12);
  // Braking saturation.
  const DriverStep brake = driver_step(p, gains, 0.0, -5.0, 30.0, 0.0, -50.0);
  EXPECT_EQ(brake.force_demand, -p.max_brake_force);
  EXPECT_EQ(brake.integral, -50.0);
}

// Closed loop with the plain vehicle model (RK4, 1 ms), driver sampled every 10 ms, on WLTC 3b.
// The component-level test repeats this through the engine.
TEST(LongitudinalDriver, TracksWltcWithinHalfAKilometrePerHour) {
  const SpeedTrace trace =
      load_speed_trace_csv(std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/wltc_class3b.csv");
  const DriverParameters p = sedan_driver();
  const DriverGains gains = driver_gains(p);
  // The real car differs from the driver's internal model (heavier, draggier) so that the PI part,
  // not only the feed-forward, has to do work.
  VehicleParameters car = p.vehicle;
  car.mass *= 1.08;
  car.drag_coefficient *= 1.1;
  car.rolling_resistance_coefficient *= 1.2;
  auto reference = [&](double t, double& a) {
    const std::size_t k = std::min<std::size_t>(static_cast<std::size_t>(t), trace.time.size() - 2);
    a = (trace.speed[k + 1] - trace.speed[k]) / (trace.time[k + 1] - trace.time[k]);
    return trace.speed[k] + a * (t - trace.time[k]);
  };
  double v = 0.0, distance = 0.0, integral = 0.0, force = 0.0;
  double squared_error = 0.0;
  long samples = 0;
  const int steps_per_sample = 10;
  const double h = p.sample_period / steps_per_sample;
  const long sample_count = std::lround(1800.0 / p.sample_period);
  for (long k = 0; k < sample_count; ++k) {
    const double t = k * p.sample_period;
    double a_ref = 0.0;
    const double v_ref = reference(t, a_ref);
    squared_error += (v_ref - v) * (v_ref - v);
    ++samples;
    const DriverStep step = driver_step(p, gains, v_ref, a_ref, v, 0.0, integral);
    force = step.force_demand;
    integral = step.integral;
    const double traction = std::max(force, 0.0), brake = std::max(-force, 0.0);
    for (int i = 0; i < steps_per_sample; ++i) {
      auto f = [&](double speed) { return acceleration(car, traction, brake, speed, 0.0); };
      const double k1 = f(v), k2 = f(v + 0.5 * h * k1), k3 = f(v + 0.5 * h * k2),
                   k4 = f(v + h * k3);
      const double v_next = v + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
      distance += 0.5 * h * (v + v_next);
      v = v_next;
    }
  }
  const double rms_kmh = std::sqrt(squared_error / samples) * 3.6;
  EXPECT_LT(rms_kmh, 0.5);
  EXPECT_NEAR(distance, trace_distance(trace), 0.005 * trace_distance(trace));
  RecordProperty("rms_error_kmh", std::to_string(rms_kmh));
  std::printf("plain WLTC tracking: RMS %.4f km/h, distance %.1f m (trace %.1f m)\n", rms_kmh,
              distance, trace_distance(trace));
}

}  // namespace
}  // namespace etsim::vehicle
