// One 10 us fixed step (RK4) of the PMSM dynamic model with the FOC current controller sampled at
// 10 kHz (every 10th step), at 300 rad/s and 200 N*m:
//   BM_EngineStep:     PmsmDynamic + FocController + sources through ModelBuilder / Simulator
//   BM_HandLoopStep:   the same equations written out in one loop (linear flux model inlined,
//                      loss and torque outputs at every stage, the same FocCurrentController and
//                      operating-point table).
// The ratio of the two times is the engine's overhead.
#include <benchmark/benchmark.h>

#include <cmath>
#include <memory>

#include "engine/exec/simulator.h"
#include "engine/framework/component_type.h"
#include "models/electric/foc_component.h"
#include "models/electric/pmsm_component.h"
#include "models/electric/register_motor.h"

namespace etsim {
namespace {

constexpr double kStep = 1e-5, kSpeed = 300.0, kTorque = 200.0, kDcVoltage = 800.0;

class SpeedSource final : public Component {
 public:
  explicit SpeedSource(std::string name) : Component(std::move(name)) {
    add_port("shaft", PortKind::Rotational, PortRole::A);
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "SpeedSource"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = kSpeed;
    return RhsStatus::Ok;
  }
};

class Commands final : public Component {
 public:
  explicit Commands(std::string name) : Component(std::move(name)) {
    add_output({"torque", "N*m", ""});
    add_output({"dc", "V", ""});
    set_direct_feedthrough(false);
  }
  std::string_view type_name() const override { return "Commands"; }
  RhsStatus compute_outputs(const EvalContext& c) const override {
    c.y[0] = kTorque;
    c.y[1] = kDcVoltage;
    return RhsStatus::Ok;
  }
};

struct Drive {
  ComponentRegistry registry;
  ParameterValues motor_values, foc_values;
  Drive() {
    register_motor_components(registry);
    motor_values = registry.get("PmsmDynamic").complete("motor", {});
    foc_values = registry.get("FocController").complete("foc", {});
  }
};

void BM_EngineStep(benchmark::State& state) {
  Drive drive;
  ModelBuilder builder;
  builder.add(drive.registry.get("PmsmDynamic").create("motor", drive.motor_values));
  builder.add(drive.registry.get("FocController").create("foc", drive.foc_values));
  builder.add(std::make_unique<SpeedSource>("load"));
  builder.add(std::make_unique<Commands>("command"));
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
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = kStep;
  Simulator sim(model, options, 0.0);
  double t = 0.0;
  sim.advance_to(t += 0.05);  // settle
  for (auto _ : state) {
    sim.advance_to(t += kStep);
  }
  const int torque = model.find_output("motor/torque_electromagnetic");
  state.counters["torque_Nm"] = sim.data().y[torque];
}
BENCHMARK(BM_EngineStep);

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
  // Linear machine written out: i = ((psi_d - psi_m) / L_d, psi_q / L_q),
  // dpsi/dt = v - R i + omega_e (psi_q, -psi_d).
  const double ld = p.inductance_d, lq = p.inductance_q, psi_m = p.magnet_flux;
  const double r = p.resistance, we = p.pole_pairs * kSpeed;
  double psi_d = psi_m, psi_q = 0.0;
  FocState foc{}, next{};
  const int steps_per_sample = static_cast<int>(std::lround(p.sample_period / kStep));
  long step = 0;
  // The component also evaluates its outputs (torque, losses) at every stage; so does this loop.
  double loss_sink = 0.0;
  const auto rhs = [&](double xd, double xq, double vd, double vq, double& rd, double& rq) {
    const double id = (xd - psi_m) / ld, iq = xq / lq;
    const PmsmLosses losses = motor->losses(kSpeed, {xd, xq}, {id, iq}, 293.15);
    loss_sink += losses.copper + losses.iron + losses.mechanical +
                 1.5 * p.pole_pairs * (xd * iq - xq * id);
    rd = vd - r * id + we * xq;
    rq = vq - r * iq - we * xd;
  };
  const auto advance = [&]() {
    if (step % steps_per_sample == 0) {
      const FocInputs in{kTorque, (psi_d - psi_m) / ld, psi_q / lq, kSpeed, kDcVoltage};
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
  const double id = (psi_d - psi_m) / ld, iq = psi_q / lq;
  state.counters["torque_Nm"] = 1.5 * p.pole_pairs * (psi_d * iq - psi_q * id);
}
BENCHMARK(BM_HandLoopStep);

}  // namespace
}  // namespace etsim

BENCHMARK_MAIN();
