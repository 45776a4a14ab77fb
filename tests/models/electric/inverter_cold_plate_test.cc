#include "models/electric/inverter_cold_plate.h"

#include <cmath>

#include <gtest/gtest.h>

#include "engine/core/error.h"

namespace etsim {
namespace {

TEST(InverterColdPlate, ConductanceFollowsDittusBoelterScaling) {
  const ColdPlateParameters p;
  const double base = cold_plate_conductance(p, p.reference_mass_flow) - p.minimum_conductance;
  EXPECT_NEAR(base, p.reference_conductance, 1e-12);
  // Doubling the flow multiplies the convective part by 2^0.8.
  EXPECT_NEAR(cold_plate_conductance(p, 2 * p.reference_mass_flow) - p.minimum_conductance,
              p.reference_conductance * std::pow(2.0, 0.8), 1e-9);
  EXPECT_EQ(cold_plate_conductance(p, -1.0), p.minimum_conductance);
}

TEST(InverterColdPlate, EffectivenessIsNtuFormulaAndLimits) {
  const ColdPlateParameters p;
  const double flow = 0.1;
  const double ntu = cold_plate_conductance(p, flow) / (flow * p.coolant_specific_heat);
  EXPECT_NEAR(cold_plate_effectiveness(p, flow), 1.0 - std::exp(-ntu), 1e-14);
  EXPECT_EQ(cold_plate_effectiveness(p, 0.0), 1.0);
  // NTU ~ flow^-0.2: the effectiveness falls as the flow rises.
  EXPECT_LT(cold_plate_effectiveness(p, 1.0), cold_plate_effectiveness(p, 0.1));
  // Heat removed rises monotonically with flow.
  double previous = 0.0;
  for (double m : {0.01, 0.05, 0.1, 0.2, 0.5}) {
    const double capacity = cold_plate_effectiveness(p, m) * m * p.coolant_specific_heat;
    EXPECT_GT(capacity, previous);
    previous = capacity;
  }
}

TEST(InverterColdPlate, RejectsBadParameters) {
  ColdPlateParameters p;
  p.heat_capacity = 0.0;
  EXPECT_THROW(InverterColdPlate("plate", p), InputError);
  p = ColdPlateParameters{};
  p.minimum_conductance = -1.0;
  EXPECT_THROW(InverterColdPlate("plate", p), InputError);
}

}  // namespace
}  // namespace etsim
