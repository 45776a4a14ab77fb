#include "models/electric/pmsm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "engine/core/error.h"
#include "models/electric/pmsm_map_file.h"

namespace etsim {
namespace {

const std::string kMapPath =
    std::string(ETSIM_SOURCE_DIR) + "/scenarios/data/motor/motor_prius_ipmsm_flux_map.csv";

PmsmParameters test_parameters() {
  PmsmParameters p;
  p.pole_pairs = 4;
  p.resistance_20 = 0.1;
  p.iron = {300.0, 500.0, 400.0, 0.2};
  p.mechanical = {0.2, 1e-3, 2e-6, 1.0};
  return p;
}

// RK4 on the flux states with constant voltage and speed.
DqPair integrate_flux(const PmsmModel& motor, DqPair psi, DqPair v, double speed, double t_end,
                      double h, double winding_temperature, double magnet_temperature) {
  const double shift = motor.magnet_flux_shift(magnet_temperature);
  const auto f = [&](DqPair x) {
    return motor.flux_derivative(x, motor.flux_model().current(x.d, x.q, shift), v, speed,
                                 winding_temperature);
  };
  const int steps = static_cast<int>(std::lround(t_end / h));
  for (int k = 0; k < steps; ++k) {
    const DqPair k1 = f(psi);
    const DqPair k2 = f({psi.d + 0.5 * h * k1.d, psi.q + 0.5 * h * k1.q});
    const DqPair k3 = f({psi.d + 0.5 * h * k2.d, psi.q + 0.5 * h * k2.q});
    const DqPair k4 = f({psi.d + h * k3.d, psi.q + h * k3.q});
    psi.d += h / 6 * (k1.d + 2 * k2.d + 2 * k3.d + k4.d);
    psi.q += h / 6 * (k1.q + 2 * k2.q + 2 * k3.q + k4.q);
  }
  return psi;
}

TEST(PmsmTest, LinearDynamicModelSettlesToClosedFormSteadyState) {
  const double ld = 1.0e-3, lq = 2.5e-3, psi_m = 0.1;
  const PmsmModel motor(test_parameters(), FluxLinkageModel::linear(ld, lq, psi_m));
  const double speed = 150.0, we = 4 * speed, r = 0.1;
  const DqPair v{-60.0, 90.0};
  // [R, -we Lq; we Ld, R] [id; iq] = [vd; vq - we psi_m]
  const double det = r * r + we * we * ld * lq;
  const double id_exact = (r * v.d + we * lq * (v.q - we * psi_m)) / det;
  const double iq_exact = (r * (v.q - we * psi_m) - we * ld * v.d) / det;
  // tau = L/R <= 25 ms; 0.4 s is 16 time constants.
  const DqPair psi = integrate_flux(motor, {psi_m, 0.0}, v, speed, 0.4, 2e-6, 293.15, 293.15);
  const DqPair i = motor.flux_model().current(psi.d, psi.q, 0.0);
  EXPECT_NEAR(i.d, id_exact, 1e-5 * std::abs(id_exact));
  EXPECT_NEAR(i.q, iq_exact, 1e-5 * std::abs(iq_exact));
  const DqPair v_back = motor.steady_state_voltage(i, speed, 293.15, 293.15);
  EXPECT_NEAR(v_back.d, v.d, 1e-4);
  EXPECT_NEAR(v_back.q, v.q, 1e-4);
}

TEST(PmsmTest, EnergyBalanceOfLinearTransient) {
  // Electrical input = copper loss + air-gap mechanical work + change in field energy.
  const PmsmModel motor(test_parameters(), FluxLinkageModel::linear(1.2e-3, 3.0e-3, 0.12));
  const double speed = 300.0;
  const DqPair v{-80.0, 200.0};
  double energy_in = 0.0, energy_copper = 0.0, energy_mech = 0.0;
  DqPair psi{0.12, 0.0};
  const double w0 = motor.flux_model().magnetic_energy(psi.d, psi.q, 0.0);
  const double h = 1e-6;
  // Augmented RK4 state: psi_d, psi_q, E_in, E_cu, E_mech.
  const auto rates = [&](DqPair x, double out[5]) {
    const DqPair i = motor.flux_model().current(x.d, x.q, 0.0);
    const DqPair dx = motor.flux_derivative(x, i, v, speed, 293.15);
    out[0] = dx.d, out[1] = dx.q;
    out[2] = 1.5 * (v.d * i.d + v.q * i.q);
    out[3] = 1.5 * motor.resistance(293.15) * (i.d * i.d + i.q * i.q);
    out[4] = motor.electromagnetic_torque(x, i) * speed;
  };
  for (int k = 0; k < 20000; ++k) {
    double k1[5], k2[5], k3[5], k4[5];
    rates(psi, k1);
    rates({psi.d + 0.5 * h * k1[0], psi.q + 0.5 * h * k1[1]}, k2);
    rates({psi.d + 0.5 * h * k2[0], psi.q + 0.5 * h * k2[1]}, k3);
    rates({psi.d + h * k3[0], psi.q + h * k3[1]}, k4);
    const auto inc = [&](int j) { return h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]); };
    psi.d += inc(0), psi.q += inc(1);
    energy_in += inc(2), energy_copper += inc(3), energy_mech += inc(4);
  }
  const double delta_field = motor.flux_model().magnetic_energy(psi.d, psi.q, 0.0) - w0;
  EXPECT_GT(std::abs(delta_field), 0.01 * std::abs(energy_in));  // a real transient
  EXPECT_NEAR(energy_in, energy_copper + energy_mech + delta_field, 1e-9 * std::abs(energy_in));
}

