#include "models/vehicle/brake_blending.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "engine/core/error.h"

namespace etsim::vehicle {
namespace {

TEST(BrakeBlending, RegenNeverExceedsAnyLimitAndDemandIsMet) {
  BrakeBlendingParameters p;
  p.max_friction_force = 1.0e6;  // never saturates here, so the demand must be met exactly
  std::mt19937 random(42);
  std::uniform_real_distribution<double> demand_dist(-25000.0, 0.0);
  std::uniform_real_distribution<double> speed_dist(0.0, 60.0);
  std::uniform_real_distribution<double> battery_dist(0.0, 250.0e3);
  int regen_cases = 0;
  for (int i = 0; i < 20000; ++i) {
    const double demand = demand_dist(random), speed = speed_dist(random);
    const double battery = battery_dist(random);
    const BrakeSplit split = split_force_demand(p, demand, speed, battery);
    const double regen_torque = -split.motor_torque_request;
    const double motor_speed = p.gear_ratio * speed / p.wheel_radius;
    ASSERT_GE(regen_torque, 0.0);
    ASSERT_LE(regen_torque, p.motor_peak_torque * (1 + 1e-12));
    ASSERT_LE(regen_torque * motor_speed, p.motor_peak_power * (1 + 1e-12));
    ASSERT_LE(regen_torque * motor_speed * p.regen_efficiency,
              std::min(battery, p.inverter_power_limit) * (1 + 1e-12) + 1e-9);
    if (speed <= p.fade_speed_off) {
      ASSERT_EQ(regen_torque, 0.0);
    }
    ASSERT_GE(split.friction_force, 0.0);
    ASSERT_NEAR(split.regen_force + split.friction_force, -demand, 1e-9 * (1.0 - demand));
    ASSERT_NEAR(split.regen_force, regen_torque * p.gear_ratio / (p.gearbox_efficiency *
                                                                  p.wheel_radius), 1e-9);
    if (regen_torque > 1.0) ++regen_cases;
  }
  EXPECT_GT(regen_cases, 10000);  // the sweep really exercised regeneration
}

TEST(BrakeBlending, HandCaseBatteryLimitBinds) {
  BrakeBlendingParameters p;
  // v = 20 m/s -> motor 545.45 rad/s; battery 30 kW -> T = 30000/(0.9*545.45) = 61.11 N*m.
  const BrakeSplit split = split_force_demand(p, -5000.0, 20.0, 30.0e3);
  const double motor_speed = 9.0 * 20.0 / 0.33;
  EXPECT_NEAR(-split.motor_torque_request, 30.0e3 / (0.9 * motor_speed), 1e-9);
  EXPECT_NEAR(split.friction_force, 5000.0 - split.regen_force, 1e-9);
  // Half-way through the fade-out the limit halves.
  const BrakeSplit faded = split_force_demand(p, -5000.0, 2.0, 1.0e6);
  EXPECT_NEAR(faded.regen_torque_limit, 0.5 * 350.0, 1e-9);
  // Small demand at speed: fully regenerative.
  const BrakeSplit gentle = split_force_demand(p, -500.0, 15.0, 1.0e6);
  EXPECT_NEAR(gentle.friction_force, 0.0, 1e-9);
  EXPECT_NEAR(gentle.regen_force, 500.0, 1e-9);
}

TEST(BrakeBlending, PropulsionIsLimitedByMotorCapability) {
  BrakeBlendingParameters p;
  const BrakeSplit low = split_force_demand(p, 3000.0, 10.0, 0.0);
  EXPECT_NEAR(low.motor_torque_request, 3000.0 * 0.33 / (9.0 * 0.975), 1e-9);
  EXPECT_EQ(low.friction_force, 0.0);
  const BrakeSplit high = split_force_demand(p, 20000.0, 40.0, 0.0);
  EXPECT_NEAR(high.motor_torque_request, 200.0e3 / (9.0 * 40.0 / 0.33), 1e-9);
  const BrakeSplit launch = split_force_demand(p, 20000.0, 0.0, 0.0);
  EXPECT_NEAR(launch.motor_torque_request, 350.0, 1e-12);
}

TEST(BrakeBlending, FrictionSaturatesAtItsLimit) {
  BrakeBlendingParameters p;
  p.max_friction_force = 8000.0;
  const BrakeSplit split = split_force_demand(p, -20000.0, 0.5, 1.0e6);
  EXPECT_EQ(split.regen_force, 0.0);
  EXPECT_EQ(split.friction_force, 8000.0);
}

TEST(BrakeBlending, InvalidFadeWindowIsRejected) {
  BrakeBlendingParameters p;
  p.fade_speed_full = p.fade_speed_off;
  EXPECT_THROW(validate(p), InputError);
}

}  // namespace
}  // namespace etsim::vehicle
