// Internal solvers of eos.h: EOS critical point, density solvers, phase equilibrium.

#include "models/fluid/eos.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/fluid/fluid_model.h"

namespace etsim::fluid {
namespace {

FluidModel model_named(const std::string& name) {
  for (FluidModel model : make_fluid_models()) {
    if (model.name == name) return model;
  }
  ADD_FAILURE() << "no model " << name;
  return {};
}

TEST(Eos, TillnerRothCriticalPointOfTheEquationItself) {
  // The Tillner-Roth & Baehr EOS has its own critical point at 374.21 K, 4.05928 MPa,
  // 5.017 mol/dm^3 (the values NIST REFPROP reports for this EOS, as listed in the CoolProp
  // fluid file), not at the published 374.18 K / 4.05629 MPa / 508 kg/m^3.
  FluidModel model = model_named("R134a");
  detail::locate_eos_critical_point(model);
  EXPECT_NEAR(model.T_c_eos, 374.21, 0.005);
  EXPECT_NEAR(model.p_c_eos / 4.05928e6, 1.0, 1e-5);
  EXPECT_NEAR(model.rho_c_eos / (5.017053e3 * 0.102032), 1.0, 2e-3);
  // There dp/drho vanishes.
  double p = 0, slope = 0;
  detail::pressure_and_slope(model, model.T_c_eos, model.rho_c_eos, p, slope);
  EXPECT_LT(std::fabs(slope) * model.rho_c_eos / p, 1e-6);
}

TEST(Eos, SpanWagnerKeepsThePublishedCriticalPoint) {
  FluidModel model = model_named("R744");
  detail::locate_eos_critical_point(model);
  EXPECT_EQ(model.T_c_eos, 304.1282);
  EXPECT_EQ(model.p_c_eos, 7.3773e6);
}

TEST(Eos, DensitySolversFindTheStableRoots) {
  FluidModel model = model_named("R290");
  model.R = model.molar_gas_constant / model.molar_mass;
  detail::locate_eos_critical_point(model);
  model.p_triple = 1e-4;
  const double T = 300.0;
  const SaturationState sat = detail::saturation_at_T(model, T);
  // Liquid root above p_sat, started from a guess inside the dome (where the EOS oscillates).
  const double p_liquid = 3.0 * sat.p;
  const double rho_l = detail::liquid_density_from_T_p(model, T, p_liquid, 0.5 * (sat.liquid.rho + sat.vapor.rho));
  EXPECT_GT(rho_l, sat.liquid.rho);
  EXPECT_NEAR(detail::evaluate(model, T, rho_l).state.p / p_liquid, 1.0, 1e-12);
  // Vapour root below p_sat, bracketed by the saturated vapour density.
  const double p_vapour = 0.5 * sat.p;
  const double rho_v = detail::density_from_T_p(model, T, p_vapour, 1e-12, sat.vapor.rho, 0.0);
  EXPECT_LT(rho_v, sat.vapor.rho);
  EXPECT_NEAR(detail::evaluate(model, T, rho_v).state.p / p_vapour, 1.0, 1e-12);
  // Equal pressure and Gibbs energy at saturation: g = h - T s.
  const double g_l = sat.liquid.h - T * sat.liquid.s, g_v = sat.vapor.h - T * sat.vapor.s;
  EXPECT_NEAR(g_l, g_v, 1e-9 * std::fabs(sat.vapor.h));
  EXPECT_NEAR(sat.liquid.p / sat.vapor.p, 1.0, 1e-10);
}

}  // namespace
}  // namespace etsim::fluid
