// bench_vehicle: one full WLTC class 3b (1800 s) of DriveCycle -> Driver -> Vehicle through the
// engine with variable-step solvers, reported as real-time factor (simulated s per wall s), and a
// hand-written loop of the same equations (RK4, 1 ms, driver at its sample period) for scale.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <string>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "models/vehicle/drive_cycle.h"
#include "models/vehicle/driver_component.h"
#include "models/vehicle/vehicle_component.h"
#include "tests/models/vehicle/reference_sedan.h"

namespace {

using namespace etsim;
using namespace etsim::vehicle;

const SpeedTrace& wltc() {
  static const SpeedTrace trace =
      load_speed_trace_csv(std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/wltc_class3b.csv");
  return trace;
}

Model build_model(double driver_period) {
  VehicleOptions vehicle;
  vehicle.parameters = reference_sedan();
  vehicle.traction_force_input = true;
  DriverParameters driver;
  driver.vehicle = reference_sedan();
  driver.sample_period = driver_period;
  ModelBuilder builder;
  builder.add(std::unique_ptr<Component>(std::make_unique<DriveCycleComponent>("cycle", wltc())));
  builder.add(std::unique_ptr<Component>(std::make_unique<DriverComponent>("driver", driver)));
  builder.add(std::unique_ptr<Component>(std::make_unique<VehicleComponent>("car", vehicle)));
  builder.connect("cycle.speed", "driver.reference_speed");
  builder.connect("cycle.acceleration", "driver.reference_acceleration");
  builder.connect("car.speed", "driver.speed");
  builder.connect("driver.traction_force", "car.traction_force");
  builder.connect("driver.brake_force", "car.brake_force");
  builder.allow_unconnected("car.wheel");
  return builder.build();
}

// Args: solver method index, driver sample period [ms].
void BM_WltcThroughEngine(benchmark::State& state) {
  const SolverMethod methods[] = {SolverMethod::CvodeBdf, SolverMethod::CvodeAdams,
                                  SolverMethod::ArkodeErk, SolverMethod::RungeKutta4};
  const SolverMethod method = methods[state.range(0)];
  const double period = state.range(1) * 1e-3;
  const Model model = build_model(period);
  SolverOptions options;
  options.method = method;
  options.relative_tolerance = 1e-6;
  options.fixed_step = 1e-3;
  const double duration = wltc().time.back();
  long steps = 0;
  for (auto _ : state) {
    Simulator simulator(model, options, 0.0);
    simulator.advance_to(duration);
    steps = simulator.solver_stats().steps;
    benchmark::DoNotOptimize(simulator.data().x.data());
  }
  state.SetLabel(to_string(method) + ", driver " + std::to_string(state.range(1)) + " ms");
  state.counters["real_time_factor"] =
      benchmark::Counter(duration * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["solver_steps"] = static_cast<double>(steps);
}
BENCHMARK(BM_WltcThroughEngine)
    ->Args({0, 10})
    ->Args({1, 10})
    ->Args({2, 10})
    ->Args({3, 10})
    ->Args({0, 100})
    ->Unit(benchmark::kMillisecond);

// The same closed loop written by hand: RK4 at 1 ms, driver every 10 ms, no engine.
void BM_WltcHandWrittenLoop(benchmark::State& state) {
  const VehicleParameters car = reference_sedan();
  DriverParameters driver;
  driver.vehicle = car;
  const DriverGains gains = driver_gains(driver);
  const SpeedTrace& trace = wltc();
  const double duration = trace.time.back();
  for (auto _ : state) {
    double v = 0.0, distance = 0.0, integral = 0.0;
    const long samples = static_cast<long>(duration / driver.sample_period + 0.5);
    for (long k = 0; k < samples; ++k) {
      const double t = k * driver.sample_period;
      const std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(t), trace.time.size() - 2);
      const double a_ref = (trace.speed[i + 1] - trace.speed[i]) / (trace.time[i + 1] - trace.time[i]);
      const double v_ref = trace.speed[i] + a_ref * (t - trace.time[i]);
      const DriverStep step = driver_step(driver, gains, v_ref, a_ref, v, 0.0, integral);
      integral = step.integral;
      const double traction = std::max(step.force_demand, 0.0);
      const double brake = std::max(-step.force_demand, 0.0);
      const double h = 1e-3;
      for (int j = 0; j < 10; ++j) {
        auto f = [&](double speed) { return acceleration(car, traction, brake, speed, 0.0); };
        const double k1 = f(v), k2 = f(v + 0.5 * h * k1), k3 = f(v + 0.5 * h * k2), k4 = f(v + h * k3);
        const double v_next = v + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
        distance += 0.5 * h * (v + v_next);
        v = v_next;
      }
    }
    benchmark::DoNotOptimize(distance);
  }
  state.counters["real_time_factor"] =
      benchmark::Counter(duration * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WltcHandWrittenLoop)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
