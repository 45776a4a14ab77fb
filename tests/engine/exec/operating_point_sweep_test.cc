// Operating-point sweeps: external inputs set per point, outputs evaluated in parallel, same
// results on any number of threads.
#include "engine/exec/operating_point_sweep.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

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

// The reusable form: one object, runs of different sizes and thread counts, inputs generated and
// outputs consumed inside the parallel loop; every point is filled and taken exactly once.
TEST(OperatingPointSweep, ReusedObjectFillsAndTakesEveryPointOnce) {
  ModelBuilder builder;
  const Model model = conductance_between_external_nodes(builder);
  const OperatingPointSweep sweep(model, {"link.b.temperature", "link.a.temperature"},
                                  {"link/heat_flow", "link/heat_flow"});
  EXPECT_EQ(sweep.input_count(), 2u);
  EXPECT_EQ(sweep.output_count(), 2u);
  for (int threads : {2, 1, 2}) {
    for (std::size_t count : {7u, 3000u}) {
      std::vector<std::atomic<int>> filled(count), taken(count);
      std::vector<double> heat_flow(count, 0.0);
      sweep.run(
          count,
          [&](std::size_t point, double* inputs) {
            ++filled[point];
            inputs[0] = 280.0;                           // link.b
            inputs[1] = 280.0 + 0.01 * static_cast<double>(point);  // link.a
          },
          [&](std::size_t point, bool ok, const double* outputs) {
            ++taken[point];
            EXPECT_TRUE(ok);
            EXPECT_EQ(outputs[0], outputs[1]);
            heat_flow[point] = outputs[0];
          },
          threads);
      for (std::size_t p = 0; p < count; ++p) {
        ASSERT_EQ(filled[p].load(), 1) << p;
        ASSERT_EQ(taken[p].load(), 1) << p;
        EXPECT_NEAR(heat_flow[p], 2.5 * 0.01 * static_cast<double>(p), 1e-9) << p;
      }
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
  EXPECT_THROW(OperatingPointSweep(model, {"link.a.temperature"}, {"link/nothing"}), InputError);
}

}  // namespace
}  // namespace etsim
