// FocController closing the current loop around PmsmDynamic through the engine, with a fixed-step
// solver: torque command met, currents on their references, no heap allocation while stepping.
#include "models/electric/foc_component.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "models/electric/pmsm_map_file.h"
#include "models/electric/register_motor.h"
#include "tests/support/allocation_counter.h"

namespace etsim {
namespace {

class SpeedSource final : public Component {
 public:
  SpeedSource(std::string name, double speed) : Component(std::move(name)), speed_(speed) {
    add_port("shaft", PortKind::Rotational, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "SpeedSource"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = speed_;
    return RhsStatus::Ok;
  }

 private:
  double speed_;
};

class Constants final : public Component {
 public:
  Constants(std::string name, std::vector<std::pair<std::string, double>> values)
      : Component(std::move(name)), values_(std::move(values)) {
    for (const auto& [signal, value] : values_) add_output({signal, signal == "dc" ? "V" : "N*m", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Constants"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    for (std::size_t k = 0; k < values_.size(); ++k) c.y[k] = values_[k].second;
    return RhsStatus::Ok;
  }

 private:
  std::vector<std::pair<std::string, double>> values_;
};

ParameterValues defaults(const ComponentType& type, bool with_map) {
  ParameterValues given;
  if (type.type_name != "PmsmDynamic") {  // a coarser table keeps the test fast
    given.set_number("table_speed_points", 41);
    given.set_number("table_torque_points", 31);
  }
  if (with_map) {
    const FluxMapData map = read_flux_map_csv(std::string(ETSIM_SOURCE_DIR) +
                                              "/scenarios/data/motor/motor_prius_ipmsm_flux_map.csv");
    given.set_table("flux_map", Table{{"i_d", "i_q", "psi_d", "psi_q"},
                                      {map.current_d, map.current_q, map.flux_d, map.flux_q},
                                      "motor_prius_ipmsm_flux_map.csv"});
  }
  return type.complete("motor", given);
}

SolverOptions rk4(double step) {
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = step;
  return options;
}

double output(const Simulator& sim, const std::string& name) {
  const int index = sim.model().find_output(name);
  EXPECT_GE(index, 0) << name;
  return index >= 0 ? sim.data().y[index] : std::nan("");
}

TEST(FocComponentTest, ClosedLoopWithDynamicMotorStepsFixedWithoutAllocation) {
  ComponentRegistry registry;
  register_motor_components(registry);
  const ComponentType& foc_type = registry.get("FocController");
  const ComponentType& motor_type = registry.get("PmsmDynamic");
  for (bool with_map : {false, true}) {
    ModelBuilder builder;
    builder.add(motor_type.create("motor", defaults(motor_type, with_map)));
    builder.add(foc_type.create("foc", defaults(foc_type, with_map)));
    builder.add(std::make_unique<SpeedSource>("load", 300.0));
    builder.add(std::make_unique<Constants>(
        "command", std::vector<std::pair<std::string, double>>{{"torque", 200.0}, {"dc", 800.0}}));
    builder.connect("motor.shaft", "load.shaft");
    builder.connect("foc.v_d", "motor.v_d");
    builder.connect("foc.v_q", "motor.v_q");
    builder.connect("motor.id", "foc.i_d");
    builder.connect("motor.iq", "foc.i_q");
    builder.connect("motor.speed", "foc.speed");
    builder.connect("command.torque", "foc.torque_command");
    builder.connect("command.dc", "foc.dc_voltage");
    for (const char* port : {"motor.winding", "motor.magnet", "motor.stator_iron"}) {
      builder.allow_unconnected(port);
    }
    const Model model = builder.build();
    Simulator sim(model, rk4(1e-5), 0.0);
    sim.advance_to(0.01);
    double t = 0.01;
    {
      AllocationCounter counter;
      for (int k = 0; k < 2000; ++k) sim.advance_to(t += 1e-5);
      EXPECT_EQ(counter.count(), 0) << "map " << with_map;
    }
    sim.advance_to(0.3);
    // The map's table here is 41 x 31 (coarser than the default): 1.5 % torque tolerance.
    EXPECT_NEAR(output(sim, "motor/torque_electromagnetic"), 200.0, (with_map ? 0.015 : 0.01) * 200.0)
        << "map " << with_map;
    // With the map the controller's small-signal L_q (1.0 mH) is twice the saturated one, so the PI
    // zero no longer cancels the plant pole and a slow mode remains: 0.1 A left after 0.3 s.
    const double current_tolerance = with_map ? 0.3 : 0.05;
    EXPECT_NEAR(output(sim, "motor/id"), output(sim, "foc/i_d_reference"), current_tolerance);
    EXPECT_NEAR(output(sim, "motor/iq"), output(sim, "foc/i_q_reference"), current_tolerance);
  }
}

}  // namespace
}  // namespace etsim
