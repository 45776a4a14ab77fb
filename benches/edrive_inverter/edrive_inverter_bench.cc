// Cost of one fixed RK4 step (h = 100 us) of the inverter electro-thermal model: Inverter with Fuji
// 2MBI600XEE065-50 device losses, one 4-stage Cauer network per device type and phase (6), and a
// cold plate with coolant convection, through the engine (Simulator::advance_to) and as a
// hand-written loop of the same equations calling the same physics functions. The ratio of the
// two is the engine overhead.
#include <array>
#include <memory>

#include <benchmark/benchmark.h>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "models/electric/inverter.h"
#include "models/electric/inverter_cold_plate.h"
#include "models/thermal/foster_cauer.h"
#include "models/thermal/thermal_elements.h"
#include "tests/models/electric/power_device_test_data.h"

namespace etsim {
namespace {

constexpr double kStep = 1e-4;
constexpr double kInlet = 313.15;
constexpr double kFlow = 0.15;

InverterInputs operating_point() {
  InverterInputs in;
  in.dc_voltage = 400.0;
  in.v_d_ref = -80.0;
  in.v_q_ref = 180.0;
  in.i_d = -120.0;
  in.i_q = 250.0;
  return in;
}

class Setpoint final : public Component {
 public:
  explicit Setpoint(std::string name) : Component(std::move(name)) {
    add_port("dc", PortKind::ElectricalDc, PortRole::A);
    add_output({"v_d", "V", ""});
    add_output({"v_q", "V", ""});
    add_output({"i_d", "A", ""});
    add_output({"i_q", "A", ""});
    add_port("coolant", PortKind::Coolant, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Setpoint"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    const InverterInputs in = operating_point();
    c.y[0] = in.dc_voltage;
    c.y[1] = in.v_d_ref;
    c.y[2] = in.v_q_ref;
    c.y[3] = in.i_d;
    c.y[4] = in.i_q;
    c.y[5] = kFlow;
    c.y[6] = kInlet;
    return RhsStatus::Ok;
  }
};

struct Fixture {
  std::shared_ptr<const PowerDevice> device =
      std::make_shared<const PowerDevice>(test_data::fuji_igbt_data());
  CauerNetwork switch_cauer =
      foster_to_cauer(test_data::read_foster("fuji_2mbi600xee065_switch_thermal_foster.csv"));
  CauerNetwork diode_cauer =
      foster_to_cauer(test_data::read_foster("fuji_2mbi600xee065_diode_thermal_foster.csv"));
  ColdPlateParameters plate;
  InverterParameters parameters;
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

void BM_InverterThermal_Engine(benchmark::State& state) {
  const Fixture& f = fixture();
  ModelBuilder builder;
  builder.add(std::make_unique<Setpoint>("source"));
  builder.add(std::make_unique<Inverter>("inverter", f.device, f.parameters));
  builder.add(std::make_unique<InverterColdPlate>("plate", f.plate));
  builder.connect("source.dc", "inverter.dc");
  builder.connect("source.v_d", "inverter.v_d_ref");
  builder.connect("source.v_q", "inverter.v_q_ref");
  builder.connect("source.i_d", "inverter.i_d");
  builder.connect("source.i_q", "inverter.i_q");
  builder.connect("source.coolant", "plate.coolant_in");
  builder.allow_unconnected("plate.coolant_out");
  for (const char* phase : {"a", "b", "c"}) {
    for (const char* type : {"switch", "diode"}) {
      const std::string port = std::string(type) + "_" + phase;
      builder.add(std::make_unique<thermal::CauerThermalNetwork>(
          "zth_" + port, std::string(type) == "switch" ? f.switch_cauer : f.diode_cauer, kInlet));
      builder.connect("inverter." + port, "zth_" + port + ".junction");
      builder.connect("zth_" + port + ".case", "plate.devices");
    }
  }
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = kStep;
  Simulator simulator(model, options, 0.0);
  double t = 0.0;
  for (auto _ : state) {
    simulator.advance_to(t += kStep);
  }
  benchmark::DoNotOptimize(simulator.data().x.data());
  state.counters["states"] = model.state_size();
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
    const double to_coolant = cold_plate_effectiveness(f_.plate, kFlow) * kFlow *
                              f_.plate.coolant_specific_heat * (plate - kInlet);
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

BENCHMARK(BM_InverterThermal_Engine);
BENCHMARK(BM_InverterThermal_HandWritten);
BENCHMARK(BM_InverterLossEvaluation);

}  // namespace
}  // namespace etsim

BENCHMARK_MAIN();
