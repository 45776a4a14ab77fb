#include "models/vehicle/vehicle_component.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "tests/support/allocation_counter.h"

namespace etsim::vehicle {
namespace {

// ModelBuilder::add is overloaded for shared_ptr and unique_ptr of Component, which makes a
// unique_ptr of a derived class ambiguous; converting here first avoids that.
void add(ModelBuilder& builder, std::unique_ptr<Component> component) {
  builder.add(std::move(component));
}

VehicleParameters sedan() {
  VehicleParameters p;
  p.mass = 1900.0;
  p.drag_coefficient = 0.24;
  p.frontal_area = 2.3;
  p.rolling_resistance_coefficient = 0.009;
  return p;
}

// Test source: a wheel torque T(t) = T0 + T1 sin(w t) on a role-B rotational port and a brake force
// B(t) = max(0, B1 sin(w2 t)) as a signal; both stand in for a drivetrain and a brake controller.
class TorqueAndBrakeSource final : public Component {
 public:
  TorqueAndBrakeSource(double mean, double amplitude, double brake_amplitude)
      : Component("source"), mean_(mean), amplitude_(amplitude), brake_amplitude_(brake_amplitude) {
    const PortSpec& shaft = add_port("shaft", PortKind::Rotational, PortRole::B);
    torque_ = shaft.output_index[1];
    brake_ = add_output({"brake_force", "N", ""});
  }
  std::string_view type_name() const override { return "TorqueAndBrakeSource"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[torque_] = mean_ + amplitude_ * std::sin(0.05 * c.time);
    c.y[brake_] = std::max(0.0, brake_amplitude_ * std::sin(0.031 * c.time));
    return RhsStatus::Ok;
  }

