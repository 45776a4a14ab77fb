#include "models/vehicle/brake_blending_component.h"

#include "tests/models/vehicle/reference_sedan.h"
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "models/vehicle/drive_cycle.h"
#include "models/vehicle/driver_component.h"
#include "models/vehicle/gearbox_component.h"
#include "models/vehicle/vehicle_component.h"

namespace etsim::vehicle {
namespace {

void add(ModelBuilder& builder, std::unique_ptr<Component> component) {
  builder.add(std::move(component));
}

// Ideal motor: applies the commanded torque to its shaft (rotational role B) and reports the
// mechanical power; stands in for the PMSM model of models/electric.
class IdealMotor final : public Component {
 public:
  IdealMotor() : Component("motor") {
    const PortSpec& shaft = add_port("shaft", PortKind::Rotational, PortRole::B);
    speed_ = shaft.input_index[0];
    torque_ = shaft.output_index[1];
    command_ = add_input({"torque_command", "N*m", ""});
    power_ = add_output({"mechanical_power", "W", ""});
    add_feedthrough(torque_, command_);
    add_feedthrough(power_, command_);
    add_feedthrough(power_, speed_);
  }
  std::string_view type_name() const override { return "IdealMotor"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[torque_] = c.u[command_];
    c.y[power_] = c.u[command_] * c.u[speed_];
    return RhsStatus::Ok;
  }