TEST(PmsmTest, TemperatureScalesResistanceAndMagnetFlux) {
  const PmsmModel motor(test_parameters(), FluxLinkageModel::linear(1e-3, 2e-3, 0.1));
  EXPECT_NEAR(motor.resistance(293.15), 0.1, 1e-15);
  EXPECT_NEAR(motor.resistance(393.15), 0.1 * (1 + 3.93e-3 * 100), 1e-12);
  // NdFeB: -0.12 %/K -> 100 K hotter magnets carry 12 % less flux.
  const double shift = motor.magnet_flux_shift(393.15);
  EXPECT_NEAR(motor.flux_model().flux(0.0, 0.0, shift).d, 0.1 * 0.88, 1e-12);
  // At fixed current the torque of a surface-magnet-like machine falls by the same 12 %.
  const PmsmModel spm(test_parameters(), FluxLinkageModel::linear(1e-3, 1e-3, 0.1));
  const DqPair i{0.0, 100.0};
  const double cold = spm.electromagnetic_torque(spm.flux_model().flux(i.d, i.q, 0.0), i);
  const double hot = spm.electromagnetic_torque(
      spm.flux_model().flux(i.d, i.q, spm.magnet_flux_shift(393.15)), i);
  EXPECT_NEAR(hot / cold, 0.88, 1e-12);
}

TEST(PmsmTest, IronAndMechanicalLossesFollowTheirLaws) {
  PmsmParameters p = test_parameters();
  const PmsmModel motor(p, FluxLinkageModel::linear(1e-3, 2e-3, 0.2));
  // f = p omega / 2 pi = 400 Hz at omega = 200 pi / p... choose omega so that f = f_ref.
  const double speed_ref = 2 * std::numbers::pi * 400.0 / 4;
  const DqPair psi{0.2, 0.0};
  const PmsmLosses at_ref = motor.losses(speed_ref, psi, {}, 293.15);
  // The smooth sign differs from 1 by ~ (w_s / omega)^2 / 2 ~ 8e-7 here.
  EXPECT_NEAR(at_ref.iron, 300.0 + 500.0, 800.0 * 2e-6);
  const PmsmLosses at_double = motor.losses(2 * speed_ref, {0.1, 0.0}, {}, 293.15);
  EXPECT_NEAR(at_double.iron, (2 * 300.0 + 4 * 500.0) * 0.25, 650.0 * 2e-6);
  EXPECT_NEAR(at_ref.mechanical,
              (0.2 + 1e-3 * speed_ref + 2e-6 * speed_ref * speed_ref) * speed_ref, 1016.5 * 2e-6);
  // Powers are exactly loss torque times speed, and always dissipative (also in reverse).
  const PmsmLosses reverse = motor.losses(-speed_ref, psi, {}, 293.15);
  EXPECT_NEAR(reverse.iron, at_ref.iron, 1e-9);
  EXPECT_LT(reverse.iron_torque, 0.0);
  const PmsmLosses standstill = motor.losses(0.0, psi, {10.0, 0.0}, 293.15);
  EXPECT_EQ(standstill.iron, 0.0);
  EXPECT_EQ(standstill.mechanical, 0.0);
  EXPECT_NEAR(standstill.copper, 1.5 * 0.1 * 100.0, 1e-12);
}

TEST(PmsmTest, PriusMapReproducesPublishedFigures) {
  const FluxLinkageModel map = FluxLinkageModel::from_map(read_flux_map_csv(kMapPath));
  // PROVENANCE.md section 4: psi_PM = 0.2201 Wb, L_d = 1.74 mH and L_q = 5.41 mH at the origin.
  EXPECT_NEAR(map.magnet_flux(), 0.2201, 1e-4);
  EXPECT_NEAR(map.inductance_d(), 1.74e-3, 0.03e-3);
  EXPECT_NEAR(map.inductance_q(), 5.41e-3, 0.1e-3);
  PmsmParameters p = test_parameters();
  const PmsmModel motor(p, map);
  const DqPair i{-200.0, 200.0};
  EXPECT_NEAR(motor.electromagnetic_torque(map.flux(i.d, i.q, 0.0), i), 455.0, 1.0);
}

