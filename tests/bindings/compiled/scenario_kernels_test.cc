// The compiled kernels of the repository's scenarios (bindings/compiled): every scenario finds
// its kernel, a compiled run reproduces the interpreted one, parameters stay run-time values, a
// structural change falls back to interpretation, and the fixed-step path stays allocation- and
// lock-free.
#include "bindings/compiled/scenario_kernels.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/exec/cosimulation.h"
#include "engine/exec/model_system.h"
#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "engine/io/run_scenario.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"
#include "tests/support/allocation_counter.h"
#include "tests/support/lock_counter.h"

namespace etsim {

// Generated for the tests only (tests/bindings/compiled/CMakeLists.txt).
CompiledKernelList heun_test_kernels();

namespace {

ScenarioSpec load(const std::string& name, const std::vector<std::string>& overrides = {}) {
  ComponentRegistry registry;
  register_all_components(registry);
  return load_scenario(std::string(ETSIM_SOURCE_DIR) + "/scenarios/" + name, overrides, registry);
}

const CompiledKernel* kernel_for(const Model& model) {
  RunData data = make_run_data(model);
  ModelSystem system(model, data);
  return system.use_compiled_kernel(compiled_scenario_kernels());
}

// Largest |a - b| / max(1, |b|) over the final states of two runs.
double final_state_difference(const Simulator& a, const Simulator& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.data().x.size(); ++i) {
    const double reference = b.data().x[i];
    worst = std::max(worst, std::abs(a.data().x[i] - reference) / std::max(1.0, std::abs(reference)));
  }
  return worst;
}

TEST(ScenarioKernels, EveryRepositoryScenarioModelHasItsKernel) {
  for (const char* name : {"electro_thermal_default.yaml", "electro_thermal_split.yaml",
                           "edrive_wltc_800v_sic.yaml", "edrive_wltc_400v_igbt.yaml",
                           "edrive_mountain_800v_sic.yaml", "edrive_dynamic_800v_sic.yaml",
                           "edrive_dynamic_multirate_800v_sic.yaml"}) {
    const ScenarioSpec spec = load(name);
    const ModelBuilder network = build_network(spec);
    if (spec.subsystems.empty()) {
      const Model model = network.build();
      const CompiledKernel* kernel = kernel_for(model);
      ASSERT_NE(kernel, nullptr) << name;
      // Scenarios of the same structure (the mountain road and WLTC 800 V) share one kernel.
      if (spec.name == "electro_thermal_default") {
        EXPECT_EQ(std::string(kernel->name), spec.name);
      }
    } else {
      for (const SubsystemSpec& subsystem : spec.subsystems) {
        const Model model = network.build_subset(subsystem.components);
        EXPECT_NE(kernel_for(model), nullptr) << name << " / " << subsystem.name;
      }
    }
  }
}

// The kernel calls the same functions in the same order with the same additions, so the runs agree
// to rounding (bit for bit with this compiler; the bound allows a different contraction of a*b+c).
void expect_same_run(const ScenarioSpec& spec, const SolverOptions& solver, double stop) {
  const Model model = build_network(spec).build();
  Simulator compiled(model, solver, 0.0, true, compiled_scenario_kernels());
  Simulator interpreted(model, solver, 0.0, true, {});
  ASSERT_NE(compiled.compiled_kernel(), nullptr);
  ASSERT_EQ(interpreted.compiled_kernel(), nullptr);
  compiled.advance_to(stop);
  interpreted.advance_to(stop);
  EXPECT_LE(final_state_difference(compiled, interpreted), 1e-12) << to_string(solver.method);
  EXPECT_EQ(compiled.solver_stats().steps, interpreted.solver_stats().steps);
  EXPECT_EQ(compiled.event_stats().state_events, interpreted.event_stats().state_events);
  compiled.refresh_outputs();
  interpreted.refresh_outputs();
  for (std::size_t i = 0; i < compiled.data().y.size(); ++i) {
    EXPECT_NEAR(compiled.data().y[i], interpreted.data().y[i],
                1e-12 * std::max(1.0, std::abs(interpreted.data().y[i])))
        << model.output_name(static_cast<int>(i));
  }
}

TEST(ScenarioKernels, CompiledRunsReproduceInterpretedRuns) {
  const ScenarioSpec spec = load("electro_thermal_default.yaml");
  expect_same_run(spec, spec.solver, 600.0);  // CVODE BDF with thermostat events
  SolverOptions rk4;
  rk4.method = SolverMethod::RungeKutta4;  // the fused RK4 step
  rk4.fixed_step = 1e-3;
  expect_same_run(spec, rk4, 60.0);
  SolverOptions heun = rk4;
  heun.method = SolverMethod::Heun;  // compiled derivatives in the generic Heun loop
  expect_same_run(spec, heun, 60.0);
  SolverOptions ab2 = rk4;
  ab2.method = SolverMethod::AdamsBashforth2;  // compiled derivatives in the generic AB2 loop
  ab2.fixed_step = 2e-4;  // its stability interval (-1, 0] needs a shorter step than Heun's (-2, 0]
  expect_same_run(spec, ab2, 20.0);
  SolverOptions bdf2 = rk4;
  bdf2.method = SolverMethod::Bdf2;
  expect_same_run(spec, bdf2, 60.0);
}

// Each kernel carries the fused step of its model's own fixed-step method (one per kernel, see
// KernelGenerator::source): RK4 for the example (CVODE offline, RK4 for real time), Adams-Bashforth
// 2 for the multirate scenario's electrical subsystem, which runs on it.
TEST(ScenarioKernels, KernelsCarryTheFusedStepOfTheirScenariosMethod) {
  bool found_default = false, found_electrical = false;
  for (const CompiledKernel* kernel : compiled_scenario_kernels()) {
    const std::string name = kernel->name;
    if (name == "electro_thermal_default") {
      EXPECT_NE(kernel->rk4_step, nullptr);
      EXPECT_EQ(kernel->heun_step, nullptr);
      EXPECT_EQ(kernel->adams_bashforth2_steps, nullptr);
      found_default = true;
    }
    if (name == "edrive_dynamic_multirate_800v_sic/electrical") {
      EXPECT_EQ(kernel->rk4_step, nullptr);
      EXPECT_EQ(kernel->heun_step, nullptr);
      EXPECT_NE(kernel->adams_bashforth2_steps, nullptr);
      // The FOC at 10 kHz and the inverter's loss samples at 1 kHz: one compiled output function
      // per sample group (what a hit needs, ModelSystem::evaluate_outputs_for_sample_group).
      EXPECT_EQ(kernel->sample_group_count, 2);
      EXPECT_NE(kernel->sample_group_outputs, nullptr);
      found_electrical = true;
    }
  }
  EXPECT_TRUE(found_default);
  EXPECT_TRUE(found_electrical);
}

// The fused steps reproduce the generic integrators on the compiled derivatives: the scenario's
// Adams-Bashforth 2 (restarted at every 10 kHz sample hit and 1 ms exchange) with the repository's
// kernels, Heun with the test kernels generated for it (tests/bindings/compiled/CMakeLists.txt).
void expect_fused_step_reproduces_interpreted_run(const std::vector<std::string>& overrides,
                                                  CompiledKernelList kernels,
                                                  FusedStepMethod method) {
  std::vector<std::string> all = {"simulation.start=11 s", "simulation.stop=11.2 s"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  const ScenarioSpec spec = load("edrive_dynamic_multirate_800v_sic.yaml", all);
  const ModelBuilder network = build_network(spec);
  CosimulationOptions compiled_options = spec.cosimulation;
  compiled_options.kernels = kernels;
  CosimulationMaster compiled(network, spec.subsystems, compiled_options, spec.start_time);
  CosimulationMaster interpreted(network, spec.subsystems, spec.cosimulation, spec.start_time);
  ASSERT_EQ(compiled.subsystem_name(0), "electrical");
  const CompiledKernel* kernel = compiled.subsystem(0).compiled_kernel();
  ASSERT_NE(kernel, nullptr);
  const bool has_fused_step = method == FusedStepMethod::Heun ? kernel->heun_step != nullptr
                                                              : kernel->adams_bashforth2_steps != nullptr;
  ASSERT_TRUE(has_fused_step);
  compiled.advance_to(spec.stop_time);
  interpreted.advance_to(spec.stop_time);
  for (int k = 0; k < compiled.subsystem_count(); ++k) {
    EXPECT_LE(final_state_difference(compiled.subsystem(k), interpreted.subsystem(k)), 1e-12)
        << compiled.subsystem_name(k);
  }
}

TEST(ScenarioKernels, FusedAdamsBashforth2StepReproducesTheInterpretedRun) {
  expect_fused_step_reproduces_interpreted_run({}, compiled_scenario_kernels(),
                                               FusedStepMethod::AdamsBashforth2);
}

TEST(ScenarioKernels, FusedHeunStepReproducesTheInterpretedRun) {
  expect_fused_step_reproduces_interpreted_run({"subsystems.electrical.solver.method=heun"},
                                               heun_test_kernels(), FusedStepMethod::Heun);
}

// The multirate dynamic drive as the scenario runs it (AB2 multi-steps through the compiled kernel,
// 10 kHz FOC and 1 kHz loss samples, BDF2 on sparse KLU, exchanges every 1 ms): no allocation and
// no lock once running.
TEST(ScenarioKernels, MultirateDynamicDriveAllocatesNothingAndTakesNoLocks) {
  const ScenarioSpec spec = load("edrive_dynamic_multirate_800v_sic.yaml", {"simulation.start=11 s"});
  const ModelBuilder network = build_network(spec);
  CosimulationOptions options = spec.cosimulation;
  options.kernels = compiled_scenario_kernels();
  CosimulationMaster master(network, spec.subsystems, options, spec.start_time);
  ASSERT_NE(master.subsystem(0).compiled_kernel(), nullptr);
  master.advance_to(11.01);  // warm up
  AllocationCounter counter;
  LockCounter locks;
  master.advance_to(11.06);
  EXPECT_EQ(counter.count(), 0);
  EXPECT_EQ(locks.count(), 0);
  EXPECT_GT(master.subsystem(0).event_stats().sample_hits, 500);
}

TEST(ScenarioKernels, TheElectricDriveKernelReproducesItsInterpretedRun) {
  const ScenarioSpec spec = load("edrive_wltc_800v_sic.yaml", {"simulation.stop=120 s"});
  expect_same_run(spec, spec.solver, 120.0);
}

// Subsystems of a co-simulation run their kernels too (external inputs included).
TEST(ScenarioKernels, CosimulatedSubsystemsReproduceTheirInterpretedRun) {
  const ScenarioSpec spec = load("electro_thermal_split.yaml");
  ASSERT_FALSE(spec.subsystems.empty());
  const ModelBuilder network = build_network(spec);
  CosimulationOptions compiled_options = spec.cosimulation;
  compiled_options.kernels = compiled_scenario_kernels();
  CosimulationMaster compiled(network, spec.subsystems, compiled_options, 0.0);
  CosimulationMaster interpreted(network, spec.subsystems, spec.cosimulation, 0.0);
  for (int k = 0; k < compiled.subsystem_count(); ++k) {
    EXPECT_NE(compiled.subsystem(k).compiled_kernel(), nullptr) << compiled.subsystem_name(k);
    EXPECT_EQ(interpreted.subsystem(k).compiled_kernel(), nullptr);
  }
  const double h = spec.cosimulation.communication_step;
  const double stop = 200 * h;
  compiled.advance_to(stop);
  interpreted.advance_to(stop);
  for (int k = 0; k < compiled.subsystem_count(); ++k) {
    EXPECT_LE(final_state_difference(compiled.subsystem(k), interpreted.subsystem(k)), 1e-12)
        << compiled.subsystem_name(k);
  }
}

TEST(ScenarioKernels, ParametersAreReadAtRunTime) {
  // A --set of a parameter keeps the structure (the kernel is used) and changes the result.
  const ScenarioSpec base = load("electro_thermal_default.yaml");
  const ScenarioSpec heavier =
      load("electro_thermal_default.yaml", {"components.cold_plate.parameters.heat_capacity=4500 J/K"});
  const Model base_model = build_network(base).build();
  const Model heavier_model = build_network(heavier).build();
  Simulator a(base_model, base.solver, 0.0, true, compiled_scenario_kernels());
  Simulator b(heavier_model, heavier.solver, 0.0, true, compiled_scenario_kernels());
  ASSERT_NE(b.compiled_kernel(), nullptr);
  a.advance_to(300.0);
  b.advance_to(300.0);
  const int plate = base_model.find_state("cold_plate/temperature");
  ASSERT_GE(plate, 0);
  // Ten times the capacity: the plate heats up clearly less over the first 5 minutes.
  EXPECT_GT(a.data().x[plate] - b.data().x[plate], 0.5);
  Simulator interpreted(heavier_model, heavier.solver, 0.0, true, {});
  interpreted.advance_to(300.0);
  EXPECT_LE(final_state_difference(b, interpreted), 1e-12);
}

TEST(ScenarioKernels, AnotherStructureRunsInterpreted) {
  const ScenarioSpec spec = load("electro_thermal_default.yaml");
  ModelBuilder network = build_network(spec);
  // Without the thermostat (the pump input left open) the plan differs.
  std::vector<std::string> names = network.component_names();
  names.erase(std::find(names.begin(), names.end(), "thermostat"));
  const Model model = network.build_subset(names);
  EXPECT_EQ(kernel_for(model), nullptr);
  Simulator simulator(model, spec.solver, 0.0, true, compiled_scenario_kernels());
  EXPECT_EQ(simulator.compiled_kernel(), nullptr);
  simulator.advance_to(10.0);  // and runs
  EXPECT_NEAR(simulator.time(), 10.0, 1e-9);
}

TEST(ScenarioKernels, CompiledFixedStepAllocatesNothingAndTakesNoLocks) {
  const ScenarioSpec spec = load("electro_thermal_default.yaml");
  const Model model = build_network(spec).build();
  for (SolverMethod method : {SolverMethod::RungeKutta4, SolverMethod::Heun,
                              SolverMethod::AdamsBashforth2, SolverMethod::Bdf2}) {
    SolverOptions options;
    options.method = method;
    options.fixed_step = 1e-3;
    Simulator simulator(model, options, 0.0, true, compiled_scenario_kernels());
    ASSERT_NE(simulator.compiled_kernel(), nullptr);
    simulator.advance_to(0.01);
    AllocationCounter counter;
    LockCounter locks;
    double t = simulator.time();
    for (int i = 0; i < 10000; ++i) {
      t += 1e-3;
      simulator.advance_to(t);
      simulator.refresh_outputs();
    }
    EXPECT_EQ(counter.count(), 0) << to_string(method);
    EXPECT_EQ(locks.count(), 0) << to_string(method);
  }
}

}  // namespace
}  // namespace etsim
