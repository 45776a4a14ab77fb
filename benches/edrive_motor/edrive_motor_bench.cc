// One 10 us fixed step (RK4) of the PMSM dynamic model with the FOC current controller sampled at
// 10 kHz (every 10th step), at 300 rad/s and 200 N*m:
//   BM_EngineStep/1:   PmsmDynamic + FocController + sources through ModelBuilder / Simulator with
//                      the model's compiled kernel (generated at build time); /0 interpreted
//   BM_HandLoopStep:   the same equations written out in one loop: the same PmsmModel functions
//                      (flux-linkage inversion, torque, losses, flux derivative) at every stage,
//                      the same FocCurrentController and operating-point table.
// The ratio of the two times is the engine's overhead.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>

#include "benches/edrive_motor/motor_bench_model.h"
#include "engine/exec/compiled_kernel.h"
#include "engine/exec/simulator.h"

namespace etsim {
CompiledKernelList motor_bench_kernels();  // generated (motor_bench_codegen.cc)

namespace {
using namespace bench_motor;

// Arg 1: the model's compiled kernel (generated at build time); 0: interpreted evaluation.
void BM_EngineStep(benchmark::State& state) {
  Drive drive;
  ModelBuilder builder = network(drive);
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = kStep;
  const CompiledKernelList kernels =
      state.range(0) != 0 ? motor_bench_kernels() : CompiledKernelList{};
  Simulator sim(model, options, 0.0, true, kernels);
  sim.advance_to(0.05);  // settle
  for (auto _ : state) {
    sim.step();  // the real-time call: one fixed step
  }
  sim.refresh_outputs();
  const int torque = model.find_output("motor/torque_electromagnetic");
  state.counters["torque_Nm"] = sim.data().y[torque];
  state.SetLabel(sim.compiled_kernel() != nullptr ? "compiled" : "interpreted");
}
BENCHMARK(BM_EngineStep)->Arg(1)->Arg(0);

void BM_HandLoopStep(benchmark::State& state) {
  Drive drive;
  const auto motor = make_pmsm_model(drive.motor_values);
  const ParameterValues& v = drive.foc_values;
  const OperatingPointTable table(*motor,
                                  {v.number("reference_dc_voltage"), v.number("max_modulation"),
                                   v.number("current_limit")},
                                  v.number("max_speed"),
                                  static_cast<int>(v.number("table_speed_points")),
                                  static_cast<int>(v.number("table_torque_points")));
  FocParameters p;
  p.sample_period = 1.0 / v.number("pwm_frequency");
  p.bandwidth = v.number("current_bandwidth");
  p.resistance = motor->parameters().resistance_20;
  p.inductance_d = motor->flux_model().inductance_d();
  p.inductance_q = motor->flux_model().inductance_q();
  p.magnet_flux = motor->flux_model().magnet_flux();
  p.pole_pairs = motor->pole_pairs();
  p.max_modulation = v.number("voltage_clamp_modulation");
  const FocCurrentController controller(p, &table);
  // The same physics functions the component calls (flux-linkage inversion, torque, losses, flux
  // derivative with the copper temperature), written out in one loop; the temperatures are those
  // of the unconnected thermal ports.
  constexpr double kTemperature = 293.15;
  const double magnet_shift = motor->magnet_flux_shift(kTemperature);
  double psi_d = p.magnet_flux, psi_q = 0.0;
  FocState foc{}, next{};
  const int steps_per_sample = static_cast<int>(std::lround(p.sample_period / kStep));
  long step = 0;
  // The component also evaluates its outputs (torque, losses) at every stage; so does this loop.
  double loss_sink = 0.0;
  const auto rhs = [&](double xd, double xq, double vd, double vq, double& rd, double& rq) {
    const DqPair psi{xd, xq};
    const DqPair i = motor->flux_model().current(xd, xq, magnet_shift);
    const PmsmLosses losses = motor->losses(kSpeed, psi, i, kTemperature);
    loss_sink += losses.copper + losses.iron + losses.mechanical +
                 motor->electromagnetic_torque(psi, i);
    const DqPair rate = motor->flux_derivative(psi, i, {vd, vq}, kSpeed, kTemperature);
    rd = rate.d;
    rq = rate.q;
  };
  const auto advance = [&]() {
    if (step % steps_per_sample == 0) {
      const DqPair i = motor->flux_model().current(psi_d, psi_q, magnet_shift);
      const FocInputs in{kTorque, i.d, i.q, kSpeed, kDcVoltage};
      controller.step(in, foc.data(), next.data());
      foc = next;
    }
    const double vd = foc[kFocVoltageD], vq = foc[kFocVoltageQ], h = kStep;
    double k1d, k1q, k2d, k2q, k3d, k3q, k4d, k4q;
    rhs(psi_d, psi_q, vd, vq, k1d, k1q);
    rhs(psi_d + 0.5 * h * k1d, psi_q + 0.5 * h * k1q, vd, vq, k2d, k2q);
    rhs(psi_d + 0.5 * h * k2d, psi_q + 0.5 * h * k2q, vd, vq, k3d, k3q);
    rhs(psi_d + h * k3d, psi_q + h * k3q, vd, vq, k4d, k4q);
    psi_d += h / 6 * (k1d + 2 * k2d + 2 * k3d + k4d);
    psi_q += h / 6 * (k1q + 2 * k2q + 2 * k3q + k4q);
    ++step;
  };
  for (int k = 0; k < 5000; ++k) advance();  // settle, as the engine run
  for (auto _ : state) {
    advance();
    benchmark::DoNotOptimize(psi_d);
    benchmark::DoNotOptimize(psi_q);
    benchmark::DoNotOptimize(loss_sink);
  }
  const DqPair i = motor->flux_model().current(psi_d, psi_q, magnet_shift);
  state.counters["torque_Nm"] = motor->electromagnetic_torque({psi_d, psi_q}, i);
}
BENCHMARK(BM_HandLoopStep);

}  // namespace
}  // namespace etsim

BENCHMARK_MAIN();
