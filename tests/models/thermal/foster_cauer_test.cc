#include "models/thermal/foster_cauer.h"

#include <cmath>
#include <complex>
#include <limits>
#include <vector>

#include <Eigen/Dense>
#include <gtest/gtest.h>
#include <unsupported/Eigen/MatrixFunctions>

#include "engine/core/error.h"

namespace etsim {
namespace {

// Fuji 2MBI600XEE065-50 IGBT, junction-to-case (datasheet via the LEA Transistor Database, see
// scenarios/data/semiconductor/PROVENANCE.md).
FosterNetwork fuji_igbt() { return {{0.00144, 0.01148, 0.01704, 0.02366}, {0.0005, 0.0049, 0.0351, 0.0566}}; }
FosterNetwork fuji_diode() { return {{0.00233, 0.01866, 0.02769, 0.03845}, {0.0005, 0.0049, 0.0351, 0.0566}}; }
// A harder case: 8 terms spanning six decades of time constant.
FosterNetwork wide_network() {
  return {{0.002, 0.004, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3},
          {1e-5, 1e-4, 1e-3, 5e-3, 3e-2, 0.2, 1.5, 10.0}};
}

using Complex = std::complex<long double>;

Complex foster_impedance(const FosterNetwork& f, long double omega) {
  Complex z = 0;
  for (std::size_t i = 0; i < f.resistance.size(); ++i) {
    z += static_cast<long double>(f.resistance[i]) /
         (Complex(1, 0) + Complex(0, omega) * static_cast<long double>(f.time_constant[i]));
  }
  return z;
}

// Ladder impedance evaluated from the reference end, independent of the conversion code.
Complex cauer_impedance(const CauerNetwork& c, long double omega) {
  const std::size_t n = c.resistance.size();
  Complex z = static_cast<long double>(c.resistance[n - 1]);
  for (std::size_t k = n; k-- > 0;) {
    const Complex admittance = Complex(0, omega) * static_cast<long double>(c.capacitance[k]) + 1.0L / z;
    z = 1.0L / admittance;
    if (k > 0) z += static_cast<long double>(c.resistance[k - 1]);
  }
  return z;
}

// Junction temperature of the Cauer ladder after a power step, by the matrix exponential of the
// node equations C dT/dt = -G T + e_1 P: T(t) = (I - exp(-C^-1 G t)) G^-1 e_1 P.
double cauer_step_response(const CauerNetwork& c, double power, double t) {
  const int n = static_cast<int>(c.resistance.size());
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(n, n);
  for (int k = 0; k < n; ++k) {
    const double gk = 1.0 / c.resistance[k];
    g(k, k) += gk;
    if (k + 1 < n) {
      g(k + 1, k + 1) += gk;
      g(k, k + 1) -= gk;
      g(k + 1, k) -= gk;
    }
  }
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  for (int k = 0; k < n; ++k) a.row(k) = -g.row(k) / c.capacitance[k];
  Eigen::VectorXd input = Eigen::VectorXd::Zero(n);
  input[0] = power;
  const Eigen::VectorXd steady = g.lu().solve(input);
  const Eigen::MatrixXd transition = (a * t).exp();
  const Eigen::VectorXd temperature = steady - transition * steady;
  return temperature[0];
}

TEST(FosterStepResponse, SingleTermClosedForm) {
  const FosterNetwork one{{2.0}, {3.0}};
  EXPECT_NEAR(foster_step_response(one, 5.0, 3.0), 10.0 * (1.0 - std::exp(-1.0)), 1e-14);
  EXPECT_DOUBLE_EQ(foster_step_response(one, 5.0, 0.0), 0.0);
  EXPECT_NEAR(foster_step_response(one, 5.0, 300.0), 10.0, 1e-12);
}

TEST(FosterStepResponse, MatchesIntegratedBranchOdes) {
  // Each Foster branch is C_i dT_i/dt = P - T_i / R_i with C_i = tau_i / R_i; integrate with RK4 at
  // a step 1/200 of the shortest time constant and compare at several times.
  const FosterNetwork f = fuji_igbt();
  const double power = 800.0;
  const double h = 2.5e-6;
  std::vector<double> temperature(f.resistance.size(), 0.0);
  double t = 0.0;
  for (double checkpoint : {0.0005, 0.005, 0.05, 0.2}) {
    while (t < checkpoint - 0.5 * h) {
      for (std::size_t i = 0; i < temperature.size(); ++i) {
        const double r = f.resistance[i], c = f.time_constant[i] / f.resistance[i];
        auto rate = [&](double x) { return (power - x / r) / c; };
        const double k1 = rate(temperature[i]), k2 = rate(temperature[i] + 0.5 * h * k1);
        const double k3 = rate(temperature[i] + 0.5 * h * k2), k4 = rate(temperature[i] + h * k3);
        temperature[i] += h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
      }
      t += h;
    }
    double sum = 0.0;
    for (double x : temperature) sum += x;
    EXPECT_NEAR(foster_step_response(f, power, checkpoint), sum, 1e-9 * sum) << "t = " << checkpoint;
  }
}

TEST(FosterToCauer, SingleTermIsItsOwnLadder) {
  const CauerNetwork c = foster_to_cauer({{0.1}, {0.01}});
  ASSERT_EQ(c.resistance.size(), 1u);
  EXPECT_NEAR(c.resistance[0], 0.1, 1e-15);
  EXPECT_NEAR(c.capacitance[0], 0.1, 1e-15);  // C = tau / R
}

TEST(FosterToCauer, TwoTermHandExpansion) {
  // Z = 1/(1+s) + 1/(1+3s) = (2+4s)/(3s^2+4s+1). Y = (3s^2+4s+1)/(4s+2):
  //   (3s^2+4s+1) = (3/4 s)(4s+2) + (2.5 s + 1)  -> C1 = 0.75
  //   (4s+2)/(2.5s+1) = 1.6 + 0.4/(2.5s+1)        -> R1 = 1.6
  //   (2.5s+1)/0.4 = 6.25 s + 2.5                 -> C2 = 6.25, R2 = 0.4
  const CauerNetwork c = foster_to_cauer({{1.0, 1.0}, {1.0, 3.0}});
  ASSERT_EQ(c.resistance.size(), 2u);
  EXPECT_NEAR(c.capacitance[0], 0.75, 1e-14);
  EXPECT_NEAR(c.resistance[0], 1.6, 1e-14);
  EXPECT_NEAR(c.capacitance[1], 6.25, 1e-13);
  EXPECT_NEAR(c.resistance[1], 0.4, 1e-14);
}

class FosterCauerEquivalence : public ::testing::TestWithParam<int> {
 protected:
  FosterNetwork network() const {
    switch (GetParam()) {
      case 0: return fuji_igbt();
      case 1: return fuji_diode();
      default: return wide_network();
    }
  }
};

TEST_P(FosterCauerEquivalence, SameImpedanceAtManyFrequencies) {
  const FosterNetwork f = network();
  const CauerNetwork c = foster_to_cauer(f);
  ASSERT_EQ(c.resistance.size(), f.resistance.size());
  double worst = 0.0;
  for (int i = 0; i <= 240; ++i) {
    const long double omega = std::pow(10.0L, -3.0L + 9.0L * i / 240.0L);  // 1e-3..1e6 rad/s
    const Complex zf = foster_impedance(f, omega), zc = cauer_impedance(c, omega);
    worst = std::max(worst, static_cast<double>(std::abs(zc - zf) / std::abs(zf)));
  }
  EXPECT_LT(worst, 1e-9);
  EXPECT_NEAR(total_resistance(c), total_resistance(f), 1e-12 * total_resistance(f));
}

TEST_P(FosterCauerEquivalence, SameJunctionStepResponse) {
  const FosterNetwork f = network();
  const CauerNetwork c = foster_to_cauer(f);
  double t_max = 0.0;
  for (double tau : f.time_constant) t_max = std::max(t_max, tau);
  for (int i = 0; i <= 40; ++i) {
    const double t = t_max * std::pow(10.0, -5.0 + 6.0 * i / 40.0);
    const double expected = foster_step_response(f, 100.0, t);
    EXPECT_NEAR(cauer_step_response(c, 100.0, t), expected, 1e-9 * expected) << "t = " << t;
  }
}

TEST_P(FosterCauerEquivalence, RoundTrip) {
  const FosterNetwork f = network();
  const FosterNetwork back = cauer_to_foster(foster_to_cauer(f));
  ASSERT_EQ(back.resistance.size(), f.resistance.size());
  for (std::size_t i = 0; i < f.resistance.size(); ++i) {  // both sorted by tau ascending
    EXPECT_NEAR(back.time_constant[i], f.time_constant[i], 1e-9 * f.time_constant[i]);
    EXPECT_NEAR(back.resistance[i], f.resistance[i], 1e-9 * f.resistance[i]);
  }
  const CauerNetwork c = foster_to_cauer(f);
  const CauerNetwork again = foster_to_cauer(cauer_to_foster(c));
  for (std::size_t k = 0; k < c.resistance.size(); ++k) {
    EXPECT_NEAR(again.resistance[k], c.resistance[k], 1e-9 * c.resistance[k]);
    EXPECT_NEAR(again.capacitance[k], c.capacitance[k], 1e-9 * c.capacitance[k]);
  }
}

INSTANTIATE_TEST_SUITE_P(Networks, FosterCauerEquivalence, ::testing::Values(0, 1, 2));

TEST(FosterToCauer, FirstCapacitanceIsInverseOfSumOfRiOverTau) {
  // High-frequency limit: Z -> 1/(s C_1) and Z -> sum(R_i/tau_i)/s, so C_1 = 1/sum(R_i/tau_i).
  const FosterNetwork f = fuji_igbt();
  double sum = 0.0;
  for (std::size_t i = 0; i < f.resistance.size(); ++i) sum += f.resistance[i] / f.time_constant[i];
  EXPECT_NEAR(foster_to_cauer(f).capacitance[0], 1.0 / sum, 1e-12 / sum);
}

TEST(FosterToCauer, CoincidentTimeConstantsMergeIntoOneStage) {
  const CauerNetwork c = foster_to_cauer({{0.01, 0.02, 0.03}, {0.1, 0.1, 0.1}});
  ASSERT_EQ(c.resistance.size(), 1u);
  EXPECT_NEAR(c.resistance[0], 0.06, 1e-15);
  EXPECT_NEAR(c.capacitance[0], 0.1 / 0.06, 1e-12);
}

TEST(FosterToCauer, NearlyCoincidentPolesGiveAValidLadderOrAClearError) {
  // Time constants 1e-8 apart (not merged): the result must be a physical ladder with the right
  // impedance, or an InputError - never NaN or negative elements.
  const FosterNetwork f{{0.1, 0.1}, {1.0, 1.0 + 1e-8}};
  try {
    const CauerNetwork c = foster_to_cauer(f);
    for (std::size_t k = 0; k < c.resistance.size(); ++k) {
      EXPECT_TRUE(std::isfinite(c.resistance[k]) && c.resistance[k] > 0.0);
      EXPECT_TRUE(std::isfinite(c.capacitance[k]) && c.capacitance[k] > 0.0);
    }
    for (long double omega : {0.01L, 1.0L, 100.0L}) {
      EXPECT_LT(std::abs(cauer_impedance(c, omega) - foster_impedance(f, omega)) /
                    std::abs(foster_impedance(f, omega)),
                1e-6L);
    }
  } catch (const InputError&) {
    SUCCEED();
  }
}

TEST(FosterToCauer, RejectsInvalidInput) {
  EXPECT_THROW(foster_to_cauer({{}, {}}), InputError);
  EXPECT_THROW(foster_to_cauer({{0.1, 0.2}, {0.1}}), InputError);
  EXPECT_THROW(foster_to_cauer({{-0.1}, {0.1}}), InputError);
  EXPECT_THROW(foster_to_cauer({{0.1}, {0.0}}), InputError);
  EXPECT_THROW(foster_to_cauer({{std::nan("")}, {0.1}}), InputError);
  EXPECT_THROW(cauer_to_foster({{0.1}, {std::numeric_limits<double>::infinity()}}), InputError);
  EXPECT_THROW(cauer_to_foster({{0.1, 0.0}, {1.0, 1.0}}), InputError);
  try {
    foster_to_cauer({{0.1, -0.2}, {0.1, 0.2}});
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("resistance[1]"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace etsim
