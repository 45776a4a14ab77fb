// Engine overhead against hand-written code of the same equations, in the same binary:
//  - one fixed RK4 step of the default electro-thermal example through the engine vs a
//    hand-written RK4 loop (target ratio <= 1.10, must not exceed 1.25);
//  - a full offline CVODE run of the example (1800 s WLTC-like load) through the engine vs calling
//    CVODE directly on a hand-written right-hand side with the same tolerances, the same stops at
//    the table breakpoints (no restart there) and the same thermostat root functions, restarting
//    after each state event as the engine does (target <= 1.05, limit 1.10);
//  - the Jacobi co-simulation master on 2 threads vs 1 for two comparable subsystems.
// Ratios and the machine are recorded in docs/performance.md.
#include <benchmark/benchmark.h>
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>

#include "bindings/compiled/scenario_kernels.h"
#include "engine/core/table1d.h"
#include "engine/exec/cosimulation.h"
#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "engine/io/run_scenario.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"
#include "models/thermal/foster_cauer.h"
#include "models/thermal/thermal_elements.h"

namespace etsim {
namespace {

const std::string kScenario = std::string(ETSIM_SOURCE_DIR) + "/scenarios/electro_thermal_default.yaml";

// The example's numbers, exactly as in scenarios/electro_thermal_default.yaml.
struct HandExample {
  Table1D current;
  CauerNetwork cauer;
  double threshold_low = 0.770, threshold_high = 0.624;
  double slope_low = 0.911e-3, slope_high = 1.506e-3;
  double t_low = 298.15, t_high = 423.15;
  double plate_capacity = 450.0, plate_conductance = 20.0, coolant_capacity = 1760.0;
  double ambient = 308.15, effectiveness = 0.6, volume_flow = 10.0 / 60000.0, density = 1069.0;
  double specific_heat = 3300.0, natural_conductance = 0.5;
  double on_temperature = 318.15, off_temperature = 315.15;
  double pump = 0.0;
  double hint = 0.0;

  HandExample() {
    std::ifstream file(std::string(ETSIM_SOURCE_DIR) + "/scenarios/data/wltc_load_current.csv");
    std::string line;
    std::vector<double> time, amps;
    while (std::getline(file, line)) {
      if (line.empty() || line[0] == '#' || line[0] == 't') continue;
      std::istringstream row(line);
      double t, i;
      char comma;
      row >> t >> comma >> i;
      time.push_back(t);
      amps.push_back(i);
    }
    current = Table1D(time, amps);
    cauer = foster_to_cauer(FosterNetwork{{1.44e-3, 11.48e-3, 17.04e-3, 23.66e-3},
                                          {0.5e-3, 4.9e-3, 35.1e-3, 56.6e-3}});
  }

  static constexpr int kStates = 6;  // 4 Cauer nodes, cold plate, coolant
  std::vector<double> initial() const { return std::vector<double>(kStates, 313.15); }

