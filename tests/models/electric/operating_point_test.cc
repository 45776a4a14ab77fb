#include "models/electric/operating_point.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

#include "engine/core/error.h"
#include "models/electric/pmsm_map_file.h"

namespace etsim {
namespace {

constexpr double kRoom = 293.15;

PmsmParameters parameters() {
  PmsmParameters p;
  p.pole_pairs = 4;
  p.resistance_20 = 0.08;
  return p;
}

// Linear IPM shaped like the Prius machine (characteristic current psi_m / L_d = 129 A < I_max, so
// the MTPV region exists inside the current limit).
PmsmModel linear_motor() {
  return PmsmModel(parameters(), FluxLinkageModel::linear(1.7e-3, 4.0e-3, 0.22));
}

PmsmModel map_motor() {
  return PmsmModel(parameters(),
                   FluxLinkageModel::from_map(read_flux_map_csv(
                       std::string(ETSIM_SOURCE_DIR) +
                       "/scenarios/data/motor/motor_prius_ipmsm_flux_map.csv")));
}

OperatingLimits limits() { return {500.0, 1.0, 200.0}; }

double torque_at(const PmsmModel& m, double id, double iq) {
  return m.electromagnetic_torque(m.flux_model().flux(id, iq, 0.0), {id, iq});
}

double voltage_at(const PmsmModel& m, double id, double iq, double speed) {
  const DqPair v = m.steady_state_voltage({id, iq}, speed, kRoom, kRoom);
  return std::hypot(v.d, v.q);
}

// Brute force: the smallest current magnitude giving torque T over 20001 current angles.
double brute_force_min_current(const PmsmModel& m, double torque) {
  double best = 1e300;
  for (int k = 1; k < 20000; ++k) {
    const double angle = std::numbers::pi / 2 + std::numbers::pi / 2 * k / 20000.0;
    double lo = 0.0, hi = 1000.0;
    for (int j = 0; j < 80; ++j) {
      const double mid = 0.5 * (lo + hi);
      (torque_at(m, mid * std::cos(angle), mid * std::sin(angle)) < torque ? lo : hi) = mid;
    }
    best = std::min(best, hi);
  }
  return best;
}

void expect_mtpa_matches_brute_force(const PmsmModel& motor, double torque) {
  const OperatingPointSolver solver(motor);
  const OperatingPoint point = solver.solve({torque, 50.0, kRoom, kRoom}, {500.0, 1.0, 280.0});
  EXPECT_EQ(point.region, OperatingRegion::Mtpa);
  EXPECT_NEAR(point.torque, torque, 1e-6 * torque);
  const double current = std::hypot(point.current_d, point.current_q);
  const double reference = brute_force_min_current(motor, torque);
  // Torque per ampere within 0.1 % of the brute-force optimum (and not better than it).
  EXPECT_GT(torque / current, (1 - 1e-3) * torque / reference);
  EXPECT_LT(torque / current, (1 + 1e-5) * torque / reference);
}

TEST(OperatingPointTest, MtpaMatchesBruteForceAndClosedFormLinear) {
  const PmsmModel motor = linear_motor();
  expect_mtpa_matches_brute_force(motor, 150.0);
  // Closed-form MTPA for a linear IPM: i_d = (psi_m - sqrt(psi_m^2 + 8 (L_q - L_d)^2 I^2)) /
  // (4 (L_q - L_d)) on the current circle |i| = I.
  const OperatingPoint point = OperatingPointSolver(motor).solve({150.0, 50.0, kRoom, kRoom}, limits());
  const double current = std::hypot(point.current_d, point.current_q);
  const double dl = 4.0e-3 - 1.7e-3;
  const double id_exact =
      (0.22 - std::sqrt(0.22 * 0.22 + 8 * dl * dl * current * current)) / (4 * dl);
  EXPECT_NEAR(point.current_d, id_exact, 1e-6 * current);
}

TEST(OperatingPointTest, MtpaMatchesBruteForceWithFluxMap) {
  const PmsmModel motor = map_motor();
  expect_mtpa_matches_brute_force(motor, 120.0);
  expect_mtpa_matches_brute_force(motor, 380.0);  // saturated, near the map's edge
}

TEST(OperatingPointTest, FluxWeakeningHoldsVoltageLimitWithMinimumCurrent) {
  for (const PmsmModel& motor : {linear_motor(), map_motor()}) {
    const double speed = 400.0, torque = 100.0;
    const OperatingPoint point = OperatingPointSolver(motor).solve({torque, speed, kRoom, kRoom}, limits());
    ASSERT_EQ(point.region, OperatingRegion::FluxWeakening);
    const double v_max = limits().max_voltage();
    EXPECT_NEAR(std::hypot(point.voltage_d, point.voltage_q), v_max, 1e-7 * v_max);
    EXPECT_NEAR(point.torque, torque, 1e-6 * torque);
    // MTPA would need more voltage than the DC link gives at this speed.
    const OperatingPoint slow = OperatingPointSolver(motor).solve({torque, 50.0, kRoom, kRoom}, limits());
    EXPECT_GT(voltage_at(motor, slow.current_d, slow.current_q, speed), 1.05 * v_max);
    // Brute force along the constant-torque curve: smallest |i| with |v| <= V_max.
    double best = 1e300;
    for (int k = 0; k <= 40000; ++k) {
      const double id = -210.0 * k / 40000.0;
      double lo = 0.0, hi = 400.0;
      for (int j = 0; j < 70; ++j) {
        const double mid = 0.5 * (lo + hi);
        (torque_at(motor, id, mid) < torque ? lo : hi) = mid;
      }
      if (voltage_at(motor, id, hi, speed) <= v_max) best = std::min(best, std::hypot(id, hi));
    }
    EXPECT_NEAR(std::hypot(point.current_d, point.current_q), best, 1e-3 * best);
  }
}

TEST(OperatingPointTest, MaximumTorqueAtHighSpeedIsMtpv) {
  // Both machines have psi_m / L_d (129 A linear, 126 A map) inside the 200 A current circle.
  for (const PmsmModel& motor : {linear_motor(), map_motor()}) {
    const double speed = 1500.0;
    const OperatingPoint point =
        OperatingPointSolver(motor).max_torque(1.0, {0.0, speed, kRoom, kRoom}, limits());
    EXPECT_EQ(point.region, OperatingRegion::Mtpv);
    const double v_max = limits().max_voltage();
    EXPECT_LT(std::hypot(point.current_d, point.current_q), 0.99 * limits().current_limit);
    EXPECT_NEAR(std::hypot(point.voltage_d, point.voltage_q), v_max, 1e-6 * v_max);
    // Brute force over the feasible set: for each i_d the largest feasible i_q.
    double best = 0.0;
    for (int k = 0; k <= 10000; ++k) {
      const double id = -200.0 * k / 10000.0;
      const double q_circle = std::sqrt(200.0 * 200.0 - id * id);
      double lo = 0.0, hi = q_circle;
      if (voltage_at(motor, id, 0.0, speed) > v_max) continue;
      if (voltage_at(motor, id, hi, speed) > v_max) {
        for (int j = 0; j < 60; ++j) {
          const double mid = 0.5 * (lo + hi);
          (voltage_at(motor, id, mid, speed) <= v_max ? lo : hi) = mid;
        }
      } else {
        lo = hi;
      }
      best = std::max(best, torque_at(motor, id, lo));
    }
    EXPECT_NEAR(point.torque, best, 2e-4 * best);
    EXPECT_GE(point.torque, best * (1 - 1e-9));  // the brute-force grid cannot beat the optimum
    // A demand above the MTPV torque is limited to it.
    const OperatingPoint limited =
        OperatingPointSolver(motor).solve({1000.0, speed, kRoom, kRoom}, limits());
    EXPECT_TRUE(limited.torque_limited);
    EXPECT_NEAR(limited.torque, point.torque, 1e-9 * point.torque);
  }
}

TEST(OperatingPointTest, TorqueLimitedByCurrentAtLowSpeed) {
  const PmsmModel motor = linear_motor();
  const OperatingPoint point = OperatingPointSolver(motor).solve({5000.0, 10.0, kRoom, kRoom}, limits());
  EXPECT_TRUE(point.torque_limited);
  EXPECT_EQ(point.region, OperatingRegion::Mtpa);
  EXPECT_NEAR(std::hypot(point.current_d, point.current_q), 200.0, 1e-6);
  // Equals the brute-force best torque on the current circle.
  double best = 0.0;
  for (int k = 0; k <= 100000; ++k) {
    const double angle = std::numbers::pi / 2 + std::numbers::pi / 2 * k / 100000.0;
    best = std::max(best, torque_at(motor, 200.0 * std::cos(angle), 200.0 * std::sin(angle)));
  }
  EXPECT_NEAR(point.torque, best, 1e-7 * best);
}

TEST(OperatingPointTest, BrakingMirrorsMotoringAtLowSpeedAndReportsPowerFactor) {
  const PmsmModel motor = linear_motor();
  const OperatingPointSolver solver(motor);
  const OperatingPoint drive = solver.solve({200.0, 100.0, kRoom, kRoom}, limits());
  const OperatingPoint brake = solver.solve({-200.0, 100.0, kRoom, kRoom}, limits());
  EXPECT_NEAR(brake.current_d, drive.current_d, 1e-6);
  EXPECT_NEAR(brake.current_q, -drive.current_q, 1e-6);
  EXPECT_GT(drive.power_factor, 0.0);
  EXPECT_LT(brake.power_factor, 0.0);  // power flows back to the DC link
  // Power balance of the steady state: P_el = P_cu + T omega.
  EXPECT_NEAR(drive.electrical_power, drive.loss_copper + drive.torque * 100.0, 1e-6 * drive.electrical_power);
}

TEST(OperatingPointTest, UncontrollableSpeedGivesFiniteFlaggedResult) {
  const PmsmModel motor = linear_motor();
  const OperatingPoint point =
      OperatingPointSolver(motor).solve({100.0, 3000.0, kRoom, kRoom}, {50.0, 1.0, 100.0});
  EXPECT_EQ(point.region, OperatingRegion::Uncontrollable);
  EXPECT_TRUE(std::isfinite(point.current_d) && std::isfinite(point.current_q));
  EXPECT_TRUE(std::isfinite(point.voltage_d) && std::isfinite(point.power_factor));
}

TEST(OperatingPointTest, TableReproducesSolverWithinDocumentedAccuracy) {
  const PmsmModel motor = linear_motor();
  // Effective speeds reach 1400 * 500 / 400 = 1750 rad/s.
  const OperatingPointTable table(motor, limits(), 1800.0, 61, 41);
  const OperatingPointSolver solver(motor);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  double worst_torque = 0.0, worst_voltage = 0.0;
  for (int k = 0; k < 300; ++k) {
    const double speed = 1400.0 * unit(rng);
    const double dc = 400.0 + 200.0 * unit(rng);
    const OperatingLimits here{dc, 1.0, 200.0};
    const double reachable = solver.max_torque(1.0, {0.0, speed, kRoom, kRoom}, here).torque;
    const double demand = (2 * unit(rng) - 1) * 0.95 * reachable;
    const DqPair i = table.current_reference(demand, speed, dc);
    const double achieved = torque_at(motor, i.d, i.q);
    worst_torque = std::max(worst_torque, std::abs(achieved - demand) / reachable);
    worst_voltage = std::max(worst_voltage, voltage_at(motor, i.d, i.q, speed) / here.max_voltage() - 1);
  }
  // Interpolation and the omega / V_dc scaling (exact for R = 0; this machine's R i is 5 % of V_max):
  // measured 0.09 % of the reachable torque and 0.95 % above the voltage limit.
  EXPECT_LT(worst_torque, 0.003);
  EXPECT_LT(worst_voltage, 0.015);
  // Negative speed: the symmetry (omega, T) -> (-omega, -T) with i_q negated.
  const DqPair forward = table.current_reference(-150.0, 600.0, 500.0);
  const DqPair reverse = table.current_reference(150.0, -600.0, 500.0);
  EXPECT_NEAR(reverse.d, forward.d, 1e-12);
  EXPECT_NEAR(reverse.q, -forward.q, 1e-12);
  EXPECT_NEAR(table.max_torque(1.0, -600.0, 500.0), -table.max_torque(-1.0, 600.0, 500.0), 1e-12);
}

TEST(OperatingPointTest, RejectsBadInput) {
  const PmsmModel motor = linear_motor();
  const OperatingPointSolver solver(motor);
  EXPECT_THROW(solver.solve({std::nan(""), 0.0, kRoom, kRoom}, limits()), InputError);
  EXPECT_THROW(solver.solve({10.0, 0.0, kRoom, kRoom}, {-1.0, 1.0, 100.0}), InputError);
  EXPECT_THROW(solver.solve({10.0, 0.0, kRoom, kRoom}, {500.0, 1.0, 0.0}), InputError);
  EXPECT_THROW(OperatingPointTable(motor, limits(), -5.0), InputError);
}

}  // namespace
}  // namespace etsim
