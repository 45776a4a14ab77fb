// Simulator: closed-form thermal responses through the engine with every solver, state events,
// discrete sample hits, solver-failure reporting and allocation-free fixed-step stepping.
#include "engine/exec/simulator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/control/thermostat.h"
#include "models/thermal/foster_cauer.h"
#include "models/thermal/thermal_elements.h"
#include "tests/support/test_components.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/lock_counter.h"

namespace etsim {
namespace {

using thermal::CauerThermalNetwork;
using thermal::FixedTemperature;
using thermal::ThermalConductance;
using thermal::ThermalMass;

using test_components::ConstantHeat;

// Heat switched by a signal: P = power * command.
class SwitchedHeat final : public Component {
 public:
  SwitchedHeat(std::string name, double power) : Component(std::move(name)), power_(power) {
    add_port("node", PortKind::Thermal, PortRole::B);
    add_input({"command", "1", ""});
  }
  std::string_view type_name() const override { return "SwitchedHeat"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = power_ * c.u[1];
    return RhsStatus::Ok;
  }

 private:
  double power_;
};

// A sampled counter: d <- d + 1 every period, output d (tests sample hits).
class Counter final : public Component {
 public:
  Counter(std::string name, double period) : Component(std::move(name)) {
    add_discrete_state({"count", "1", 0.0, ""});
    add_output({"count", "1", ""});
    set_sample_period(period);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Counter"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.d[0];
    return RhsStatus::Ok;
  }
  void update_discrete(const EvalContext& c, double* d_next) const override {
    d_next[0] = c.d[0] + 1.0;
  }
};

// Fails (Fatal) once the temperature passes a limit.
class Fragile final : public Component {
 public:
  explicit Fragile(std::string name) : Component(std::move(name)) {
    add_state({"temperature", "K", 300.0, 300.0, 0.0, "lumped temperature"});
    add_port("node", PortKind::Thermal, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Fragile"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.x[0];
    return RhsStatus::Ok;
  }
  RhsStatus compute_derivatives(const EvalContext& c, double* xdot) const override {
    if (c.x[0] > 400.0) return RhsStatus::Fatal;
    xdot[0] = c.u[0] / 10.0;
    return RhsStatus::Ok;
  }
};

// RC cooling: mass C at T0 through G to ambient Ta. T(t) = Ta + (T0 - Ta) exp(-G t / C).
Model rc_model(double capacity, double conductance, double initial, double ambient) {
  ModelBuilder builder;
  auto mass = std::make_unique<ThermalMass>("mass", capacity, initial);
  builder.add(std::move(mass));
  builder.add(std::make_unique<ThermalConductance>("link", conductance));
  builder.add(std::make_unique<FixedTemperature>("ambient", ambient));
  builder.connect("link.a", "mass.node");
  builder.connect("link.b", "ambient.node");
  return builder.build();
}

struct SolverCase {
  SolverMethod method;
  double step;
  double tolerance;  // on the relative temperature-difference error
};

class RcCooling : public ::testing::TestWithParam<SolverCase> {};

TEST_P(RcCooling, MatchesClosedForm) {
  const SolverCase solver = GetParam();
  const double capacity = 500.0, conductance = 10.0, initial = 360.0, ambient = 300.0;
  const Model model = rc_model(capacity, conductance, initial, ambient);
  SolverOptions options;
  options.method = solver.method;
  options.fixed_step = solver.step;
  options.relative_tolerance = 1e-10;
  options.absolute_tolerance = 1e-12;
  Simulator simulator(model, options, 0.0);
  for (double t : {10.0, 50.0, 100.0}) {
    simulator.advance_to(t);
    const double exact = ambient + (initial - ambient) * std::exp(-conductance * t / capacity);
    const double error = std::abs(simulator.data().x[0] - exact) / (initial - ambient);
    EXPECT_LT(error, solver.tolerance) << to_string(solver.method) << " t=" << t;
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllSolvers, RcCooling,
    ::testing::Values(SolverCase{SolverMethod::ExplicitEuler, 0.01, 6e-5},
                      SolverCase{SolverMethod::RungeKutta4, 0.5, 1e-9},
                      SolverCase{SolverMethod::AdamsBashforth2, 0.01, 1e-8},
                      SolverCase{SolverMethod::Bdf2, 0.01, 1e-6},
                      SolverCase{SolverMethod::Sdirk2, 0.01, 1e-6},
                      SolverCase{SolverMethod::CvodeBdf, 0.0, 1e-7},
                      SolverCase{SolverMethod::CvodeAdams, 0.0, 1e-7},
                      SolverCase{SolverMethod::ArkodeErk, 0.0, 1e-7},
                      SolverCase{SolverMethod::ArkodeImex, 0.0, 1e-7}));

TEST(Simulator, CauerNetworkReproducesDatasheetFosterStepResponse) {
  // Fuji 2MBI600XEE065-50 IGBT Zth(j-c) Foster terms (shared/data PROVENANCE section 3), driven by
  // a 300 W step with the case held at 60 degC: the junction must follow the Foster formula.
  const FosterNetwork foster{{1.44e-3, 11.48e-3, 17.04e-3, 23.66e-3},
                             {0.5e-3, 4.9e-3, 35.1e-3, 56.6e-3}};
  const double case_temperature = 333.15, power = 300.0;
  ModelBuilder builder;
  builder.add(std::make_unique<CauerThermalNetwork>("zth", foster_to_cauer(foster),
                                                    case_temperature));
  builder.add(std::make_unique<ConstantHeat>("loss", power));
  builder.add(std::make_unique<FixedTemperature>("case", case_temperature));
  builder.connect("loss.node", "zth.junction");
  builder.connect("zth.case", "case.node");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::CvodeBdf;
  options.relative_tolerance = 1e-10;
  options.absolute_tolerance = 1e-13;  // scaled by the states' nominal 300 K
  Simulator simulator(model, options, 0.0);
  for (double t : {1e-4, 1e-3, 1e-2, 0.1, 0.5}) {
    simulator.advance_to(t);
    const double expected = foster_step_response(foster, power, t);
    const double junction = simulator.data().x[0] - case_temperature;
    EXPECT_NEAR(junction, expected, 1e-6 * expected + 1e-9) << "t=" << t;
  }
}

TEST(Simulator, ThermostatStateEventIsLocatedExactly) {
  // A mass heated by 100 W switches a 300 W cooler on at 320 K and off at 310 K.
  // Heating: T = T0 + P t / C  -> first switch at t1 = C (320 - 300) / 100.
  // Cooling with net -200 W: off at t2 = t1 + C (320 - 310) / 200.
  const double capacity = 1000.0;
  ModelBuilder builder;
  builder.add(std::make_unique<ThermalMass>("mass", capacity, 300.0));
  builder.add(std::make_unique<ConstantHeat>("heater", 100.0));
  builder.add(std::make_unique<SwitchedHeat>("cooler", -300.0));
  builder.add(std::make_unique<control::Thermostat>("thermostat", 320.0, 310.0));
  builder.connect("heater.node", "mass.node");
  builder.connect("cooler.node", "mass.node");
  builder.connect("mass.node.temperature", "thermostat.temperature");
  builder.connect("thermostat.command", "cooler.command");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::CvodeBdf;
  options.relative_tolerance = 1e-9;
  options.absolute_tolerance = 1e-9;
  Simulator simulator(model, options, 0.0);
  const double t1 = capacity * 20.0 / 100.0;
  const double t2 = t1 + capacity * 10.0 / 200.0;
  simulator.advance_to(t1 + 1.0);
  // Crossings so far: 310 K rising (no switch), 320 K rising (on).
  EXPECT_EQ(simulator.event_stats().state_events, 2);
  EXPECT_EQ(simulator.data().d[0], 1.0);
  // One second after switching on: 320 - 200 W * 1 s / C.
  EXPECT_NEAR(simulator.data().x[0], 320.0 - 200.0 / capacity, 1e-6);
  simulator.advance_to(t2 + 1.0);
  EXPECT_EQ(simulator.event_stats().state_events, 3);
  EXPECT_EQ(simulator.data().d[0], 0.0);
  EXPECT_NEAR(simulator.data().x[0], 310.0 + 100.0 / capacity, 1e-6);
}

// A sampled counter with an offset: d <- d + 1 at offset + k period.
class OffsetCounter final : public Component {
 public:
  OffsetCounter(std::string name, double period, double offset) : Component(std::move(name)) {
    add_discrete_state({"count", "1", 0.0, ""});
    add_output({"count", "1", ""});
    set_sample_period(period, offset);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "OffsetCounter"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.d[0];
    return RhsStatus::Ok;
  }
  void update_discrete(const EvalContext& c, double* d_next) const override {
    d_next[0] = c.d[0] + 1.0;
  }
};

TEST(Simulator, SampleHitsHappenAtEveryPeriodWhileStatesIntegrate) {
  // Counters at 0.25 s and at 0.1 s + k 0.2 s beside an RC state, with a solver stepping through.
  ModelBuilder builder;
  builder.add(std::make_unique<Counter>("counter", 0.25));
  builder.add(std::make_unique<OffsetCounter>("offset_counter", 0.2, 0.1));
  builder.add(std::make_unique<ThermalMass>("mass", 500.0, 360.0));
  builder.add(std::make_unique<ThermalConductance>("link", 10.0));
  builder.add(std::make_unique<FixedTemperature>("ambient", 300.0));
  builder.connect("link.a", "mass.node");
  builder.connect("link.b", "ambient.node");
  const Model model = builder.build();
  for (SolverMethod method : {SolverMethod::RungeKutta4, SolverMethod::Bdf2, SolverMethod::CvodeBdf}) {
    SolverOptions options;
    options.method = method;
    options.fixed_step = 0.05;
    options.relative_tolerance = 1e-10;
    options.absolute_tolerance = 1e-12;
    Simulator simulator(model, options, 0.0);
    simulator.advance_to(1.0);
    simulator.refresh_outputs();
    // Hits at 0, 0.25, 0.5, 0.75, 1.0 and at 0.1, 0.3, 0.5, 0.7, 0.9.
    EXPECT_EQ(simulator.data().d[0], 5.0) << to_string(method);
    EXPECT_EQ(simulator.data().d[1], 5.0) << to_string(method);
    EXPECT_EQ(simulator.event_stats().sample_hits, 10) << to_string(method);
    // The sample hits do not disturb the continuous solution (BDF2's error is that of its one
    // implicit-Euler starting step, h^2 lambda^2 / 2 * 60 K = 3e-5 K; it is not restarted at hits).
    const double exact = 300.0 + 60.0 * std::exp(-10.0 * 1.0 / 500.0);
    const double tolerance = method == SolverMethod::Bdf2 ? 4e-5 * 1.2 : 1e-6;
    EXPECT_NEAR(simulator.data().x[0], exact, tolerance) << to_string(method);
  }
  SolverOptions misaligned;
  misaligned.method = SolverMethod::RungeKutta4;
  misaligned.fixed_step = 0.03;  // 0.25 s is no whole multiple of 30 ms
  EXPECT_THROW(Simulator(model, misaligned, 0.0), InputError);
}

// A sampled heater command: on for the first second, off afterwards (a jump at a sample hit).
class SampledSwitch final : public Component {
 public:
  SampledSwitch(std::string name, double period, double off_time)
      : Component(std::move(name)), off_time_(off_time) {
    add_discrete_state({"command", "1", 1.0, ""});
    add_output({"command", "1", ""});
    set_sample_period(period);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "SampledSwitch"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.d[0];
    return RhsStatus::Ok;
  }
  void update_discrete(const EvalContext& c, double* d_next) const override {
    d_next[0] = c.time >= off_time_ - 1e-12 ? 0.0 : 1.0;
  }

 private:
  double off_time_;
};

// A signal level detector: its zero crossing is g = command - 0.5, so a jump of the command at a
// sample hit crosses zero without any time passing.
class LevelDetector final : public Component {
 public:
  explicit LevelDetector(std::string name) : Component(std::move(name)) {
    add_input({"level", "1", ""});
    add_discrete_state({"falls", "1", 0.0, ""});
    set_zero_crossing_count(1);
  }
  std::string_view type_name() const override { return "LevelDetector"; }
  void zero_crossings(const EvalContext& c, double* g) const override { g[0] = c.u[0] - 0.5; }
  void on_zero_crossing(int, int direction, const EvalContext&, double* d) const override {
    if (direction < 0) d[0] += 1.0;
  }
};

TEST(Simulator, CrossingCausedByASampleHitJumpIsNotLost) {
  for (SolverMethod method : {SolverMethod::RungeKutta4, SolverMethod::CvodeBdf}) {
    ModelBuilder builder;
    builder.add(std::make_unique<SampledSwitch>("switch", 0.1, 1.0));
    builder.add(std::make_unique<LevelDetector>("detector"));
    builder.add(std::make_unique<ThermalMass>("mass", 500.0, 300.0));
    builder.add(std::make_unique<ConstantHeat>("heater", 10.0));
    builder.connect("switch.command", "detector.level");
    builder.connect("heater.node", "mass.node");
    const Model model = builder.build();
    SolverOptions options;
    options.method = method;
    options.fixed_step = 0.01;
    Simulator simulator(model, options, 0.0);
    simulator.advance_to(2.0);
    EXPECT_EQ(simulator.data().d[model.layout(1).discrete_offset], 1.0) << to_string(method);
  }
}

TEST(Simulator, AdamsBashforth2RestartsAtEverySampleHit) {
  // A heater whose command steps up by 1 at every 0.1 s sample hit (the sampled counter) into a
  // mass: the rate is piecewise constant, so AB2 restarted at each jump is exact. Carrying the
  // old derivative across a jump would add h/2 x 50 W / 500 J/K = 5e-4 K per jump, 0.01 K in all.
  ModelBuilder builder;
  builder.add(std::make_unique<Counter>("counter", 0.1));
  builder.add(std::make_unique<SwitchedHeat>("heater", 50.0));
  builder.add(std::make_unique<ThermalMass>("mass", 500.0, 300.0));
  builder.connect("counter.count", "heater.command");
  builder.connect("heater.node", "mass.node");
  const Model model = builder.build();
  SolverOptions options;
  options.fixed_step = 0.01;
  options.method = SolverMethod::AdamsBashforth2;
  Simulator ab2(model, options, 0.0);
  ab2.advance_to(2.05);
  // Command k on [0.1 (k - 1), 0.1 k) for k = 1..20, then 21 for the 0.05 s after the hit at 2.0 s.
  const double exact = 300.0 + 50.0 * (0.1 * 210.0 + 0.05 * 21.0) / 500.0;
  EXPECT_NEAR(ab2.data().x[0], exact, 1e-10);
  EXPECT_GE(ab2.event_stats().solver_resets, 20);
  // Its stepping path restarts too.
  Simulator stepped(model, options, 0.0);
  for (int k = 1; k <= 205; ++k) stepped.step();
  EXPECT_NEAR(stepped.data().x[0], exact, 1e-10);
}

// Holds its input at each sample hit (a sampled measurement).
class SampleAndHold final : public Component {
 public:
  SampleAndHold(std::string name, double period) : Component(std::move(name)) {
    add_input({"signal", "K", ""});
    add_discrete_state({"held", "K", 0.0, ""});
    add_output({"held", "K", ""});
    set_sample_period(period);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "SampleAndHold"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = c.d[0];
    return RhsStatus::Ok;
  }
  void update_discrete(const EvalContext& c, double* d_next) const override { d_next[0] = c.u[0]; }
};

// An output nobody inside the model reads (only a recorder would): counts its evaluations.
class CountedOutput final : public Component {
 public:
  explicit CountedOutput(std::string name) : Component(std::move(name)) {
    add_output({"value", "1", ""});
  }
  std::string_view type_name() const override { return "CountedOutput"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    ++calls;
    c.y[0] = 1.0;
    return RhsStatus::Ok;
  }
  mutable long calls = 0;
};

TEST(Simulator, ASampleHitEvaluatesOnlyTheOutputsItsControllersRead) {
  // A sampled measurement of a cooling mass beside an output read by no one: at each hit the
  // measurement sees the mass temperature of that instant, and the unrelated output is not
  // evaluated (it is computed when someone asks: refresh_outputs, recording).
  ModelBuilder builder;
  builder.add(std::make_unique<SampleAndHold>("sensor", 0.1));
  builder.add(std::make_unique<ThermalMass>("mass", 500.0, 360.0));
  builder.add(std::make_unique<ThermalConductance>("link", 10.0));
  builder.add(std::make_unique<FixedTemperature>("ambient", 300.0));
  auto counted = std::make_unique<CountedOutput>("unread");
  const CountedOutput* unread = counted.get();
  builder.add(std::move(counted));
  builder.connect("link.a", "mass.node");
  builder.connect("link.b", "ambient.node");
  builder.connect("mass.node.temperature", "sensor.signal");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 0.01;
  Simulator simulator(model, options, 0.0);
  const long calls_at_start = unread->calls;
  simulator.advance_to(1.05);
  EXPECT_EQ(simulator.event_stats().sample_hits, 11);
  EXPECT_EQ(unread->calls, calls_at_start);
  // Held at the hit at 1.0 s: the temperature of that instant.
  const double at_hit = 300.0 + 60.0 * std::exp(-10.0 * 1.0 / 500.0);
  EXPECT_NEAR(simulator.data().d[0], at_hit, 1e-9);
  simulator.refresh_outputs();
  EXPECT_EQ(unread->calls, calls_at_start + 1);
}

TEST(Simulator, FailureNamesTimeComponentAndState) {
  ModelBuilder builder;
  builder.add(std::make_unique<Fragile>("fragile_mass"));
  builder.add(std::make_unique<ConstantHeat>("heater", 100.0));
  builder.connect("heater.node", "fragile_mass.node");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 0.1;
  Simulator simulator(model, options, 0.0);
  try {
    simulator.advance_to(100.0);
    FAIL() << "expected a SimulationError";
  } catch (const SimulationError& error) {
    // 300 K + 10 K/s: passes 400 K after 10 s.
    EXPECT_NEAR(error.time(), 10.0, 0.2);
    EXPECT_EQ(error.component(), "fragile_mass");
    EXPECT_NE(std::string(error.what()).find("fragile_mass"), std::string::npos) << error.what();
  }
}

// Junction network, plate, coolant, a controller sampled every 1 ms and a thermostat switching a
// cooler within a 0.1 K band: sample hits and state events within a few milliseconds.
Model cooled_junction() {
  const FosterNetwork foster{{1.44e-3, 11.48e-3, 17.04e-3, 23.66e-3},
                             {0.5e-3, 4.9e-3, 35.1e-3, 56.6e-3}};
  ModelBuilder builder;
  builder.add(std::make_unique<CauerThermalNetwork>("zth", foster_to_cauer(foster), 330.0));
  builder.add(std::make_unique<ConstantHeat>("loss", 200.0));
  builder.add(std::make_unique<ThermalMass>("plate", 450.0, 330.0));
  builder.add(std::make_unique<ThermalConductance>("convection", 20.0));
  builder.add(std::make_unique<FixedTemperature>("coolant", 330.0));
  builder.add(std::make_unique<Counter>("controller", 1e-3));
  builder.add(std::make_unique<SwitchedHeat>("cooler", -400.0));
  builder.add(std::make_unique<control::Thermostat>("thermostat", 330.2, 330.1));
  builder.connect("loss.node", "zth.junction");
  builder.connect("zth.case", "plate.node");
  builder.connect("convection.a", "plate.node");
  builder.connect("convection.b", "coolant.node");
  builder.connect("cooler.node", "plate.node");
  builder.connect("plate.node.temperature", "thermostat.temperature");
  builder.connect("thermostat.command", "cooler.command");
  return builder.build();
}

TEST(Simulator, FixedStepSteppingAllocatesNothingAndTakesNoLock) {
  const Model model = cooled_junction();
  struct Case {
    SolverMethod method;
    LinearSolverKind linear;
  };
  for (const Case& run : {Case{SolverMethod::RungeKutta4, LinearSolverKind::Dense},
                          Case{SolverMethod::ExplicitEuler, LinearSolverKind::Dense},
                          Case{SolverMethod::AdamsBashforth2, LinearSolverKind::Dense},
                          Case{SolverMethod::Bdf2, LinearSolverKind::Dense},
                          Case{SolverMethod::Sdirk2, LinearSolverKind::Dense},
                          Case{SolverMethod::Sdirk2, LinearSolverKind::SparseKlu}}) {
    const SolverMethod method = run.method;
    SolverOptions options;
    options.method = method;
    options.linear_solver = run.linear;
    options.fixed_step = 1e-4;
    Simulator simulator(model, options, 0.0);
    simulator.advance_to(1e-3);  // warm up
    AllocationCounter counter;
    LockCounter locks;
    double t = simulator.time();
    for (int i = 0; i < 10000; ++i) {
      t += 1e-4;
      simulator.advance_to(t);
      simulator.refresh_outputs();  // what a real-time loop does before writing its outputs
    }
    EXPECT_EQ(counter.count(), 0) << to_string(method);
    EXPECT_EQ(locks.count(), 0) << to_string(method);
    EXPECT_GT(simulator.event_stats().sample_hits, 999);
    // The thermostat switched the cooler on and off during the measured stretch.
    EXPECT_GT(simulator.event_stats().state_events, 2) << to_string(method);
  }
}

// step() is advance_to(time() + h) with less bookkeeping: the same states, discrete states and
// events over a stretch with sample hits and thermostat switching (to rounding of t + h + ...).
TEST(Simulator, StepMatchesAdvanceToOneStepAhead) {
  const Model model = cooled_junction();
  for (SolverMethod method : {SolverMethod::RungeKutta4, SolverMethod::AdamsBashforth2, SolverMethod::Bdf2}) {
    SolverOptions options;
    options.method = method;
    options.fixed_step = 1e-4;
    Simulator stepped(model, options, 0.0), advanced(model, options, 0.0);
    for (int k = 1; k <= 20000; ++k) {
      stepped.step();
      advanced.advance_to(k * 1e-4);
    }
    EXPECT_NEAR(stepped.time(), 2.0, 1e-9);
    for (std::size_t i = 0; i < stepped.data().x.size(); ++i) {
      EXPECT_NEAR(stepped.data().x[i], advanced.data().x[i], 1e-9) << i;
    }
    EXPECT_EQ(stepped.data().d, advanced.data().d);
    EXPECT_EQ(stepped.event_stats().sample_hits, advanced.event_stats().sample_hits);
    EXPECT_EQ(stepped.event_stats().state_events, advanced.event_stats().state_events);
    EXPECT_GT(stepped.event_stats().state_events, 2) << to_string(method);
    EXPECT_EQ(stepped.solver_stats().steps, advanced.solver_stats().steps);
  }
}

TEST(Simulator, StepAllocatesNothingAndTakesNoLock) {
  const Model model = cooled_junction();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 1e-4;
  Simulator simulator(model, options, 0.0);
  simulator.step();
  AllocationCounter counter;
  LockCounter locks;
  for (int i = 0; i < 10000; ++i) simulator.step();
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(locks.count(), 0);
  EXPECT_GT(simulator.event_stats().state_events, 2);
}

TEST(Simulator, StepNeedsAFixedStepMethod) {
  const Model model = cooled_junction();
  Simulator simulator(model, SolverOptions{}, 0.0);  // CVODE
  EXPECT_THROW(simulator.step(), Error);
}

}  // namespace
}  // namespace etsim
