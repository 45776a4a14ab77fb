#include "models/vehicle/drive_cycle.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>

#include "engine/core/error.h"
#include "engine/exec/simulator.h"
#include "engine/framework/model.h"

namespace etsim::vehicle {
namespace {

// ModelBuilder::add is overloaded for shared_ptr and unique_ptr of Component, which makes a
// unique_ptr of a derived class ambiguous; converting here first avoids that.
void add(ModelBuilder& builder, std::unique_ptr<Component> component) {
  builder.add(std::move(component));
}

std::string cycle_path(const std::string& file) {
  return std::string(ETSIM_SOURCE_DIR) + "/scenarios/cycles/" + file;
}

struct CycleReference {
  const char* file;
  double duration;  // [s]
  double distance;  // [m] from /work/shared/data/PROVENANCE.md (published values there)
  double max_speed_kmh;
};

class DriveCycleDistance : public ::testing::TestWithParam<CycleReference> {};

TEST_P(DriveCycleDistance, ComponentIntegratesThePublishedDistance) {
  const CycleReference reference = GetParam();
  const SpeedTrace trace = load_speed_trace_csv(cycle_path(reference.file));
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace));
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::CvodeAdams;
  options.relative_tolerance = 1e-8;
  Simulator simulator(model, options, 0.0);
  double max_speed = 0.0;
  const int speed_output = model.find_output("cycle/speed");
  for (double t = 0.5; t <= reference.duration; t += 1.0) {  // midpoints: catches a wrong slope
    simulator.advance_to(t);
    simulator.refresh_outputs();
    max_speed = std::max(max_speed, simulator.data().y[speed_output]);
  }
  simulator.advance_to(reference.duration);
  simulator.refresh_outputs();
  const double distance = simulator.data().y[model.find_output("cycle/distance")];
  EXPECT_NEAR(distance, reference.distance, 1e-3 * reference.distance) << reference.file;
  EXPECT_NEAR(trace.time.back(), reference.duration, 1e-9);
  // Midpoint maxima are below the true peak by at most half a second of acceleration.
  EXPECT_NEAR(max_speed * 3.6, reference.max_speed_kmh, 3.0);
  // Every breakpoint was a time event (n points: n - 2 interior breakpoints plus the end).
  EXPECT_GE(simulator.event_stats().time_events, static_cast<long>(trace.time.size()) - 2);
}

INSTANTIATE_TEST_SUITE_P(
    PublishedCycles, DriveCycleDistance,
    ::testing::Values(CycleReference{"wltc_class3b.csv", 1800.0, 23266.0, 131.3},
                      CycleReference{"udds_ftp72.csv", 1369.0, 11990.0, 91.25},
                      CycleReference{"hwfet.csv", 765.0, 16507.0, 96.4},
                      CycleReference{"us06.csv", 600.0, 12888.0, 129.2},
                      CycleReference{"nedc.csv", 1180.0, 11028.0, 120.0},
                      CycleReference{"wmtc_parts123.csv", 1800.0, 28915.0, 125.3}),
    [](const ::testing::TestParamInfo<CycleReference>& info) {
      std::string name = info.param.file;
      return name.substr(0, name.find('.'));
    });

// The monotone cubic reference (interpolation: pchip) on the published cycles: the same distance
// within 0.5 % (the bound for a cycle's distance), never below 0 or above the trace's
// maximum, and no time events (the reference is C1).
TEST_P(DriveCycleDistance, PchipReferenceKeepsTheDistanceWithoutTimeEvents) {
  const CycleReference reference = GetParam();
  const SpeedTrace trace = load_speed_trace_csv(cycle_path(reference.file));
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace, TraceInterpolation::Pchip));
  const Model model = builder.build();
  SolverOptions options;
  options.method = SolverMethod::CvodeAdams;
  options.relative_tolerance = 1e-8;
  Simulator simulator(model, options, 0.0);
  const int speed_output = model.find_output("cycle/speed");
  const double trace_max = *std::max_element(trace.speed.begin(), trace.speed.end());
  double lowest = 1e9, highest = 0.0;
  for (double t = 0.25; t <= reference.duration; t += 0.5) {
    simulator.advance_to(t);
    simulator.refresh_outputs();
    lowest = std::min(lowest, simulator.data().y[speed_output]);
    highest = std::max(highest, simulator.data().y[speed_output]);
  }
  simulator.advance_to(reference.duration);
  simulator.refresh_outputs();
  const double distance = simulator.data().y[model.find_output("cycle/distance")];
  EXPECT_NEAR(distance, reference.distance, 5e-3 * reference.distance) << reference.file;
  EXPECT_NEAR(distance, trace_distance(trace), 2e-3 * trace_distance(trace)) << reference.file;
  EXPECT_GE(lowest, 0.0);
  EXPECT_LE(highest, trace_max * (1.0 + 1e-12));
  EXPECT_EQ(simulator.event_stats().time_events, 0);
}

// The cubic reference departs from the regulations' linear WLTC trace by far less than the
// +-2 km/h driving tolerance (measured 0.69 km/h at most, sampled every 0.25 s).
TEST(DriveCycle, PchipWltcStaysCloseToTheLinearTrace) {
  const SpeedTrace trace = load_speed_trace_csv(cycle_path("wltc_class3b.csv"));
  const Table1D linear(trace.time, trace.speed, Interpolation::Linear);
  const Table1D cubic(trace.time, trace.speed, Interpolation::PchipMonotone);
  double largest = 0.0;
  for (double t = 0.0; t <= trace.time.back(); t += 0.25) {
    largest = std::max(largest, std::abs(cubic(t) - linear(t)));
  }
  EXPECT_LT(largest * 3.6, 1.0);
  EXPECT_GT(largest * 3.6, 0.1);  // it is a different curve, not the linear one
}

