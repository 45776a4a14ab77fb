// bench_edrive (see CMakeLists.txt). Real-time factors are simulated seconds per CPU second of the
// benchmark thread (the shared 2-core machine makes wall time noisy); the map's parallel efficiency
// T1 / (2 T2) uses wall time of both runs measured side by side in the same iteration.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "engine/io/run_scenario.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"
#include "bindings/cli/drive_map.h"

namespace {

using namespace etsim;

const std::string kScenarios = std::string(ETSIM_SOURCE_DIR) + "/scenarios/";

ScenarioSpec load(const std::string& name, const std::vector<std::string>& overrides) {
  ComponentRegistry registry;
  register_all_components(registry);
  return load_scenario(kScenarios + name, overrides, registry);
}

void simulate(benchmark::State& state, const ScenarioSpec& spec) {
  const Model model = build_network(spec).build();
  long steps = 0;
  for (auto _ : state) {
    Simulator simulator(model, spec.solver, spec.start_time);
    simulator.advance_to(spec.stop_time);
    steps = simulator.solver_stats().steps;
    benchmark::DoNotOptimize(simulator.data().x.data());
  }
  state.counters["real_time_factor"] = benchmark::Counter(
      (spec.stop_time - spec.start_time) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate);
  state.counters["solver_steps"] = static_cast<double>(steps);
}

// Full WLTC (1800 s), quasi-static PMSM + inverter + vehicle + every thermal network, CVODE BDF.
// Arg: driver sample period [ms] (10 = the vehicle files' value; every sample restarts the solver).
void BM_WltcQuasiStatic(benchmark::State& state) {
  const ScenarioSpec spec =
      load("edrive_wltc_800v_sic.yaml",
           {"components.driver.parameters.sample_period=" + std::to_string(state.range(0)) + " ms"});
  state.SetLabel("800 V SiC, driver " + std::to_string(state.range(0)) + " ms");
  simulate(state, spec);
}
BENCHMARK(BM_WltcQuasiStatic)->Arg(100)->Arg(10)->Iterations(1)->Unit(benchmark::kSecond);

// The same WLTC with the L-stable fixed-step BDF2 (the DC-link and junction time constants are
// far below the step) at the driver's 100 ms period; Arg: step [ms]. Accuracy against the CVODE
// run is reported in docs/models/electric-drive.md (DC energy within 0.1-0.4 %, temperatures
// within 0.01 K).
void BM_WltcQuasiStaticFixedBdf2(benchmark::State& state) {
  const std::string step = std::to_string(state.range(0)) + " ms";
  const ScenarioSpec spec =
      load("edrive_wltc_800v_sic.yaml",
           {"components.driver.parameters.sample_period=100 ms", "solver.method=bdf2",
            "solver.fixed_step=" + step, "solver.jacobian_reuse_steps=50"});
  state.SetLabel("800 V SiC, BDF2 fixed " + step + ", driver 100 ms");
  simulate(state, spec);
}
BENCHMARK(BM_WltcQuasiStaticFixedBdf2)->Arg(100)->Arg(50)->Iterations(3)->Unit(benchmark::kMillisecond);

// Dynamic dq PMSM + 10 kHz FOC + inverter + vehicle + thermal, RK4 at 10 us: 1 s of WLTC from the
// first acceleration (11 s).
void BM_WltcDynamicDq(benchmark::State& state) {
  const ScenarioSpec spec =
      load("edrive_dynamic_800v_sic.yaml", {"simulation.start=11 s", "simulation.stop=12 s"});
  state.SetLabel("800 V SiC, RK4 10 us, 11-12 s");
  simulate(state, spec);
}
BENCHMARK(BM_WltcDynamicDq)->Iterations(1)->Unit(benchmark::kSecond);

// 100 x 100 efficiency map: T1 and T2 measured one after the other in each iteration. The machine
// is shared, so besides the means the best (least disturbed) time of each is reported and the
// parallel efficiency is computed from those. Timed: the parallel part (envelope probe + grid
// sweep); the serial set-up (scenario network and motor/inverter sub-model) is built once,
// its time is reported as setup_ms.
void BM_EfficiencyMapThreads(benchmark::State& state) {
  const ScenarioSpec spec = load("edrive_wltc_800v_sic.yaml", {});
  cli::DriveMapOptions options;
  options.speed_points = 100;
  options.torque_points = 100;
  const auto setup_start = std::chrono::steady_clock::now();
  const cli::DriveMapSetup setup = cli::prepare_drive_map(spec, options);
  const double setup_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();
  double sum[2] = {0.0, 0.0}, best[2] = {1e300, 1e300};
  for (auto _ : state) {
    for (int threads : {1, 2}) {
      options.threads = threads;
      const auto start = std::chrono::steady_clock::now();
      const cli::DriveMap map = cli::compute_drive_map(setup, options);
      benchmark::DoNotOptimize(map.drive_efficiency.data());
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      sum[threads - 1] += seconds;
      best[threads - 1] = std::min(best[threads - 1], seconds);
    }
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["T1_mean_ms"] = 1e3 * sum[0] / n;
  state.counters["T2_mean_ms"] = 1e3 * sum[1] / n;
  state.counters["T1_best_ms"] = 1e3 * best[0];
  state.counters["T2_best_ms"] = 1e3 * best[1];
  state.counters["setup_ms"] = 1e3 * setup_seconds;
  state.counters["parallel_efficiency_best"] = best[0] / (2.0 * best[1]);
  state.counters["parallel_efficiency_mean"] = sum[0] / (2.0 * sum[1]);
}
BENCHMARK(BM_EfficiencyMapThreads)->Iterations(30)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