TEST(PmsmTest, InvertedMapIsConsistentWithForwardMap) {
  const FluxLinkageModel map = FluxLinkageModel::from_map(read_flux_map_csv(kMapPath));
  std::mt19937 rng(7);
  // i_d up to +100 A: beyond, the map's psi_d is nearly flat (deep saturation, with the noisy
  // points lifted at set-up) and the inverse is ill-conditioned; motoring uses i_d <= 0.
  std::uniform_real_distribution<double> current_d(-190.0, 100.0), current_q(-190.0, 190.0);
  double worst = 0.0;
  for (int k = 0; k < 2000; ++k) {
    const double id = current_d(rng), iq = current_q(rng);
    const DqPair psi = map.flux(id, iq, 0.0);
    const DqPair back = map.current(psi.d, psi.q, 0.0);
    worst = std::max({worst, std::abs(back.d - id), std::abs(back.q - iq)});
  }
  // Bilinear interpolation of the tabulated inverse (201 x 201): within 0.6 A of a +-200 A map.
  EXPECT_LT(worst, 0.6);
  // The magnet-temperature shift is applied consistently in both directions.
  const DqPair psi = map.flux(-50.0, 80.0, -0.01);
  const DqPair back = map.current(psi.d, psi.q, -0.01);
  EXPECT_NEAR(back.d, -50.0, 1.0);
  EXPECT_NEAR(back.q, 80.0, 1.0);
}

TEST(PmsmTest, MapScalingFollowsTurnsAndStackLengthRules) {
  const FluxMapData data = read_flux_map_csv(kMapPath);
  const FluxLinkageModel base = FluxLinkageModel::from_map(data);
  const FluxLinkageModel scaled = FluxLinkageModel::from_map(data, 0.5, 2.0);
  // psi'(i') = k_N k_L psi(k_N i'): with k_N = 0.5 and k_L = 2 the flux at twice the current is equal.
  const DqPair a = base.flux(-70.0, 110.0, 0.0);
  const DqPair b = scaled.flux(-140.0, 220.0, 0.0);
  EXPECT_NEAR(b.d, a.d, 1e-12);
  EXPECT_NEAR(b.q, a.q, 1e-12);
  EXPECT_NEAR(scaled.max_map_current(), 400.0, 1e-9);
  // Torque at equal MMF scales with stack length only: 1.5 p psi' i' = 1.5 p (k_L psi)(i / k_N) k_N.
  const PmsmModel m1(test_parameters(), base), m2(test_parameters(), scaled);
  EXPECT_NEAR(m2.electromagnetic_torque(b, {-140.0, 220.0}),
              2.0 * m1.electromagnetic_torque(a, {-70.0, 110.0}), 1e-9);
}

TEST(PmsmTest, MapDynamicModelKeepsPowerIdentityAtSteadyState) {
  const PmsmModel motor(test_parameters(), FluxLinkageModel::from_map(read_flux_map_csv(kMapPath)));
  const double speed = 100.0;
  const DqPair v{-100.0, 120.0};
  const DqPair psi = integrate_flux(motor, {0.22, 0.0}, v, speed, 0.3, 5e-6, 293.15, 293.15);
  const DqPair i = motor.flux_model().current(psi.d, psi.q, 0.0);
  const DqPair rate = motor.flux_derivative(psi, i, v, speed, 293.15);
  EXPECT_LT(std::hypot(rate.d, rate.q), 1e-6);  // settled
  const double p_el = 1.5 * (v.d * i.d + v.q * i.q);
  const double p_cu = 1.5 * motor.resistance(293.15) * (i.d * i.d + i.q * i.q);
  const double p_mech = motor.electromagnetic_torque(psi, i) * speed;
  EXPECT_NEAR(p_el, p_cu + p_mech, 1e-6 * std::abs(p_el));
}

TEST(PmsmTest, RejectsBadInput) {
  PmsmParameters p = test_parameters();
  p.resistance_20 = -1.0;
  EXPECT_THROW(PmsmModel(p, FluxLinkageModel::linear(1e-3, 1e-3, 0.1)), InputError);
  EXPECT_THROW(FluxLinkageModel::linear(0.0, 1e-3, 0.1), InputError);
  FluxMapData data = read_flux_map_csv(kMapPath);
  data.current_d.pop_back();
  EXPECT_THROW(FluxLinkageModel::from_map(data), InputError);
  FluxMapData missing = read_flux_map_csv(kMapPath);
  for (auto* column : {&missing.current_d, &missing.current_q, &missing.flux_d, &missing.flux_q}) {
    column->pop_back();
  }
  EXPECT_THROW(FluxLinkageModel::from_map(missing), InputError);
  FluxMapData bent = read_flux_map_csv(kMapPath);
  bent.flux_d[100] = 5.0;  // breaks monotonicity
  EXPECT_THROW(FluxLinkageModel::from_map(bent), InputError);
  EXPECT_THROW(read_flux_map_csv("/nonexistent/map.csv"), InputError);
}

}  // namespace
}  // namespace etsim