TEST(DriveCycle, PchipReferenceHasAContinuousAccelerationAndKeepsPlateaus) {
  SpeedTrace trace{{0.0, 10.0, 20.0, 30.0, 40.0}, {0.0, 10.0, 10.0, 4.0, 0.0}, "test"};
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace, TraceInterpolation::Pchip));
  const Model model = builder.build();
  SolverOptions options;
  options.relative_tolerance = 1e-10;
  options.absolute_tolerance = 1e-10;
  Simulator simulator(model, options, 0.0);
  const int speed = model.find_output("cycle/speed");
  const int acceleration = model.find_output("cycle/acceleration");
  const auto at = [&](double t, int output) {
    simulator.advance_to(t);
    simulator.refresh_outputs();
    return simulator.data().y[output];
  };
  // Through the points; flat between equal points (both end slopes 0 by the monotone rule).
  EXPECT_NEAR(at(10.0, speed), 10.0, 1e-12);
  EXPECT_NEAR(at(15.0, speed), 10.0, 1e-12);
  EXPECT_NEAR(at(15.0, acceleration), 0.0, 1e-12);
  // Continuous acceleration across the breakpoint at 30 s (the linear trace jumps -0.6 -> -0.4).
  const double before = at(30.0 - 1e-6, acceleration);
  const double after = at(30.0 + 1e-6, acceleration);
  EXPECT_NEAR(before, after, 1e-5);
  EXPECT_LT(before, -0.4);  // between the neighbouring secant slopes -0.6 and -0.4
  EXPECT_GT(before, -0.6);
  EXPECT_NEAR(at(30.0 + 1e-6, speed), 4.0, 1e-5);
  // Monotone between 20 and 40 s: never below the next point.
  for (double t = 31.0; t < 40.0; t += 1.0) EXPECT_GE(at(t, speed), 0.0);
  EXPECT_EQ(simulator.event_stats().time_events, 0);
}

TEST(DriveCycle, OutputsLinearInterpolationAndItsSlope) {
  SpeedTrace trace{{0.0, 10.0, 20.0, 30.0}, {0.0, 10.0, 10.0, 0.0}, "test"};
  ModelBuilder builder;
  add(builder, std::make_unique<DriveCycleComponent>("cycle", trace));
  const Model model = builder.build();
  SolverOptions options;
  options.relative_tolerance = 1e-10;
  options.absolute_tolerance = 1e-10;
  Simulator simulator(model, options, 0.0);
  const int speed = model.find_output("cycle/speed");
  const int acceleration = model.find_output("cycle/acceleration");
  simulator.advance_to(4.0);
  simulator.refresh_outputs();
  EXPECT_NEAR(simulator.data().y[speed], 4.0, 1e-12);
  EXPECT_NEAR(simulator.data().y[acceleration], 1.0, 1e-12);
  simulator.advance_to(10.0);  // at a breakpoint: the slope of the next interval
  simulator.refresh_outputs();
  EXPECT_NEAR(simulator.data().y[acceleration], 0.0, 1e-12);
  simulator.advance_to(25.0);
  simulator.refresh_outputs();
  EXPECT_NEAR(simulator.data().y[speed], 5.0, 1e-12);
  EXPECT_NEAR(simulator.data().y[acceleration], -1.0, 1e-12);
  simulator.advance_to(40.0);  // after the end: hold
  simulator.refresh_outputs();
  EXPECT_NEAR(simulator.data().y[speed], 0.0, 1e-12);
  EXPECT_NEAR(simulator.data().y[acceleration], 0.0, 1e-12);
  // 50 + 100 + 50 m.
  EXPECT_NEAR(simulator.data().y[model.find_output("cycle/distance")], 200.0, 1e-6);
}

TEST(DriveCycle, BadTracesAreRejectedWithTheirLocation) {
  EXPECT_THROW(DriveCycleComponent("c", SpeedTrace{{0.0, 2.0, 1.0}, {0.0, 1.0, 2.0}, "t.csv"}),
               InputError);
  try {
    DriveCycleComponent("c", SpeedTrace{{0.0, 1.0, 2.0}, {0.0, -1.0, 2.0}, "t.csv"});
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("t.csv: row 2"), std::string::npos) << error.what();
  }
  EXPECT_THROW(DriveCycleComponent("c", SpeedTrace{{0.0}, {0.0}, "t.csv"}), InputError);
}

TEST(DriveCycle, CsvErrorsNameFileLineAndExpectedForm) {
  const std::string path = ::testing::TempDir() + "/etsim_bad_cycle.csv";
  {
    std::ofstream file(path);
    file << "# comment\ntime_s,speed_kmh\n0,0\n1,abc\n";
  }
  try {
    load_speed_trace_csv(path);
    FAIL();
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("etsim_bad_cycle.csv:4"), std::string::npos) << message;
    EXPECT_NE(message.find("'abc'"), std::string::npos) << message;
  }
  {
    std::ofstream file(path);
    file << "t,v\n0,0\n";
  }
  try {
    load_speed_trace_csv(path);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("time_s"), std::string::npos) << error.what();
  }
  std::remove(path.c_str());
  EXPECT_THROW(load_speed_trace_csv(path), InputError);  // missing file
}

}  // namespace
}  // namespace etsim::vehicle
