#include "models/vehicle/driver_component.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "engine/exec/simulator.h"
#include "engine/framework/model.h"
#include "models/vehicle/drive_cycle.h"
#include "models/vehicle/vehicle_component.h"
#include "tests/models/vehicle/reference_sedan.h"
#include "tests/support/allocation_counter.h"

namespace etsim::vehicle {
namespace {

void add(ModelBuilder& builder, std::unique_ptr<Component> component) {
  builder.add(std::move(component));
}


struct TrackingResult {
  double rms_error_kmh = 0.0;
  double max_error_kmh = 0.0;
  double distance = 0.0;
  double reference_distance = 0.0;
};

// Cycle -> Driver -> force-source Vehicle (no drivetrain), variable-step CVODE, errors sampled
// every 0.1 s over the whole cycle.
TrackingResult track(const std::string& cycle_file, const VehicleParameters& car,
                     const VehicleParameters& drivers_model, double duration_limit = 1.0e9,
                     const Table1D& road = Table1D(), bool grade_feedforward = false,
                     double sample_period = 0.01) {
  const SpeedTrace trace =
      load_speed_trace_csv(std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/" + cycle_file);
  VehicleOptions vehicle;
  vehicle.parameters = car;
  vehicle.traction_force_input = true;
  vehicle.road_profile = road;
  DriverParameters driver;
  driver.vehicle = drivers_model;
  driver.sample_period = sample_period;
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace));
  add(builder, std::make_unique<DriverComponent>("driver", driver, grade_feedforward));
  add(builder, std::make_unique<VehicleComponent>("car", vehicle));
  builder.connect("cycle.speed", "driver.reference_speed");
  builder.connect("cycle.acceleration", "driver.reference_acceleration");
  builder.connect("car.speed", "driver.speed");
  builder.connect("driver.traction_force", "car.traction_force");
  builder.connect("driver.brake_force", "car.brake_force");
  builder.allow_unconnected("car.wheel");
  if (grade_feedforward) builder.connect("car.grade", "driver.grade");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::CvodeBdf;
  options.relative_tolerance = 1e-6;
  Simulator simulator(model, options, 0.0);
  const int reference = model.find_output("cycle/speed");
  const int speed = model.find_output("car/speed");
  TrackingResult result;
  double squared = 0.0;
  long samples = 0;
  const double duration = std::min(trace.time.back(), duration_limit);
  for (long k = 1; k * 0.1 <= duration + 1e-9; ++k) {
    simulator.advance_to(k * 0.1);
    simulator.refresh_outputs();
    const double error = (simulator.data().y[reference] - simulator.data().y[speed]) * 3.6;
    squared += error * error;
    result.max_error_kmh = std::max(result.max_error_kmh, std::abs(error));
    ++samples;
  }
  result.rms_error_kmh = std::sqrt(squared / samples);
  result.distance = simulator.data().y[model.find_output("car/distance")];
  // Distance of the reference over the same span, from the cycle component's own integral.
  result.reference_distance = simulator.data().y[model.find_output("cycle/distance")];
  return result;
}

TEST(DriverComponent, ReferenceSedanFollowsWltcWithinHalfAKilometrePerHour) {
  const TrackingResult result = track("wltc_class3b.csv", reference_sedan(), reference_sedan());
  std::printf("WLTC sedan: RMS %.4f km/h, max %.3f km/h, distance %.2f m (cycle %.2f m)\n",
              result.rms_error_kmh, result.max_error_kmh, result.distance,
              result.reference_distance);
  EXPECT_LT(result.rms_error_kmh, 0.5);
  EXPECT_NEAR(result.distance, 23266.0, 0.005 * 23266.0);
  EXPECT_NEAR(result.distance, result.reference_distance, 0.005 * result.reference_distance);
}

TEST(DriverComponent, ContinuousDriverFollowsWltcWithAWrongInternalModel) {
  // sample_period 0: the PI integrator is a continuous state, there are no sample hits, and the
  // PI part still has to close the gap left by a wrong feed-forward model.
  VehicleParameters believed = reference_sedan();
  believed.mass *= 0.9;
  believed.drag_coefficient *= 0.85;
  const TrackingResult result =
      track("wltc_class3b.csv", reference_sedan(), believed, 1.0e9, Table1D(), false, 0.0);
  std::printf("WLTC continuous driver, wrong model: RMS %.4f km/h, max %.3f km/h\n",
              result.rms_error_kmh, result.max_error_kmh);
  EXPECT_LT(result.rms_error_kmh, 0.5);
  EXPECT_NEAR(result.distance, 23266.0, 0.005 * 23266.0);
}

TEST(DriverComponent, PiCorrectsAWrongInternalModel) {
  // The driver believes in a 10 % lighter, cleaner car: feed-forward alone would lag; the PI
  // part must close the gap.
  VehicleParameters believed = reference_sedan();
  believed.mass *= 0.9;
  believed.drag_coefficient *= 0.85;
  believed.rolling_resistance_coefficient *= 0.7;
  // First 1022 s of WLTC (low and medium phases) keep the test short.
  const TrackingResult result = track("wltc_class3b.csv", reference_sedan(), believed, 1022.0);
  std::printf("WLTC low+medium, wrong model: RMS %.4f km/h, max %.3f km/h\n",
              result.rms_error_kmh, result.max_error_kmh);
  EXPECT_LT(result.rms_error_kmh, 0.5);
  EXPECT_NEAR(result.distance, result.reference_distance, 0.005 * result.reference_distance);
}

TEST(DriverComponent, GradeFeedForwardHelpsOnTheMountainRoad) {
  const Table1D road = load_road_profile_csv(std::string(ETSIM_SOURCE_DIR) +
                                             "/scenarios/cycles/mountain_road_profile.csv");
  // 200 s: acceleration, the ramp onto the 9 % climb and the first 2 km of it.
  const TrackingResult blind =
      track("mountain_road_speed.csv", reference_sedan(), reference_sedan(), 200.0, road, false);
  const TrackingResult seeing =
      track("mountain_road_speed.csv", reference_sedan(), reference_sedan(), 200.0, road, true);
  std::printf("mountain road: RMS %.4f km/h without, %.5f km/h with grade feed-forward\n",
              blind.rms_error_kmh, seeing.rms_error_kmh);
  EXPECT_LT(blind.rms_error_kmh, 0.5);
  EXPECT_LT(seeing.rms_error_kmh, 0.5 * blind.rms_error_kmh);
}

TEST(DriverComponent, IsSampledWithoutFeedthroughAndSplitsTheDemand) {
  DriverParameters driver;
  driver.sample_period = 0.01;
  const DriverComponent component("driver", driver);
  EXPECT_FALSE(component.direct_feedthrough());
  EXPECT_DOUBLE_EQ(component.sample_period(), 0.01);
  double d[2] = {-1500.0, 0.0};
  double u[3] = {0.0, 0.0, 0.0};
  double y[3] = {0.0, 0.0, 0.0};
  EvalContext context;
  context.d = d;
  context.u = u;
  context.y = y;
  ASSERT_EQ(component.compute_outputs(context), RhsStatus::Ok);
  EXPECT_EQ(y[component.find_output("force_demand")], -1500.0);
  EXPECT_EQ(y[component.find_output("traction_force")], 0.0);
  EXPECT_EQ(y[component.find_output("brake_force")], 1500.0);
}

TEST(DriverComponent, SteppingTheClosedLoopAllocatesNothing) {
  const SpeedTrace trace =
      load_speed_trace_csv(std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/udds_ftp72.csv");
  VehicleOptions vehicle;
  vehicle.parameters = reference_sedan();
  vehicle.traction_force_input = true;
  DriverParameters driver;
  driver.vehicle = reference_sedan();
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace));
  add(builder, std::make_unique<DriverComponent>("driver", driver));
  add(builder, std::make_unique<VehicleComponent>("car", vehicle));
  builder.connect("cycle.speed", "driver.reference_speed");
  builder.connect("cycle.acceleration", "driver.reference_acceleration");
  builder.connect("car.speed", "driver.speed");
  builder.connect("driver.traction_force", "car.traction_force");
  builder.connect("driver.brake_force", "car.brake_force");
  builder.allow_unconnected("car.wheel");
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::RungeKutta4;
  options.fixed_step = 1e-3;
  Simulator simulator(model, options, 0.0);
  simulator.advance_to(1.0);
  simulator.refresh_outputs();
  AllocationCounter counter;
  simulator.advance_to(120.0);
  simulator.refresh_outputs();
  EXPECT_EQ(counter.count(), 0);
  EXPECT_GT(simulator.data().y[model.find_output("car/distance")], 100.0);
}

}  // namespace
}  // namespace etsim::vehicle
