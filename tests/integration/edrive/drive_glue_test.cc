// Drive glue components (models/electric/drive_glue.h): the dead-time compensation makes the
// inverter apply exactly the motor's voltage, and the energy meter integrates powers exactly.
#include "models/electric/drive_glue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

#include "engine/core/error.h"
#include "engine/exec/simulator.h"
#include "engine/framework/model.h"

namespace etsim {
namespace {

TEST(DriveDeadTimeCompensation, AddsTheInvertersDeadTimeVoltageAlongTheCurrent) {
  DeadTimeCompensationParameters p;
  p.dead_time = 1.5e-6;
  p.switching_frequency = 10e3;
  p.dead_time_current_width = 2.0;
  const DriveDeadTimeCompensation component("comp", p);
  const double u[5] = {-120.0, 180.0, -300.0, 400.0, 400.0};  // v_d, v_q, i_d, i_q, V_dc
  double y[2] = {};
  EvalContext c;
  c.u = u;
  c.y = y;
  ASSERT_EQ(component.compute_outputs(c), RhsStatus::Ok);
  // (4/pi) t_d f_sw V_dc = 7.639 V along i/sqrt(|i|^2 + I_w^2), |i| = 500 A.
  const double error_voltage = 4.0 / std::numbers::pi * 1.5e-6 * 10e3 * 400.0;
  const double norm = std::sqrt(500.0 * 500.0 + 4.0);
  EXPECT_NEAR(y[0], -120.0 + error_voltage * -300.0 / norm, 1e-12);
  EXPECT_NEAR(y[1], 180.0 + error_voltage * 400.0 / norm, 1e-12);
  EXPECT_NEAR(std::hypot(y[0] + 120.0, y[1] - 180.0), 7.6394 * 500.0 / norm, 1e-3);
}

TEST(DriveDeadTimeCompensation, RejectsNonPositiveSwitchingFrequency) {
  DeadTimeCompensationParameters p;
  p.switching_frequency = 0.0;
  EXPECT_THROW(DriveDeadTimeCompensation("comp", p), InputError);
}

// Constant and linearly rising powers: E = P t and E = a t^2 / 2 exactly (closed form).
class PowerRamp final : public Component {
 public:
  PowerRamp() : Component("ramp") {
    add_output({"constant", "W", ""});
    add_output({"ramp", "W", ""});
  }
  std::string_view type_name() const override { return "PowerRamp"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = 1500.0;
    c.y[1] = -40.0 * c.time;
    return RhsStatus::Ok;
  }
};

TEST(DriveEnergyMeter, IntegratesPowersExactly) {
  ModelBuilder builder;
  builder.add(std::unique_ptr<Component>(std::make_unique<PowerRamp>()));
  builder.add(std::unique_ptr<Component>(std::make_unique<DriveEnergyMeter>("meter")));
  builder.connect("ramp.constant", "meter.dc_power");
  builder.connect("ramp.ramp", "meter.inverter_loss");
  builder.connect("ramp.constant", "meter.motor_loss");
  builder.connect("ramp.ramp", "meter.gearbox_loss");
  builder.connect("ramp.constant", "meter.source_loss");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 0.01;
  Simulator simulator(model, options, 0.0);
  simulator.advance_to(10.0);
  const std::vector<double>& x = simulator.data().x;
  ASSERT_EQ(x.size(), 5u);
  EXPECT_NEAR(x[0], 15000.0, 1e-9);
  EXPECT_NEAR(x[1], -2000.0, 1e-9);
  EXPECT_NEAR(x[2], 15000.0, 1e-9);
  EXPECT_NEAR(x[3], -2000.0, 1e-9);
  EXPECT_NEAR(x[4], 15000.0, 1e-9);
}

}  // namespace
}  // namespace etsim
