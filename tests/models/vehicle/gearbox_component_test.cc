#include "models/vehicle/gearbox_component.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "models/vehicle/vehicle_component.h"

namespace etsim::vehicle {
namespace {

void add(ModelBuilder& builder, std::unique_ptr<Component> component) {
  builder.add(std::move(component));
}

// Ideal torque source with the motor's causality (rotational role B: in speed, out torque):
// T(t) = T0 + T1 sin(0.05 t), going negative (regeneration) when T1 > T0.
class TorqueMotor final : public Component {
 public:
  TorqueMotor(double mean, double amplitude) : Component("motor"), mean_(mean), amplitude_(amplitude) {
    const PortSpec& shaft = add_port("shaft", PortKind::Rotational, PortRole::B);
    torque_ = shaft.output_index[1];
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "TorqueMotor"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[torque_] = mean_ + amplitude_ * std::sin(0.05 * c.time);
    return RhsStatus::Ok;
  }

 private:
  double mean_, amplitude_;
  int torque_ = -1;
};

// Fixed-temperature thermal node (role A) that receives the gearbox heat.
class OilNode final : public Component {
 public:
  OilNode() : Component("oil") {
    const PortSpec& node = add_port("node", PortKind::Thermal, PortRole::A);
    temperature_ = node.output_index[0];
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "OilNode"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[temperature_] = 333.15;
    return RhsStatus::Ok;
  }

 private:
  int temperature_ = -1;
};

VehicleParameters sedan() {
  VehicleParameters p;
  p.mass = 1928.0;
  p.drag_coefficient = 0.25;
  p.frontal_area = 2.22;
  p.rolling_resistance_coefficient = 0.0085;
  p.wheel_radius = 0.335;
  p.gear_ratio = 9.04;
  return p;
}

struct Chain {
  Model model;
  double value(const Simulator& s, const char* name) const {
    return s.data().y[model.find_output(name)];
  }
};

Chain build_chain(double mean_torque, double amplitude, bool heat_port) {
  GearboxParameters gearbox;
  gearbox.ratio = 9.04;
  VehicleOptions vehicle;
  vehicle.parameters = sedan();
  vehicle.initial_speed = 10.0;
  ModelBuilder builder;
  add(builder, std::make_unique<TorqueMotor>(mean_torque, amplitude));
  add(builder, std::make_unique<GearboxComponent>("gearbox", gearbox, heat_port));
  add(builder, std::make_unique<VehicleComponent>("car", vehicle));
  builder.connect("motor.shaft", "gearbox.input");
  builder.connect("gearbox.output", "car.wheel");
  builder.allow_unconnected("car.brake_force");
  if (heat_port) {
    add(builder, std::make_unique<OilNode>());
    builder.connect("gearbox.heat", "oil.node");
  }
  return Chain{builder.build()};
}

TEST(GearboxComponent, PowerBalancesAtEveryInstantInBothFlowDirections) {
  const Chain chain = build_chain(60.0, 120.0, false);  // motoring and regenerating phases
  SolverOptions options;
  options.relative_tolerance = 1e-8;
  Simulator simulator(chain.model, options, 0.0);
  int motoring = 0, regenerating = 0;
  for (double t = 5.0; t <= 250.0; t += 5.0) {
    simulator.advance_to(t);
    simulator.refresh_outputs();
    const double p_in = chain.value(simulator, "gearbox/input_power");
    const double p_out = chain.value(simulator, "gearbox/output_power");
    const double loss = chain.value(simulator, "gearbox/loss_power");
    ASSERT_NEAR(p_in, p_out + loss, 1e-9 * (1.0 + std::abs(p_in))) << "t = " << t;
    ASSERT_GE(loss, 0.0);
    // The wheel power of the gearbox is what the vehicle receives.
    ASSERT_NEAR(p_out, chain.value(simulator, "car/traction_power"), 1e-9 * (1.0 + std::abs(p_out)));
    // Speed causality: the motor side turns at i_g times the wheel speed.
    ASSERT_NEAR(chain.value(simulator, "gearbox/input.speed"),
                9.04 * chain.value(simulator, "car/wheel.speed"), 1e-9);
    if (p_in > 1000.0) {
      ++motoring;
      EXPECT_LT(p_out, 0.975 * p_in + 1e-9);
    }
    if (p_in < -1000.0) {
      ++regenerating;
      EXPECT_LT(-p_in, 0.975 * -p_out + 1e-9);  // motor receives less than the wheels give
    }
  }
  EXPECT_GT(motoring, 5);
  EXPECT_GT(regenerating, 5);
}

TEST(GearboxComponent, HeatPortCarriesTheLoss) {
  const Chain chain = build_chain(150.0, 0.0, true);
  Simulator simulator(chain.model, SolverOptions{}, 0.0);
  simulator.advance_to(20.0);
  simulator.refresh_outputs();
  const double loss = chain.value(simulator, "gearbox/loss_power");
  EXPECT_GT(loss, 100.0);
  EXPECT_DOUBLE_EQ(chain.value(simulator, "gearbox/heat.heat_flow"), loss);
}

TEST(GearboxComponent, SteadyClimbMatchesTheClosedFormWheelForce) {
  // Constant motor torque: the equilibrium speed solves i_g eta (T - T_drag(w)) / r = road load.
  const Chain chain = build_chain(80.0, 0.0, false);
  SolverOptions options;
  options.relative_tolerance = 1e-9;
  options.absolute_tolerance = 1e-9;
  Simulator simulator(chain.model, options, 0.0);
  simulator.advance_to(1500.0);
  simulator.refresh_outputs();
  const double v = chain.value(simulator, "car/speed");
  const GearboxParameters p;
  const double w_in = 9.04 * v / 0.335;
  const double drag = p.coulomb_drag_torque * std::tanh(w_in / p.drag_speed_epsilon) +
                      p.viscous_drag * w_in;
  const double wheel_force = 9.04 * 0.975 * (80.0 - drag) / 0.335;
  const RoadLoad load = road_load(sedan(), v, 0.0);
  EXPECT_NEAR(wheel_force, load.total(), 1e-6 * wheel_force);
  EXPECT_NEAR(chain.value(simulator, "car/acceleration"), 0.0, 1e-8);
}

TEST(GearboxComponent, RejectsAnEfficiencyAboveOne) {
  GearboxParameters p;
  p.mesh_efficiency = 1.01;
  EXPECT_THROW(GearboxComponent("g", p, false), InputError);
}

}  // namespace
}  // namespace etsim::vehicle
