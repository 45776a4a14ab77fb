#include "models/fluid/coolant/glycol_coolant.h"

#include <gtest/gtest.h>

#include <cmath>

namespace etsim::fluid {
namespace {

constexpr double kC = 273.15;

// Pure-water limit x = 0: the Melinder polynomials must reproduce water (IAPWS-95 / IAPWS 2008
// viscosity values at 0.1 MPa). This checks every transcribed coefficient that multiplies x^i.
struct WaterReference {
  double t_celsius, density, cp, conductivity, viscosity_mpas;
};
constexpr WaterReference kWater[] = {
    {5.0, 999.97, 4202.0, 0.5705, 1.5188},
    {20.0, 998.21, 4184.0, 0.5984, 1.0016},
    {50.0, 988.03, 4181.0, 0.6435, 0.5465},
    {80.0, 971.79, 4197.0, 0.6701, 0.3544},
};

TEST(GlycolCoolant, PureWaterLimitMatchesIapws) {
  for (Glycol glycol : {Glycol::Ethylene, Glycol::Propylene}) {
    const GlycolCoolant water(glycol, 0.0);
    EXPECT_NEAR(water.freezing_temperature(), kC, 0.1);
    for (const auto& ref : kWater) {
      const double T = ref.t_celsius + kC;
      EXPECT_NEAR(water.density(T) / ref.density, 1.0, 2e-3) << ref.t_celsius;
      EXPECT_NEAR(water.specific_heat(T) / ref.cp, 1.0, 5e-3) << ref.t_celsius;
      EXPECT_NEAR(water.thermal_conductivity(T) / ref.conductivity, 1.0, 5e-3) << ref.t_celsius;
      EXPECT_NEAR(water.viscosity(T) / (1e-3 * ref.viscosity_mpas), 1.0, 0.015) << ref.t_celsius;
    }
  }
}

TEST(GlycolCoolant, VolumeToMassFraction) {
  // 50/50 by volume with rho_EG = 1113.5 and rho_w = 998.2 kg/m^3 at 20 degC.
  EXPECT_NEAR(GlycolCoolant::ethylene_glycol_50vol().mass_fraction(), 1113.5 / (1113.5 + 998.2), 1e-12);
  EXPECT_NEAR(GlycolCoolant::propylene_glycol_50vol().mass_fraction(), 1036.1 / (1036.1 + 998.2), 1e-12);
  EXPECT_EQ(GlycolCoolant::mass_fraction_from_volume_fraction(Glycol::Ethylene, 0.0), 0.0);
  EXPECT_EQ(GlycolCoolant::mass_fraction_from_volume_fraction(Glycol::Ethylene, 1.0), 1.0);
  EXPECT_EQ(GlycolCoolant::by_name("eg50").name(), "EG50");
  EXPECT_EQ(GlycolCoolant::by_name("PG50").name(), "PG50");
}

// Ethylene glycol 50 vol-%: ASHRAE Handbook Fundamentals, ch. "Physical properties of secondary
// coolants", density of EG solutions by volume (lb/ft^3): 67.47 at 40 F, 66.55 at 100 F, 64.80 at
// 180 F. The ASHRAE (Dow) values are for inhibited fluid and lie 0.4..1.0 % above Melinder.
TEST(GlycolCoolant, EthyleneGlycol50DensityMatchesAshrae) {
  const GlycolCoolant eg = GlycolCoolant::ethylene_glycol_50vol();
  constexpr double kLbPerFt3 = 16.018463;
  const double fahrenheit[] = {40.0, 100.0, 180.0};
  const double ashrae[] = {67.47, 66.55, 64.80};
  for (int i = 0; i < 3; ++i) {
    const double T = (fahrenheit[i] - 32.0) / 1.8 + kC;
    EXPECT_NEAR(eg.density(T) / (ashrae[i] * kLbPerFt3), 1.0, 0.012) << fahrenheit[i];
    EXPECT_LT(eg.density(T), ashrae[i] * kLbPerFt3);  // the known sign of the inhibitor offset
  }
}

TEST(GlycolCoolant, FreezingPoints) {
  // EG 50 vol-%: -37 degC (ASHRAE / Engineering ToolBox table, by volume); Melinder gives -39.8 degC
  // at x = 0.527: agreement within 3 K (freezing points of EG solutions scatter by that much).
  EXPECT_NEAR(GlycolCoolant::ethylene_glycol_50vol().freezing_temperature(), -37.0 + kC, 3.0);
  // PG 50 vol-%: -33.3 degC (Lange's Handbook of Chemistry, 15th ed., Table 5.13 "Compositions of
  // aqueous antifreeze solutions", propylene glycol 50 % by volume).
  EXPECT_NEAR(GlycolCoolant::propylene_glycol_50vol().freezing_temperature(), -33.3 + kC, 1.0);
}

TEST(GlycolCoolant, PropyleneGlycol50SpecificGravity) {
  // Lange's Table 5.13: specific gravity 1.040 at 15.6 degC (60 F) for 50 vol-% PG (water at 60 F: 999.0 kg/m^3).
  const GlycolCoolant pg = GlycolCoolant::propylene_glycol_50vol();
  EXPECT_NEAR(pg.density(15.56 + kC) / (1.040 * 999.0), 1.0, 5e-3);
}

TEST(GlycolCoolant, EthyleneGlycol50ViscosityTrend) {
  // Engineering ToolBox (ASHRAE-derived, by volume, rounded to 2 digits): 6.5 / 2.8 / 1.5 / 0.95 / 0.7
  // mPa s at 4.4 / 26.7 / 48.9 / 71.1 / 93.3 degC. Melinder lies 5..20 % above these rounded values.
  const GlycolCoolant eg = GlycolCoolant::ethylene_glycol_50vol();
  const double t[] = {4.4, 26.7, 48.9, 71.1, 93.3};
  const double mu[] = {6.5, 2.8, 1.5, 0.95, 0.7};
  for (int i = 0; i < 5; ++i) {
    const double ratio = eg.viscosity(t[i] + kC) / (1e-3 * mu[i]);
    EXPECT_GT(ratio, 1.0) << t[i];
    EXPECT_LT(ratio, 1.30) << t[i];
  }
}

TEST(GlycolCoolant, PhysicalOrdering) {
  const GlycolCoolant eg = GlycolCoolant::ethylene_glycol_50vol();
  const GlycolCoolant pg = GlycolCoolant::propylene_glycol_50vol();
  for (double t = -30.0; t <= 100.0; t += 10.0) {
    const double T = t + kC;
    // Glycol lowers cp and k relative to water; PG is more viscous than EG at the same volume share.
    EXPECT_LT(eg.specific_heat(T), 3700.0);
    EXPECT_GT(eg.specific_heat(T), 2800.0);
    EXPECT_GT(pg.viscosity(T), eg.viscosity(T));
    EXPECT_LT(eg.thermal_conductivity(T), 0.45);
    if (t > -30.0) {
      EXPECT_LT(eg.density(T), eg.density(T - 10.0));
      EXPECT_LT(eg.viscosity(T), eg.viscosity(T - 10.0));
    }
  }
  EXPECT_NEAR(eg.prandtl(293.15), eg.viscosity(293.15) * eg.specific_heat(293.15) / eg.thermal_conductivity(293.15), 1e-12);
}

TEST(GlycolCoolant, ErrorPaths) {
  EXPECT_THROW(GlycolCoolant(Glycol::Ethylene, 0.7), FluidError);
  EXPECT_THROW(GlycolCoolant(Glycol::Ethylene, -0.1), FluidError);
  EXPECT_THROW(GlycolCoolant(Glycol::Ethylene, std::nan("")), FluidError);
  EXPECT_THROW(GlycolCoolant::mass_fraction_from_volume_fraction(Glycol::Propylene, 1.5), FluidError);
  EXPECT_THROW(GlycolCoolant::by_name("water"), FluidError);
  const GlycolCoolant eg = GlycolCoolant::ethylene_glycol_50vol();
  EXPECT_THROW(eg.density(eg.freezing_temperature() - 1.0), FluidError);  // frozen
  EXPECT_THROW(eg.viscosity(400.0), FluidError);
  EXPECT_THROW(eg.specific_heat(std::nan("")), FluidError);
  try {
    eg.thermal_conductivity(200.0);
    FAIL() << "no exception";
  } catch (const FluidError& error) {
    EXPECT_NE(std::string(error.what()).find("EG50"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("valid range"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace etsim::fluid