  void rhs(double t, const double* x, double* xdot) {
    const double amps = std::abs(current.evaluate(t, hint));
    const double share = (x[0] - t_low) / (t_high - t_low);
    const double threshold = threshold_low + share * (threshold_high - threshold_low);
    const double slope = slope_low + share * (slope_high - slope_low);
    const double loss = amps > 0.0 ? (threshold + slope * amps) * amps : 0.0;
    double flow_in = loss;
    for (int k = 0; k < 4; ++k) {
      const double downstream = k < 3 ? x[k + 1] : x[4];
      const double flow_out = (x[k] - downstream) / cauer.resistance[k];
      xdot[k] = (flow_in - flow_out) / cauer.capacitance[k];
      flow_in = flow_out;
    }
    const double to_coolant = plate_conductance * (x[4] - x[5]);
    xdot[4] = (flow_in - to_coolant) / plate_capacity;
    const double conductance =
        effectiveness * pump * volume_flow * density * specific_heat + natural_conductance;
    xdot[5] = (to_coolant - conductance * (x[5] - ambient)) / coolant_capacity;
  }
  void roots(const double* x, double* g) const {
    g[0] = x[5] - on_temperature;
    g[1] = x[5] - off_temperature;
  }
};

ScenarioSpec load_example() {
  ComponentRegistry registry;
  register_all_components(registry);
  return load_scenario(kScenario, {}, registry);
}

// Arg 1: the compiled kernel of the scenario (etsim run's default); 0: the interpreted evaluation.
void BM_Rk4Step_Engine(benchmark::State& state) {
  const CompiledKernelList kernels =
      state.range(0) != 0 ? compiled_scenario_kernels() : CompiledKernelList{};
  const ScenarioSpec scenario = load_example();
  const ModelBuilder network = build_network(scenario);
  const Model model = network.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 1e-3;
  auto simulator = std::make_unique<Simulator>(model, options, 0.0, true, kernels);
  for (auto _ : state) {
    if (simulator->time() > 1790.0) {
      state.PauseTiming();
      simulator = std::make_unique<Simulator>(model, options, 0.0, true, kernels);
      state.ResumeTiming();
    }
    simulator->step();  // the real-time call: one fixed step
  }
  benchmark::DoNotOptimize(simulator->data().x[0]);
  state.SetLabel(simulator->compiled_kernel() != nullptr ? "compiled" : "interpreted");
}

void BM_Rk4Step_Hand(benchmark::State& state) {
  HandExample example;
  constexpr int n = HandExample::kStates;
  std::vector<double> x = example.initial(), k1(n), k2(n), k3(n), k4(n), stage(n);
  double g_before[2], g_after[2];
  example.roots(x.data(), g_before);
  const double h = 1e-3;
  double t = 0.0;
  for (auto _ : state) {
    if (t > 1790.0) t = 0.0;
    example.rhs(t, x.data(), k1.data());
    for (int i = 0; i < n; ++i) stage[i] = x[i] + 0.5 * h * k1[i];
    example.rhs(t + 0.5 * h, stage.data(), k2.data());
    for (int i = 0; i < n; ++i) stage[i] = x[i] + 0.5 * h * k2[i];
    example.rhs(t + 0.5 * h, stage.data(), k3.data());
    for (int i = 0; i < n; ++i) stage[i] = x[i] + h * k3[i];
    example.rhs(t + h, stage.data(), k4.data());
    for (int i = 0; i < n; ++i) x[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    t += h;
    // The thermostat's zero crossings, checked at the end of each step as the engine does.
    example.roots(x.data(), g_after);
    if (g_before[0] < 0.0 && g_after[0] >= 0.0) example.pump = 1.0;
    if (g_before[1] > 0.0 && g_after[1] <= 0.0) example.pump = 0.0;
    g_before[0] = g_after[0];
    g_before[1] = g_after[1];
  }
  benchmark::DoNotOptimize(x[0]);
}

void BM_CvodeRun_Engine(benchmark::State& state) {
  const CompiledKernelList kernels =
      state.range(0) != 0 ? compiled_scenario_kernels() : CompiledKernelList{};
  const ScenarioSpec scenario = load_example();
  const ModelBuilder network = build_network(scenario);
  const Model model = network.build();
  long steps = 0;
  for (auto _ : state) {
    Simulator simulator(model, scenario.solver, 0.0, true, kernels);
    simulator.advance_to(1800.0);
    steps = simulator.solver_stats().steps;
    benchmark::DoNotOptimize(simulator.data().x[0]);
    state.SetLabel(simulator.compiled_kernel() != nullptr ? "compiled" : "interpreted");
  }
  state.counters["steps"] = static_cast<double>(steps);
}

int hand_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* user) {
  static_cast<HandExample*>(user)->rhs(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
  return 0;
}
int hand_roots(sunrealtype, N_Vector y, sunrealtype* g, void* user) {
  static_cast<HandExample*>(user)->roots(N_VGetArrayPointer(y), g);
  return 0;
}

void BM_CvodeRun_Direct(benchmark::State& state) {
  HandExample example;
  constexpr int n = HandExample::kStates;
  long steps = 0;
  for (auto _ : state) {
    steps = 0;
    SUNContext context;
    SUNContext_Create(nullptr, &context);
    std::vector<double> x = example.initial();
    example.pump = 0.0;
    N_Vector y = N_VMake_Serial(n, x.data(), context);
    N_Vector abstol = N_VNew_Serial(n, context);
    N_VConst(1e-6 * 300.0, abstol);  // the engine scales the absolute tolerance by the nominal 300 K
    void* cvode = CVodeCreate(CV_BDF, context);
    CVodeInit(cvode, hand_rhs, 0.0, y);
    CVodeSetUserData(cvode, &example);
    CVodeSVtolerances(cvode, 1e-6, abstol);
    CVodeSetMaxNumSteps(cvode, 100000);
    SUNMatrix matrix = SUNDenseMatrix(n, n, context);
    SUNLinearSolver solver = SUNLinSol_Dense(y, matrix, context);
    CVodeSetLinearSolver(cvode, solver, matrix);
    CVodeRootInit(cvode, 2, hand_roots);
    double t = 0.0;
    int directions[2];
    while (t < 1800.0 - 1e-9) {
      // Stop at the next table breakpoint (1 s grid), as the engine's time events do.
      const double t_stop = std::floor(t + 1e-9) + 1.0;
      CVodeSetStopTime(cvode, t_stop);
      const int flag = CVode(cvode, t_stop, y, &t, CV_NORMAL);
      if (flag == CV_ROOT_RETURN) {
        CVodeGetRootInfo(cvode, directions);
        if (directions[0] > 0) example.pump = 1.0;
        if (directions[1] < 0) example.pump = 0.0;
      }
      // Like the engine: stop at every breakpoint, restart only after a state event.
      if (flag == CV_ROOT_RETURN) {
        long stretch = 0;
        CVodeGetNumSteps(cvode, &stretch);  // counters restart at every re-initialisation
        steps += stretch;
        CVodeReInit(cvode, t, y);
      }
    }
    long last_stretch = 0;
    CVodeGetNumSteps(cvode, &last_stretch);  // steps since the last re-initialisation
    steps += last_stretch;
    benchmark::DoNotOptimize(x[0]);
    SUNLinSolFree(solver);
    SUNMatDestroy(matrix);
    N_VDestroy(abstol);
    N_VDestroy(y);
    CVodeFree(&cvode);
    SUNContext_Free(&context);
  }
  state.counters["steps"] = static_cast<double>(steps);
}

// Two comparable subsystems: two chains of thermal masses, each heated at one end, coupled by one
// conductance; RK4 at 1 ms, communication every 10 ms, 1 s per iteration.
ModelBuilder two_chains(int length) {
  ModelBuilder builder;
  for (int side = 0; side < 2; ++side) {
    const std::string prefix = side == 0 ? "left" : "right";
    for (int k = 0; k < length; ++k) {
      builder.add(std::make_unique<thermal::ThermalMass>(prefix + "_m" + std::to_string(k), 50.0,
                                                         300.0 + side));
      if (k > 0) {
        const std::string link = prefix + "_g" + std::to_string(k);
        builder.add(std::make_unique<thermal::ThermalConductance>(link, 5.0));
        builder.connect(link + ".a", prefix + "_m" + std::to_string(k - 1) + ".node");
        builder.connect(link + ".b", prefix + "_m" + std::to_string(k) + ".node");
      }
    }
  }
  builder.add(std::make_unique<thermal::ThermalConductance>("bridge", 5.0));
  builder.connect("bridge.a", "left_m0.node");
  builder.connect("bridge.b", "right_m0.node");
  return builder;
}

void BM_Jacobi(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const int length = 400;
  const ModelBuilder network = two_chains(length);
  std::vector<std::string> left, right;
  for (const std::string& name : network.component_names()) {
    if (name.rfind("left", 0) == 0 || name == "bridge") left.push_back(name);
    if (name.rfind("right", 0) == 0) right.push_back(name);
  }
  SolverOptions rk4;
  rk4.method = SolverMethod::RungeKutta4;
  rk4.fixed_step = 1e-3;
  CosimulationOptions options;
  options.communication_step = 1e-2;
  options.scheme = CouplingScheme::Jacobi;
  options.threads = threads;
  CosimulationMaster master(network, {{"left", left, rk4}, {"right", right, rk4}}, options, 0.0);
  double t = 0.0;
  for (auto _ : state) {
    t += 1.0;
    master.advance_to(t);
  }
  benchmark::DoNotOptimize(master.views()[0].data->x[0]);
}

BENCHMARK(BM_Rk4Step_Engine)->Arg(1)->Arg(0);
BENCHMARK(BM_Rk4Step_Hand);
BENCHMARK(BM_CvodeRun_Engine)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CvodeRun_Direct)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Jacobi)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace etsim

BENCHMARK_MAIN();
