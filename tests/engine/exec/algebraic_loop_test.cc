// Algebraic loops torn by the builder and solved by Newton's method in ModelSystem: a DC source
// with series resistance feeding constant-power loads (the e-drive's DC link without capacitor),
// against the closed form v = (V0 + sqrt(V0^2 - 4 R P)) / 2.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/exec/model_system.h"
#include "engine/exec/simulator.h"
#include "models/electric/dc_source.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/lock_counter.h"

namespace etsim {
namespace {

// Draws P / v from the DC port (a load with direct feedthrough from voltage to current). The power
// is a constant, or ramps at power_rate from its initial value as a state (so there is an ODE).
class ConstantPowerLoad final : public Component {
 public:
  ConstantPowerLoad(std::string name, double power, double power_rate = 0.0)
      : Component(std::move(name)), power_rate_(power_rate) {
    add_state({"power", "W", power, 1e4, 0.0, "power drawn"});
    add_port("dc", PortKind::ElectricalDc, PortRole::B);  // in: voltage, out: current
    add_output({"power_drawn", "W", ""});
  }
  std::string_view type_name() const override { return "ConstantPowerLoad"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    const double voltage = c.u[0];
    if (!(voltage > 0.0)) return RhsStatus::Recoverable;
    c.y[0] = c.x[0] / voltage;
    c.y[1] = c.y[0] * voltage;
    return RhsStatus::Ok;
  }
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override {
    xdot[0] = power_rate_;
    return RhsStatus::Ok;
  }

 private:
  double power_rate_;
};

constexpr double kOpenCircuit = 400.0, kResistance = 0.1;

double closed_form_voltage(double power) {
  return 0.5 * (kOpenCircuit + std::sqrt(kOpenCircuit * kOpenCircuit - 4.0 * kResistance * power));
}

ModelBuilder source_with_loads(std::vector<double> powers, double power_rate = 0.0) {
  ModelBuilder builder;
  electric::DcSourceParameters source;
  source.open_circuit_voltage = kOpenCircuit;
  source.internal_resistance = kResistance;  // no capacitor: v = V0 - R i, feedthrough from i
  builder.add(std::make_unique<electric::DcSource>("source", source));
  for (std::size_t k = 0; k < powers.size(); ++k) {
    const std::string name = "load" + std::to_string(k);
    builder.add(std::make_unique<ConstantPowerLoad>(name, powers[k], power_rate));
    builder.connect("source.dc", name + ".dc");
  }
  return builder;
}

TEST(AlgebraicLoop, IsRefusedUnlessSolvingIsAllowed) {
  const ModelBuilder builder = source_with_loads({50e3});
  try {
    builder.build();
    FAIL() << "expected an algebraic-loop error";
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("algebraic loop: "), std::string::npos) << message;
    EXPECT_NE(message.find("source/dc.voltage"), std::string::npos) << message;
    EXPECT_NE(message.find("algebraic_loops: solve"), std::string::npos) << message;
  }
}

TEST(AlgebraicLoop, IsTornAtTheFlowAndSolvedToTheClosedForm) {
  ModelBuilder builder = source_with_loads({50e3});
  builder.solve_algebraic_loops(true);
  const Model model = builder.build();
  ASSERT_EQ(model.algebraic_loops().size(), 1u);
  ASSERT_EQ(model.algebraic_loops()[0].tear_outputs.size(), 1u);
  EXPECT_EQ(model.output_name(model.algebraic_loops()[0].tear_outputs[0]), "load0/dc.current");
  RunData data = make_run_data(model);
  ModelSystem system(model, data);
  for (double power : {50e3, 150e3, -80e3, 390e3}) {  // motoring, regenerating, near the nose
    data.x[0] = power;
    ASSERT_EQ(system.evaluate_outputs(0.0, data.x.data()), RhsStatus::Ok) << power;
    const double voltage = data.y[model.find_output("source/dc.voltage")];
    EXPECT_NEAR(voltage, closed_form_voltage(power), 1e-9 * kOpenCircuit) << power;
    EXPECT_NEAR(data.y[model.find_output("load0/power_drawn")], power, 1e-6 * std::abs(power));
  }
}

TEST(AlgebraicLoop, LoadsSharingOneSourceAreSolvedTogether) {
  ModelBuilder builder = source_with_loads({30e3, 45e3, 20e3});
  builder.solve_algebraic_loops(true);
  const Model model = builder.build();
  ASSERT_EQ(model.algebraic_loops().size(), 1u);  // the loops overlap: one Newton system
  EXPECT_GE(model.algebraic_loops()[0].tear_outputs.size(), 1u);
  RunData data = make_run_data(model);
  ModelSystem system(model, data);
  ASSERT_EQ(system.evaluate_outputs(0.0, data.x.data()), RhsStatus::Ok);
  EXPECT_NEAR(data.y[model.find_output("source/dc.voltage")], closed_form_voltage(95e3), 1e-9 * kOpenCircuit);
  EXPECT_NEAR(data.y[model.find_output("source/current")], 95e3 / closed_form_voltage(95e3), 1e-8);
}

TEST(AlgebraicLoop, ItsSolutionFollowsTheStatesThroughARun) {
  ModelBuilder builder = source_with_loads({0.0}, /*power_rate=*/2e3);  // 0 -> 200 kW in 100 s
  builder.solve_algebraic_loops(true);
  const Model model = builder.build();
  SolverOptions options;  // CVODE BDF
  options.relative_tolerance = 1e-8;
  Simulator simulator(model, options, 0.0);
  for (double t : {10.0, 50.0, 100.0}) {
    simulator.advance_to(t);
    simulator.refresh_outputs();
    EXPECT_NEAR(simulator.data().y[model.find_output("source/dc.voltage")],
                closed_form_voltage(2e3 * t), 1e-8 * kOpenCircuit) << t;
  }
  EXPECT_EQ(simulator.compiled_kernel(), nullptr);
}

TEST(AlgebraicLoop, NoSolutionFailsNamingTheLoop) {
  // Beyond V0^2 / (4 R) = 400 kW the source cannot deliver the power: no real solution.
  ModelBuilder builder = source_with_loads({380e3}, /*power_rate=*/10e3);
  builder.solve_algebraic_loops(true);
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 0.1;
  Simulator simulator(model, options, 0.0);
  try {
    simulator.advance_to(10.0);
    FAIL() << "expected a failure past 400 kW";
  } catch (const SimulationError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("algebraic loop through 'load0/dc.current'"), std::string::npos) << message;
    EXPECT_GT(error.time(), 1.9);  // 380 kW + 10 kW/s reaches 400 kW at t = 2 s
    EXPECT_LT(error.time(), 2.2);
  }
}

TEST(AlgebraicLoop, FixedStepSolvingAllocatesNothingAndTakesNoLocks) {
  ModelBuilder builder = source_with_loads({10e3, 20e3}, 1e3);
  builder.solve_algebraic_loops(true);
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 1e-3;
  Simulator simulator(model, options, 0.0);
  simulator.advance_to(0.01);
  AllocationCounter counter;
  LockCounter locks;
  double t = simulator.time();
  for (int i = 0; i < 2000; ++i) simulator.advance_to(t += 1e-3);
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(locks.count(), 0);
  simulator.refresh_outputs();
  EXPECT_NEAR(simulator.data().y[model.find_output("source/dc.voltage")],
              closed_form_voltage(30e3 + 2e3 * t), 1e-7 * kOpenCircuit);
}

}  // namespace
}  // namespace etsim
