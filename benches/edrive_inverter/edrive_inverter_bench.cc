// Cost of one fixed RK4 step (h = 100 us) of the inverter electro-thermal model: Inverter with Fuji
// 2MBI600XEE065-50 device losses, one 4-stage Cauer network per device type and phase (6), and a
// cold plate with coolant convection, through the engine (Simulator::advance_to) and as a
// hand-written loop of the same equations calling the same physics functions. The ratio of the
// two is the engine overhead.
#include <array>
#include <memory>

#include <benchmark/benchmark.h>

#include "benches/edrive_inverter/inverter_bench_model.h"
#include "engine/exec/compiled_kernel.h"
#include "engine/exec/simulator.h"

namespace etsim {
CompiledKernelList inverter_bench_kernels();  // generated (inverter_bench_codegen.cc)

namespace {
using namespace bench_inverter;

// Arg 1: the model's compiled kernel (generated at build time); 0: interpreted evaluation.
void BM_InverterThermal_Engine(benchmark::State& state) {
  const Model model = network().build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = kStep;
  const CompiledKernelList kernels =
      state.range(0) != 0 ? inverter_bench_kernels() : CompiledKernelList{};
  Simulator simulator(model, options, 0.0, true, kernels);
  for (auto _ : state) {
    simulator.step();  // the real-time call: one fixed step
  }
  benchmark::DoNotOptimize(simulator.data().x.data());
  state.counters["states"] = model.state_size();
  state.SetLabel(simulator.compiled_kernel() != nullptr ? "compiled" : "interpreted");
}

// The same equations without the engine: 6 ladders of 4 nodes + the plate, RK4.
class HandWritten {
 public:
  static constexpr int kStages = 4, kNetworks = 6, kStates = kNetworks * kStages + 1;
  explicit HandWritten(const Fixture& f) : f_(f) {
    for (int n = 0; n < kNetworks; ++n) {
      const CauerNetwork& c = n < 3 ? f.switch_cauer : f.diode_cauer;
      for (int k = 0; k < kStages; ++k) {
        conductance_[n][k] = 1.0 / c.resistance[k];
        inverse_capacity_[n][k] = 1.0 / c.capacitance[k];
      }
    }
    x_.fill(kInlet);
  }
  void rhs(const std::array<double, kStates>& x, std::array<double, kStates>& xdot) const {
    InverterInputs in = operating_point();
    for (int k = 0; k < 3; ++k) {
      in.switch_temperature[k] = x[k * kStages];
      in.diode_temperature[k] = x[(k + 3) * kStages];
    }
    InverterOutputs out;
    evaluate_inverter(*f_.device, f_.parameters, in, out);
    const double plate = x[kStates - 1];
    double into_plate = 0.0;
    for (int n = 0; n < kNetworks; ++n) {
      const double* node = &x[n * kStages];
      double flow_in = n < 3 ? out.switch_heat[n] : out.diode_heat[n - 3];
      for (int k = 0; k < kStages; ++k) {
        const double downstream = k + 1 < kStages ? node[k + 1] : plate;
        const double flow_out = conductance_[n][k] * (node[k] - downstream);
        xdot[n * kStages + k] = (flow_in - flow_out) * inverse_capacity_[n][k];
        flow_in = flow_out;
      }
      into_plate += flow_in;
    }
    // The flow is constant here, so its effectiveness is computed once (as the component
    // remembers it while the flow does not change).
    const double to_coolant =
        effectiveness_ * kFlow * f_.plate.coolant_specific_heat * (plate - kInlet);
    xdot[kStates - 1] = (into_plate - to_coolant) / f_.plate.heat_capacity;
  }
  void step(double h) {
    std::array<double, kStates> k1, k2, k3, k4, y;
    rhs(x_, k1);
    for (int i = 0; i < kStates; ++i) y[i] = x_[i] + 0.5 * h * k1[i];
    rhs(y, k2);
    for (int i = 0; i < kStates; ++i) y[i] = x_[i] + 0.5 * h * k2[i];
    rhs(y, k3);
    for (int i = 0; i < kStates; ++i) y[i] = x_[i] + h * k3[i];
    rhs(y, k4);
    for (int i = 0; i < kStates; ++i) x_[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  const std::array<double, kStates>& state() const { return x_; }

 private:
  const Fixture& f_;
  double effectiveness_ = cold_plate_effectiveness(f_.plate, kFlow);
  double conductance_[kNetworks][kStages], inverse_capacity_[kNetworks][kStages];
  std::array<double, kStates> x_;
};

void BM_InverterThermal_HandWritten(benchmark::State& state) {
  HandWritten model(fixture());
  for (auto _ : state) {
    model.step(kStep);
    benchmark::DoNotOptimize(model.state().data());
  }
}

// The physics alone: one evaluation of the averaged inverter losses (3 phases).
void BM_InverterLossEvaluation(benchmark::State& state) {
  const Fixture& f = fixture();
  InverterInputs in = operating_point();
  in.switch_temperature.fill(380.0);
  in.diode_temperature.fill(370.0);
  InverterOutputs out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(evaluate_inverter(*f.device, f.parameters, in, out));
    benchmark::DoNotOptimize(out.loss_total);
  }
}

BENCHMARK(BM_InverterThermal_Engine)->Arg(1)->Arg(0);
BENCHMARK(BM_InverterThermal_HandWritten);
BENCHMARK(BM_InverterLossEvaluation);

}  // namespace
}  // namespace etsim

BENCHMARK_MAIN();
