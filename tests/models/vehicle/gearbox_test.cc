#include "models/vehicle/gearbox.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/error.h"

namespace etsim::vehicle {
namespace {

TEST(Gearbox, IdealGearboxScalesTorqueBySpeedRatio) {
  GearboxParameters p;
  p.ratio = 9.0;
  p.mesh_efficiency = 1.0;
  p.coulomb_drag_torque = 0.0;
  p.viscous_drag = 0.0;
  const GearboxOperatingPoint point = gearbox_operating_point(p, 100.0, 20.0);
  EXPECT_DOUBLE_EQ(point.input_speed, 180.0);
  EXPECT_NEAR(point.output_torque, 900.0, 1e-12);
  EXPECT_NEAR(point.loss_power, 0.0, 1e-9);
}

TEST(Gearbox, ForwardPowerFlowAppliesMeshEfficiencyAfterDrag) {
  GearboxParameters p;  // eta 0.975, T_c 0.3 N*m, c_v 2e-4
  const double torque = 200.0, wheel_speed = 50.0;
  const GearboxOperatingPoint point = gearbox_operating_point(p, torque, wheel_speed);
  const double w_in = 450.0;
  const double drag = 0.3 * std::tanh(w_in / 1.0) + 2e-4 * w_in;
  EXPECT_NEAR(point.drag_torque, drag, 1e-12);
  EXPECT_NEAR(point.output_torque, 9.0 * 0.975 * (torque - drag), 1e-9);
  const double p_in = torque * w_in;
  const double p_out = point.output_torque * wheel_speed;
  EXPECT_NEAR(p_in, p_out + point.loss_power, 1e-9 * p_in);  // power balance
  EXPECT_NEAR(p_out / p_in, 0.975 * (1.0 - drag / torque), 1e-12);
}

TEST(Gearbox, BackDrivenFlowDividesByEfficiency) {
  GearboxParameters p;
  const double torque = -150.0, wheel_speed = 40.0;  // regeneration: motor brakes the wheels
  const GearboxOperatingPoint point = gearbox_operating_point(p, torque, wheel_speed);
  const double w_in = 360.0;
  const double drag = 0.3 * std::tanh(w_in) + 2e-4 * w_in;
  EXPECT_NEAR(point.output_torque, 9.0 * (torque - drag) / 0.975, 1e-9);
  const double wheel_power_in = -point.output_torque * wheel_speed;  // from the wheels
  const double motor_power_in = -torque * w_in;                      // absorbed by the motor
  EXPECT_NEAR(wheel_power_in, motor_power_in + point.loss_power, 1e-9 * wheel_power_in);
  EXPECT_LT(motor_power_in, 0.975 * wheel_power_in);  // drag costs extra
}

TEST(Gearbox, LossIsNonNegativeAndBalancesPowerEverywhere) {
  GearboxParameters p;
  for (double torque = -300.0; torque <= 300.0; torque += 7.3) {
    for (double wheel_speed = -60.0; wheel_speed <= 60.0; wheel_speed += 0.77) {
      const GearboxOperatingPoint point = gearbox_operating_point(p, torque, wheel_speed);
      const double p_in = torque * point.input_speed;
      const double p_out = point.output_torque * wheel_speed;
      ASSERT_GE(point.loss_power, -1e-12) << torque << " " << wheel_speed;
      ASSERT_NEAR(p_in - p_out, point.loss_power, 1e-9 * (1.0 + std::abs(p_in)));
    }
  }
}

TEST(Gearbox, InvalidEfficiencyIsRejected) {
  GearboxParameters p;
  p.mesh_efficiency = 1.2;
  try {
    validate(p);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("mesh_efficiency"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("(0, 1]"), std::string::npos);
  }
  p = GearboxParameters{};
  p.ratio = 0.0;
  EXPECT_THROW(validate(p), InputError);
}

}  // namespace
}  // namespace etsim::vehicle
