#include "models/vehicle/vehicle_dynamics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.h"

namespace etsim::vehicle {
namespace {

VehicleParameters sedan() {
  VehicleParameters p;
  p.mass = 1900.0;
  p.drag_coefficient = 0.24;
  p.frontal_area = 2.3;
  p.rolling_resistance_coefficient = 0.009;
  p.wheel_radius = 0.33;
  p.wheel_inertia = 4.0;
  p.motor_inertia = 0.05;
  p.gear_ratio = 9.0;
  return p;
}

TEST(VehicleDynamics, EffectiveMassAddsRotatingInertiaReflectedToTheWheel) {
  const VehicleParameters p = sedan();
  // 1900 + 4/0.33^2 + 0.05*81/0.33^2 = 1900 + 36.7309 + 37.1901
  EXPECT_NEAR(effective_mass(p), 1900.0 + 4.0 / 0.1089 + 4.05 / 0.1089, 1e-9);
}

TEST(VehicleDynamics, RoadLoadMatchesHandCalculation) {
  const VehicleParameters p = sedan();
  const double v = 25.0;
  const double grade = 0.06;
  const RoadLoad load = road_load(p, v, grade);
  const double theta = std::atan(grade);
  EXPECT_NEAR(load.rolling, 1900.0 * 9.80665 * 0.009 * std::cos(theta), 1e-9);
  EXPECT_NEAR(load.aero, 0.5 * 1.2 * 0.24 * 2.3 * 625.0, 1e-9);
  EXPECT_NEAR(load.grade, 1900.0 * 9.80665 * std::sin(theta), 1e-9);
}

TEST(VehicleDynamics, RollingAndBrakeForcesVanishSmoothlyAtStandstill) {
  const VehicleParameters p = sedan();
  EXPECT_EQ(road_load(p, 0.0, 0.0).rolling, 0.0);
  EXPECT_EQ(applied_brake_force(p, 5000.0, 0.0), 0.0);
  // Odd in v: forces oppose motion in both directions.
  EXPECT_NEAR(road_load(p, -0.02, 0.0).rolling, -road_load(p, 0.02, 0.0).rolling, 1e-12);
  EXPECT_NEAR(road_load(p, -10.0, 0.0).aero, -road_load(p, 10.0, 0.0).aero, 1e-12);
  // Full value a few v_eps away from zero (tanh(0.5/0.05) = 1 - 4e-9).
  EXPECT_NEAR(road_load(p, 0.5, 0.0).rolling, 1900.0 * 9.80665 * 0.009, 1e-5);
  EXPECT_NEAR(applied_brake_force(p, 5000.0, 0.5), 5000.0, 1e-4);
}

TEST(VehicleDynamics, AeroCoastDownClosedFormSatisfiesTheOde) {
  VehicleParameters p = sedan();
  p.rolling_resistance_coefficient = 0.0;
  const double v0 = 36.0;
  for (double t : {0.0, 10.0, 60.0, 300.0}) {
    const double h = 1e-3;
    const double slope =
        (aero_coast_down_speed(p, v0, t + h) - aero_coast_down_speed(p, v0, t - h)) / (2.0 * h);
    const double v = aero_coast_down_speed(p, v0, t);
    EXPECT_NEAR(slope, acceleration(p, 0.0, 0.0, v, 0.0), 1e-7) << "t = " << t;
  }
  EXPECT_DOUBLE_EQ(aero_coast_down_speed(p, v0, 0.0), v0);
}

TEST(VehicleDynamics, ConstantGradeEquilibriumSpeedIsTheRootOfTheForceBalance) {
  const VehicleParameters p = sedan();
  const double grade = 0.08;
  const double force = 3000.0;
  const double theta = std::atan(grade);
  const double climbing = p.mass * p.gravity *
                          (p.rolling_resistance_coefficient * std::cos(theta) + std::sin(theta));
  const double v_eq = std::sqrt((force - climbing) / (0.5 * 1.2 * 0.24 * 2.3));
  EXPECT_NEAR(acceleration(p, force, 0.0, v_eq, grade), 0.0, 1e-12);
  EXPECT_GT(acceleration(p, force, 0.0, 0.99 * v_eq, grade), 0.0);
  EXPECT_LT(acceleration(p, force, 0.0, 1.01 * v_eq, grade), 0.0);
}

TEST(VehicleDynamics, InverseModelReproducesTheAcceleration) {
  const VehicleParameters p = sedan();
  for (double v : {0.0, 3.0, 30.0}) {
    for (double a : {-2.0, 0.0, 1.5}) {
      const double force = required_traction_force(p, v, a, 0.03);
      EXPECT_NEAR(acceleration(p, force, 0.0, v, 0.03), a, 1e-12);
    }
  }
}

TEST(VehicleDynamics, InvalidParametersAreRejectedByName) {
  VehicleParameters p = sedan();
  p.mass = 0.0;
  try {
    validate(p);
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("'mass'"), std::string::npos) << error.what();
  }
  p = sedan();
  p.wheel_radius = std::nan("");
  EXPECT_THROW(validate(p), InputError);
  p = sedan();
  p.drag_coefficient = -0.1;
  EXPECT_THROW(validate(p), InputError);
}

}  // namespace
}  // namespace etsim::vehicle
