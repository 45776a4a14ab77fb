// The general Helmholtz term evaluator: analytic derivatives against central finite differences,
// for every term type used by the four fluids (polynomial, exponential, Gaussian, non-analytic,
// ideal-gas Planck-Einstein and power terms).

#include "models/fluid/helmholtz.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/fluid/fluid_model.h"

namespace etsim::fluid {
namespace {

// Relative comparison with an absolute floor (derivatives can pass through zero).
void expect_close(double analytic, double numeric, double scale, const std::string& what) {
  EXPECT_NEAR(analytic, numeric, 2e-6 * (std::fabs(numeric) + scale)) << what;
}

TEST(Helmholtz, ResidualDerivativesMatchFiniteDifferences) {
  const std::vector<FluidModel> models = make_fluid_models();
  // (delta, tau) points: gas, liquid, and around the critical point, where the R744
  // non-analytic and Gaussian terms are active (delta != 1 exactly: the derivatives are singular
  // there by construction).
  const double points[][2] = {{0.05, 1.5}, {2.5, 1.3}, {1.2, 1.02}, {0.9, 0.98}, {1.05, 1.001}};
  for (const FluidModel& model : models) {
    for (const auto& point : points) {
      const double delta = point[0], tau = point[1];
      const std::string at = model.name + " delta = " + std::to_string(delta) +
                             " tau = " + std::to_string(tau);
      const HelmholtzDerivatives r = evaluate_residual(model.residual, delta, tau);
      const double hd = 1e-6 * delta, ht = 1e-6 * tau;
      const HelmholtzDerivatives dp = evaluate_residual(model.residual, delta + hd, tau);
      const HelmholtzDerivatives dm = evaluate_residual(model.residual, delta - hd, tau);
      const HelmholtzDerivatives tp = evaluate_residual(model.residual, delta, tau + ht);
      const HelmholtzDerivatives tm = evaluate_residual(model.residual, delta, tau - ht);
      const double scale = 1.0 + std::fabs(r.a);
      expect_close(r.a_d, (dp.a - dm.a) / (2 * hd), scale, at + " a_d");
      expect_close(r.a_t, (tp.a - tm.a) / (2 * ht), scale, at + " a_t");
      expect_close(r.a_dd, (dp.a_d - dm.a_d) / (2 * hd), scale + std::fabs(r.a_d), at + " a_dd");
      expect_close(r.a_tt, (tp.a_t - tm.a_t) / (2 * ht), scale + std::fabs(r.a_t), at + " a_tt");
      expect_close(r.a_dt, (tp.a_d - tm.a_d) / (2 * ht), scale + std::fabs(r.a_d), at + " a_dt");
    }
  }
}

TEST(Helmholtz, NonAnalyticTermsAreActiveOnlyNearTheCriticalPoint) {
  const FluidModel co2 = make_fluid_models().back();
  ASSERT_EQ(co2.name, "R744");
  ResidualHelmholtz only_non_analytic;
  only_non_analytic.non_analytic = co2.residual.non_analytic;
  // Near (1, 1) the terms contribute; far away psi = exp(-C (delta-1)^2 - D (tau-1)^2) kills them.
  EXPECT_GT(std::fabs(evaluate_residual(only_non_analytic, 1.02, 1.002).a), 1e-6);
  EXPECT_EQ(evaluate_residual(only_non_analytic, 2.5, 1.5).a, 0.0);
  // Exactly at delta = 1 the evaluator stays finite.
  const HelmholtzDerivatives at_one = evaluate_residual(only_non_analytic, 1.0, 1.01);
  EXPECT_TRUE(std::isfinite(at_one.a_dd) && std::isfinite(at_one.a_tt) && std::isfinite(at_one.a_dt));
}

TEST(Helmholtz, IdealPartDerivatives) {
  for (const FluidModel& model : make_fluid_models()) {
    for (double tau : {0.5, 1.0, 2.0}) {
      const double delta = 0.7, ht = 1e-6 * tau;
      const HelmholtzDerivatives i = evaluate_ideal(model.ideal, delta, tau);
      const HelmholtzDerivatives p = evaluate_ideal(model.ideal, delta, tau + ht);
      const HelmholtzDerivatives m = evaluate_ideal(model.ideal, delta, tau - ht);
      expect_close(i.a_t, (p.a - m.a) / (2 * ht), 1.0 + std::fabs(i.a), model.name + " a0_t");
      expect_close(i.a_tt, (p.a_t - m.a_t) / (2 * ht), 1.0 + std::fabs(i.a_t), model.name + " a0_tt");
      EXPECT_DOUBLE_EQ(i.a_d, 1.0 / delta);
      // Ideal-gas cv/R = -tau^2 a0_tt must be positive and of the right size (1.5 .. 40).
      const double cv_over_R = -tau * tau * i.a_tt;
      EXPECT_GT(cv_over_R, 1.5) << model.name;
      EXPECT_LT(cv_over_R, 40.0) << model.name;
    }
  }
}

}  // namespace
}  // namespace etsim::fluid
