// Operating-point sweeps: external inputs set per point, outputs evaluated in parallel, same
// results on any number of threads.
#include "engine/exec/operating_point_sweep.h"

#include <gtest/gtest.h>

#include "models/thermal/thermal_elements.h"

namespace etsim {
namespace {

Model conductance_between_external_nodes(ModelBuilder& builder) {
  builder.add(std::make_unique<thermal::ThermalMass>("hot", 1.0, 300.0));
  builder.add(std::make_unique<thermal::ThermalConductance>("link", 2.5));
  builder.add(std::make_unique<thermal::ThermalMass>("cold", 1.0, 300.0));
  builder.connect("link.a", "hot.node");
  builder.connect("link.b", "cold.node");
  return builder.build_subset({"link"});
}

TEST(OperatingPointSweep, EvaluatesEveryPointWithItsInputs) {
  ModelBuilder builder;
  const Model model = conductance_between_external_nodes(builder);
  std::vector<double> points;
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < 40; ++j) {
      points.push_back(300.0 + i);
      points.push_back(290.0 + 0.5 * j);
    }
  }
  for (int threads : {1, 2}) {
    const SweepResult result = sweep_operating_points(
        model, {"link.a.temperature", "link.b.temperature"}, points, {"link/heat_flow"}, threads);
    ASSERT_EQ(result.values.size(), 2000u);
    for (std::size_t p = 0; p < 2000; ++p) {
      EXPECT_TRUE(result.ok[p]);
      EXPECT_DOUBLE_EQ(result.values[p], 2.5 * (points[2 * p] - points[2 * p + 1]));
    }
  }
}

TEST(OperatingPointSweep, RefusesUnknownNames) {
  ModelBuilder builder;
  const Model model = conductance_between_external_nodes(builder);
  const std::vector<double> points{1.0, 2.0};
  EXPECT_THROW(sweep_operating_points(model, {"link.c.temperature", "link.b.temperature"}, points,
                                      {"link/heat_flow"}),
               InputError);
  EXPECT_THROW(sweep_operating_points(model, {"link.a.temperature", "link.b.temperature"}, points,
                                      {"link/nothing"}),
               InputError);
}

}  // namespace
}  // namespace etsim