 private:
  double mean_, amplitude_, brake_amplitude_;
  int torque_ = -1, brake_ = -1;
};

class GradeSignal final : public Component {
 public:
  explicit GradeSignal(double grade) : Component("road"), grade_(grade) {
    add_output({"grade", "1", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "GradeSignal"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = grade_;
    return RhsStatus::Ok;
  }

 private:
  double grade_;
};

SolverOptions tight_bdf() {
  SolverOptions options;
  options.method = SolverMethod::CvodeBdf;
  options.relative_tolerance = 1e-10;
  options.absolute_tolerance = 1e-10;
  return options;
}

double output(const Simulator& simulator, const std::string& name) {
  const int index = simulator.model().find_output(name);
  EXPECT_GE(index, 0) << name;
  return simulator.data().y[index];
}

TEST(VehicleComponent, AeroOnlyCoastDownMatchesClosedForm) {
  VehicleOptions options;
  options.parameters = sedan();
  options.parameters.rolling_resistance_coefficient = 0.0;
  options.initial_speed = 36.0;
  ModelBuilder builder;
  add(builder, std::make_unique<VehicleComponent>("car", options));
  builder.allow_unconnected("car.wheel");
  builder.allow_unconnected("car.brake_force");
  const Model model = builder.build();
  Simulator simulator(model, tight_bdf(), 0.0);
  for (double t : {30.0, 120.0, 600.0}) {
    simulator.advance_to(t);
    simulator.refresh_outputs();
    const double expected = aero_coast_down_speed(options.parameters, 36.0, t);
    EXPECT_NEAR(output(simulator, "car/speed"), expected, 1e-7 * expected) << "t = " << t;
  }
  // Distance also has a closed form: x(t) = ln(1 + k v0 t) / k.
  const double k = 1.2 * 0.24 * 2.3 / (2.0 * effective_mass(options.parameters));
  EXPECT_NEAR(output(simulator, "car/distance"), std::log(1.0 + k * 36.0 * 600.0) / k, 1e-4);
}

class ConstantGrade : public ::testing::TestWithParam<bool> {};

// Parameter: false = grade as the constant parameter, true = grade from the input signal.
TEST_P(ConstantGrade, ReachesTheEquilibriumSpeed) {
  const bool from_input = GetParam();
  VehicleOptions options;
  options.parameters = sedan();
  options.constant_grade = from_input ? 0.0 : 0.08;
  options.grade_input = from_input;
  options.initial_speed = 5.0;
  const double wheel_torque = 1100.0;  // [N*m] -> 3333 N at r = 0.33 m
  ModelBuilder builder;
  add(builder, std::make_unique<VehicleComponent>("car", options));
  add(builder, std::make_unique<TorqueAndBrakeSource>(wheel_torque, 0.0, 0.0));
  builder.connect("source.shaft", "car.wheel");
  builder.allow_unconnected("car.brake_force");
  if (from_input) {
    add(builder, std::make_unique<GradeSignal>(0.08));
    builder.connect("road.grade", "car.grade");
  }
  const Model model = builder.build();
  Simulator simulator(model, tight_bdf(), 0.0);
  simulator.advance_to(900.0);
  simulator.refresh_outputs();
  const double force = wheel_torque / options.parameters.wheel_radius;
  const double theta = std::atan(0.08);
  const double climbing = 1900.0 * 9.80665 * (0.009 * std::cos(theta) + std::sin(theta));
  const double v_eq = std::sqrt((force - climbing) / (0.5 * 1.2 * 0.24 * 2.3));
  EXPECT_NEAR(output(simulator, "car/speed"), v_eq, 1e-6 * v_eq);
  EXPECT_NEAR(output(simulator, "car/acceleration"), 0.0, 1e-7);
  EXPECT_NEAR(output(simulator, "car/grade"), 0.08, 1e-15);
  // Height gained = distance * sin(theta).
  EXPECT_NEAR(output(simulator, "car/height"), output(simulator, "car/distance") * std::sin(theta),
              1e-6 * output(simulator, "car/height"));
}

INSTANTIATE_TEST_SUITE_P(ParameterOrInput, ConstantGrade, ::testing::Bool());

TEST(VehicleComponent, EnergyBalanceCloses) {
  VehicleOptions options;
  options.parameters = sedan();
  // Hilly road: up 6 %, down 9 %, flat, as grade vs distance.
  options.road_profile = Table1D({0.0, 500.0, 1500.0, 2500.0, 4000.0, 6000.0},
                                 {0.0, 0.06, 0.06, -0.09, -0.09, 0.0});
  ModelBuilder builder;
  add(builder, std::make_unique<VehicleComponent>("car", options));
  add(builder, std::make_unique<TorqueAndBrakeSource>(500.0, 700.0, 3000.0));
  builder.connect("source.shaft", "car.wheel");
  builder.connect("source.brake_force", "car.brake_force");
  const Model model = builder.build();
  Simulator simulator(model, tight_bdf(), 0.0);
  simulator.advance_to(400.0);
  simulator.refresh_outputs();
  const double v = output(simulator, "car/speed");
  const double m_eff = effective_mass(options.parameters);
  const auto state = [&](const char* name) {
    return simulator.data().x[model.find_state(std::string("car/") + name)];
  };
  const double traction = state("energy_traction");
  const double kinetic = 0.5 * m_eff * v * v;
  const double potential = 1900.0 * 9.80665 * state("height");
  const double dissipated = state("energy_rolling") + state("energy_aero") + state("energy_brake");
  ASSERT_GT(traction, 1.0e6);          // a real run: MJ of traction work
  ASSERT_GT(state("energy_brake"), 1.0e4);  // brakes did work
  ASSERT_GT(std::abs(state("height")), 1.0);
  EXPECT_NEAR(traction, kinetic + potential + dissipated, 1e-6 * traction);
}

TEST(VehicleComponent, SteppingAllocatesNothingWithAFixedStepSolver) {
  VehicleOptions options;
  options.parameters = sedan();
  options.road_profile = Table1D({0.0, 100.0, 200.0}, {0.0, 0.05, 0.0});
  ModelBuilder builder;
  add(builder, std::make_unique<VehicleComponent>("car", options));
  add(builder, std::make_unique<TorqueAndBrakeSource>(500.0, 400.0, 1000.0));
  builder.connect("source.shaft", "car.wheel");
  builder.connect("source.brake_force", "car.brake_force");
  const Model model = builder.build();
  SolverOptions fixed;
  fixed.method = SolverMethod::RungeKutta4;
  fixed.fixed_step = 1e-3;
  Simulator simulator(model, fixed, 0.0);
  simulator.advance_to(0.1);
  simulator.refresh_outputs();
  AllocationCounter counter;
  simulator.advance_to(20.0);
  simulator.refresh_outputs();
  EXPECT_EQ(counter.count(), 0);
  EXPECT_GT(output(simulator, "car/distance"), 1.0);
}

TEST(VehicleComponent, RejectsAnImpossibleGrade) {
  VehicleOptions options;
  options.constant_grade = 3.0;
  EXPECT_THROW(VehicleComponent("car", options), InputError);
}

}  // namespace
}  // namespace etsim::vehicle
