#include "models/electric/foc.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "engine/core/error.h"

namespace etsim {
namespace {

constexpr double kRoom = 293.15;
constexpr double kLd = 1.7e-3, kLq = 4.0e-3, kPsiM = 0.22, kR = 0.08;

PmsmModel motor() {
  PmsmParameters p;
  p.pole_pairs = 4;
  p.resistance_20 = kR;
  return PmsmModel(p, FluxLinkageModel::linear(kLd, kLq, kPsiM));
}

FocParameters controller_parameters(double bandwidth) {
  FocParameters p;
  p.sample_period = 1e-4;  // 10 kHz PWM
  p.bandwidth = bandwidth;
  p.resistance = kR;
  p.inductance_d = kLd;
  p.inductance_q = kLq;
  p.magnet_flux = kPsiM;
  p.pole_pairs = 4;
  return p;
}

// Closed loop: controller sampled every T_s, motor integrated by RK4 with 20 sub-steps per sample.
struct Loop {
  const PmsmModel& motor;
  const FocCurrentController& controller;
  double speed, dc_voltage;
  DqPair flux{kPsiM, 0.0};
  FocState state{};
  double time = 0.0;
  double max_voltage_seen = 0.0, max_integral_seen = 0.0;

  DqPair current() const { return motor.flux_model().current(flux.d, flux.q, 0.0); }
  // Runs for `duration`; `observe(t, i)` sees every sub-step.
  void run(double duration, const std::function<DqPair(double)>& reference, double torque,
           const std::function<void(double, DqPair)>& observe) {
    const double ts = controller.parameters().sample_period;
    const int samples = static_cast<int>(std::lround(duration / ts));
    for (int k = 0; k < samples; ++k) {
      const DqPair i = current();
      FocState next;
      const FocInputs in{torque, i.d, i.q, speed, dc_voltage};
      if (reference) {
        controller.step_with_reference(reference(time), in, state.data(), next.data());
      } else {
        controller.step(in, state.data(), next.data());
      }
      state = next;
      const DqPair v{state[kFocVoltageD], state[kFocVoltageQ]};
      max_voltage_seen = std::max(max_voltage_seen, std::hypot(v.d, v.q));
      max_integral_seen =
          std::max({max_integral_seen, std::abs(state[kFocIntegralD]), std::abs(state[kFocIntegralQ])});
      const double h = ts / 20;
      const auto f = [&](DqPair x) {
        return motor.flux_derivative(x, motor.flux_model().current(x.d, x.q, 0.0), v, speed, kRoom);
      };
      for (int j = 0; j < 20; ++j) {
        const DqPair k1 = f(flux);
        const DqPair k2 = f({flux.d + 0.5 * h * k1.d, flux.q + 0.5 * h * k1.q});
        const DqPair k3 = f({flux.d + 0.5 * h * k2.d, flux.q + 0.5 * h * k2.q});
        const DqPair k4 = f({flux.d + h * k3.d, flux.q + h * k3.q});
        flux.d += h / 6 * (k1.d + 2 * k2.d + 2 * k3.d + k4.d);
        flux.q += h / 6 * (k1.q + 2 * k2.q + 2 * k3.q + k4.q);
        time += h;
        if (observe) observe(time, current());
      }
    }
  }
};

TEST(FocTest, GainsApproachContinuousTechnicalOptimum) {
  FocParameters p = controller_parameters(500.0);
  p.sample_period = 1e-7;
  const CurrentLoopGains gains = design_current_loop(p);
  EXPECT_NEAR(gains.proportional_d, 500.0 * kLd, 1e-4 * 500.0 * kLd);
  EXPECT_NEAR(gains.proportional_q, 500.0 * kLq, 1e-4 * 500.0 * kLq);
  EXPECT_NEAR(gains.integral_d / p.sample_period, 500.0 * kR, 1e-3 * 500.0 * kR);
}

TEST(FocTest, StepResponseHasDesignedBandwidthAndNoSteadyStateError) {
  const PmsmModel machine = motor();
  const double bandwidth = 2 * std::numbers::pi * 200.0;
  const FocCurrentController controller(controller_parameters(bandwidth), nullptr);
  // 800 V link: the 40 A step needs K_p e + feed-forward ~ 330 V < V_max = 462 V, so the response is
  // not voltage-limited.
  Loop loop{machine, controller, 150.0, 800.0};
  // Start in the zero-current steady state (the feed-forward holds v_q = omega_e psi_m).
  loop.run(0.005, [](double) { return DqPair{0.0, 0.0}; }, 0.0, nullptr);
  EXPECT_NEAR(loop.current().q, 0.0, 1e-9);
  loop.run(0.005, [](double) { return DqPair{-30.0, 0.0}; }, 0.0, nullptr);
  const double t0 = loop.time;
  double t10 = -1, t90 = -1, max_d_excursion = 0.0, overshoot = 0.0;
  loop.run(0.5, [](double) { return DqPair{-30.0, 40.0}; }, 0.0, [&](double t, DqPair i) {
    if (t10 < 0 && i.q >= 4.0) t10 = t - t0;
    if (t90 < 0 && i.q >= 36.0) t90 = t - t0;
    overshoot = std::max(overshoot, i.q - 40.0);
    max_d_excursion = std::max(max_d_excursion, std::abs(i.d + 30.0));
  });
  const double rise_time = t90 - t10;
  const double designed = std::log(9.0) / bandwidth;
  EXPECT_NEAR(rise_time, designed, 0.2 * designed);
  EXPECT_LT(overshoot, 0.4);  // first order: no overshoot beyond the sampled decoupling residue
  // Integral action removes the error; residues of the transient decay with the plant time constant
  // L / R (the PI zero cancels the plant pole), 21 ms (d) and 50 ms (q) here.
  EXPECT_NEAR(loop.current().q, 40.0, 1e-4);
  EXPECT_NEAR(loop.current().d, -30.0, 1e-4);
  EXPECT_LT(max_d_excursion, 1.5);  // cross-coupling kept small by the feed-forward
}

TEST(FocTest, AntiWindupKeepsIntegratorBoundedAndRecoversFast) {
  const PmsmModel machine = motor();
  const FocCurrentController controller(controller_parameters(2 * std::numbers::pi * 200.0), nullptr);
  Loop loop{machine, controller, 50.0, 100.0};
  const double v_max = 100.0 / std::sqrt(3.0);
  // 300 A on q needs |v| ~ 245 V, far beyond the 57.7 V available: saturates for 50 ms.
  loop.run(0.05, [](double) { return DqPair{0.0, 300.0}; }, 0.0, nullptr);
  EXPECT_LE(loop.max_voltage_seen, v_max * (1 + 1e-12));
  EXPECT_LT(loop.max_integral_seen, 3 * v_max);
  // A feasible reference (|v| ~ 48 V) is then reached within 10 ms to 1 %.
  loop.run(0.01, [](double) { return DqPair{0.0, 20.0}; }, 0.0, nullptr);
  EXPECT_NEAR(loop.current().q, 20.0, 0.5);
  EXPECT_NEAR(loop.current().d, 0.0, 0.5);
}

TEST(FocTest, TorqueCommandThroughOperatingPointTable) {
  const PmsmModel machine = motor();
  // References keep a 5 % modulation reserve (table accuracy, dynamics); the clamp allows 100 %.
  const OperatingLimits limits{500.0, 0.95, 250.0};
  const OperatingPointTable table(machine, limits, 1500.0, 31, 41);
  const FocCurrentController controller(controller_parameters(2 * std::numbers::pi * 300.0), &table);
  for (double speed : {100.0, 350.0, 500.0}) {  // MTPA, flux weakening, torque-limited
    Loop loop{machine, controller, speed, 500.0};
    loop.run(0.4, nullptr, 150.0, nullptr);
    const DqPair i = loop.current();
    const double torque = machine.electromagnetic_torque(loop.flux, i);
    const double expected = std::min(150.0, table.max_torque(1.0, speed, 500.0));
    if (speed == 500.0) {
      EXPECT_LT(expected, 140.0);  // the limit really binds there
    }
    EXPECT_NEAR(torque, expected, 0.005 * expected) << "speed " << speed;
    EXPECT_NEAR(i.d, loop.state[kFocReferenceD], 1e-3);
    EXPECT_NEAR(i.q, loop.state[kFocReferenceQ], 1e-3);
  }
}

TEST(FocTest, RejectsBadParameters) {
  FocParameters p = controller_parameters(1000.0);
  p.inductance_d = 0.0;
  EXPECT_THROW(design_current_loop(p), InputError);
  p = controller_parameters(1e6);  // omega_c T_s = 100
  EXPECT_THROW(design_current_loop(p), InputError);
}

}  // namespace
}  // namespace etsim