 private:
  int speed_ = -1, torque_ = -1, command_ = -1, power_ = -1;
};

class ConstantSignal final : public Component {
 public:
  ConstantSignal(std::string name, double value) : Component(std::move(name)), value_(value) {
    add_output({"value", "W", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "ConstantSignal"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = value_;
    return RhsStatus::Ok;
  }

 private:
  double value_;
};


BrakeBlendingParameters sedan_blending() {
  BrakeBlendingParameters blending;
  blending.wheel_radius = 0.335;
  blending.gear_ratio = 9.04;
  blending.motor_peak_torque = 420.0;
  blending.motor_peak_power = 208.0e3;
  return blending;
}

// Full vehicle-side chain of the reference sedan on a cycle: cycle -> driver -> brake blending ->
// ideal motor -> gearbox -> vehicle, friction brake from the blending, battery limit from a signal.
Model build_chain(const std::string& cycle_file, const Table1D& road, double battery_limit) {
  DriverParameters driver;
  driver.vehicle = reference_sedan();
  VehicleOptions vehicle;
  vehicle.parameters = reference_sedan();
  vehicle.road_profile = road;
  GearboxParameters gearbox;
  gearbox.ratio = 9.04;
  const SpeedTrace trace =
      load_speed_trace_csv(std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/" + cycle_file);
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace));
  add(builder, std::make_unique<DriverComponent>("driver", driver));
  add(builder, std::make_unique<BrakeBlendingComponent>("brakes", sedan_blending(), true, 0.0));
  add(builder, std::make_unique<ConstantSignal>("battery", battery_limit));
  add(builder, std::make_unique<IdealMotor>());
  add(builder, std::make_unique<GearboxComponent>("gearbox", gearbox, false));
  add(builder, std::make_unique<VehicleComponent>("car", vehicle));
  builder.connect("cycle.speed", "driver.reference_speed");
  builder.connect("cycle.acceleration", "driver.reference_acceleration");
  builder.connect("car.speed", "driver.speed");
  builder.connect("driver.force_demand", "brakes.force_demand");
  builder.connect("car.speed", "brakes.speed");
  builder.connect("battery.value", "brakes.battery_charge_power_limit");
  builder.connect("brakes.motor_torque_request", "motor.torque_command");
  builder.connect("brakes.friction_force", "car.brake_force");
  builder.connect("motor.shaft", "gearbox.input");
  builder.connect("gearbox.output", "car.wheel");
  return builder.build();
}

struct ChainRun {
  double rms_error_kmh = 0.0, regen_energy = 0.0, friction_energy = 0.0, max_height = 0.0;
  long battery_bound = 0;
};

// Runs the chain sampling every 0.1 s and asserts every regeneration limit at every sample.
ChainRun run_chain(const Model& model, double duration, double battery_limit) {
  const BrakeBlendingParameters blending = sedan_blending();
  Simulator simulator(model, SolverOptions{}, 0.0);
  auto y = [&](const char* name) { return simulator.data().y[model.find_output(name)]; };
  ChainRun run;
  double squared = 0.0;
  long samples = 0;
  const double dt = 0.1;
  for (long k = 1; k * dt <= duration + 1e-9; ++k) {
    simulator.advance_to(k * dt);
    simulator.refresh_outputs();
    const double error = (y("cycle/speed") - y("car/speed")) * 3.6;
    squared += error * error;
    ++samples;
    const double torque = y("brakes/motor_torque_request");
    const double motor_speed = y("gearbox/input.speed");
    EXPECT_LE(std::abs(torque), blending.motor_peak_torque * (1 + 1e-12)) << k * dt;
    EXPECT_LE(std::abs(torque * motor_speed), blending.motor_peak_power * (1 + 1e-9)) << k * dt;
    EXPECT_GE(y("brakes/friction_force"), 0.0);
    if (torque < 0.0) {
      const double electrical = -torque * motor_speed * blending.regen_efficiency;
      EXPECT_LE(electrical, battery_limit * (1 + 1e-9)) << k * dt;
      if (electrical > 0.999 * battery_limit) ++run.battery_bound;
      run.regen_energy += -y("motor/mechanical_power") * dt;
    }
    if (y("car/speed") < blending.fade_speed_off) {
      EXPECT_GE(torque, 0.0) << k * dt;
    }
    run.friction_energy += y("car/brake_force_applied") * y("car/speed") * dt;
    run.max_height = std::max(run.max_height, y("car/height"));
    if (::testing::Test::HasFailure()) break;  // one report, not thousands
  }
  run.rms_error_kmh = std::sqrt(squared / samples);
  return run;
}

TEST(BrakeBlendingComponent, WltcWithRegenerationRespectsEveryLimit) {
  const double battery_limit = 25.0e3;  // [W] low enough to bind in the hard WLTC decelerations
  const Model model = build_chain("wltc_class3b.csv", Table1D(), battery_limit);
  const ChainRun run = run_chain(model, 1800.0, battery_limit);
  std::printf("WLTC drivetrain: RMS %.4f km/h, regen %.2f MJ, friction %.2f MJ, battery limit "
              "bound in %ld samples\n",
              run.rms_error_kmh, run.regen_energy / 1e6, run.friction_energy / 1e6,
              run.battery_bound);
  EXPECT_LT(run.rms_error_kmh, 0.5);
  EXPECT_GT(run.battery_bound, 10);            // the limit really was active
  EXPECT_GT(run.regen_energy, 1.0e6);          // and regeneration recovered MJ
  EXPECT_GT(run.friction_energy, 0.05e6);      // friction filled in when regen was limited
}

TEST(BrakeBlendingComponent, MountainRoadDescentIsBrakedByRegeneration) {
  const std::string folder = std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/";
  const Table1D road = load_road_profile_csv(folder + "mountain_road_profile.csv");
  const double battery_limit = 1.0e9;  // not limiting here
  const Model model = build_chain("mountain_road_speed.csv", road, battery_limit);
  const ChainRun run = run_chain(model, 1132.0, battery_limit);
  // Summit altitude of the constructed road: 200 m ramp + 8 km at 9 % + half the 300 m crest,
  // each piece integrated in closed form: int g/sqrt(1+g^2) dx over a linear ramp from g0 to g1
  // is (L/(g1-g0)) (sqrt(1+g1^2) - sqrt(1+g0^2)).
  const double g = 0.09;
  const double summit = (200.0 / g) * (std::sqrt(1 + g * g) - 1.0) + 8000.0 * g / std::sqrt(1 + g * g) +
                        (150.0 / -g) * (1.0 - std::sqrt(1 + g * g));
  const double potential = 1928.0 * 9.80665 * summit;
  std::printf("mountain road: RMS %.4f km/h, summit %.2f m (closed form %.2f m), regen %.2f MJ "
              "of %.2f MJ potential, friction %.3f MJ\n",
              run.rms_error_kmh, run.max_height, summit, run.regen_energy / 1e6, potential / 1e6,
              run.friction_energy / 1e6);
  EXPECT_LT(run.rms_error_kmh, 0.5);
  EXPECT_NEAR(run.max_height, summit, 0.05);
  // Descent: potential energy minus road losses over 8.3 km at 60 km/h comes back as regen.
  EXPECT_GT(run.regen_energy, 0.6 * potential);
  EXPECT_LT(run.regen_energy, potential);
  EXPECT_LT(run.friction_energy, 0.01 * run.regen_energy);  // friction only for the final stop
}

TEST(BrakeBlendingComponent, ConstantBatteryLimitParameterIsUsedWithoutAnInput) {
  BrakeBlendingParameters p;
  const BrakeBlendingComponent with_input("b", p, true, 0.0);
  const BrakeBlendingComponent without_input("b", p, false, 10.0e3);
  EXPECT_GE(with_input.find_input("battery_charge_power_limit"), 0);
  EXPECT_LT(without_input.find_input("battery_charge_power_limit"), 0);
  double u[2] = {-5000.0, 20.0};
  double y[4] = {};
  EvalContext context;
  context.u = u;
  context.y = y;
  ASSERT_EQ(without_input.compute_outputs(context), RhsStatus::Ok);
  const double motor_speed = 9.0 * 20.0 / 0.33;
  EXPECT_NEAR(-y[without_input.find_output("motor_torque_request")],
              10.0e3 / (0.9 * motor_speed), 1e-9);
  EXPECT_THROW(BrakeBlendingComponent("b", p, false, -1.0), InputError);
}

}  // namespace
}  // namespace etsim::vehicle
