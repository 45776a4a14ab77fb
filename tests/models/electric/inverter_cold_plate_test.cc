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

// The component remembers the effectiveness of the last flow in its scratch; changing the flow back
// and forth must give exactly the values of a fresh evaluation.
TEST(InverterColdPlate, RemembersEffectivenessOnlyForTheSameFlow) {
  const ColdPlateParameters p;
  const InverterColdPlate plate("plate", p);
  const int in_flow = plate.find_input("coolant_in.mass_flow");
  const int in_inlet = plate.find_input("coolant_in.temperature");
  const int out_outlet = plate.find_output("coolant_out.temperature");
  const int out_heat = plate.find_output("heat_to_coolant");
  double x[1] = {350.0}, u[3] = {0.0, 0.0, 0.0}, y[8] = {}, work[3] = {};
  const EvalContext context{0.0, x, u, y, nullptr, work};
  u[in_inlet] = 320.0;
  for (double flow : {0.1, 0.1, 0.3, 0.1, 0.0, 0.3}) {
    u[in_flow] = flow;
    ASSERT_EQ(plate.compute_outputs(context), RhsStatus::Ok);
    const double epsilon = cold_plate_effectiveness(p, flow);
    EXPECT_EQ(y[out_heat], epsilon * flow * p.coolant_specific_heat * (350.0 - 320.0)) << flow;
    EXPECT_EQ(y[out_outlet], flow > 0.0 ? 320.0 + epsilon * 30.0 : 350.0) << flow;
    double xdot[1];
    ASSERT_EQ(plate.compute_derivatives(context, xdot), RhsStatus::Ok);
    EXPECT_DOUBLE_EQ(xdot[0], (u[plate.find_input("devices.heat_flow")] - y[out_heat]) / p.heat_capacity);
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
