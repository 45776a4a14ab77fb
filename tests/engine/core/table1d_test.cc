#include "engine/core/table1d.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/core/error.h"

namespace etsim {
namespace {

const double kInfinity = std::numeric_limits<double>::infinity();

std::string error_of(auto&& make) {
  try {
    make();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

TEST(Table1D, LinearInterpolatesAndClamps) {
  const Table1D table({0.0, 1.0, 3.0}, {10.0, 20.0, 0.0});
  EXPECT_DOUBLE_EQ(table(0.0), 10.0);
  EXPECT_DOUBLE_EQ(table(0.25), 12.5);
  EXPECT_DOUBLE_EQ(table(1.0), 20.0);
  EXPECT_DOUBLE_EQ(table(2.5), 5.0);
  EXPECT_DOUBLE_EQ(table(3.0), 0.0);
  EXPECT_DOUBLE_EQ(table(-4.0), 10.0);  // clamp
  EXPECT_DOUBLE_EQ(table(9.0), 0.0);
  EXPECT_DOUBLE_EQ(table.derivative(2.0), -10.0);
  EXPECT_DOUBLE_EQ(table.derivative(5.0), 0.0);  // clamped: flat
}

TEST(Table1D, LinearExtrapolationContinuesEndSecants) {
  const Table1D table({0.0, 1.0, 3.0}, {10.0, 20.0, 0.0}, Interpolation::Linear,
                      Extrapolation::Linear);
  EXPECT_DOUBLE_EQ(table(-1.0), 0.0);    // slope +10 to the left
  EXPECT_DOUBLE_EQ(table(4.0), -10.0);   // slope -10 to the right
  EXPECT_DOUBLE_EQ(table.derivative(4.0), -10.0);
}

TEST(Table1D, PreviousHoldsRightContinuous) {
  const Table1D table({0.0, 1.0, 2.0}, {5.0, 7.0, 9.0}, Interpolation::Previous,
                      Extrapolation::Linear);
  EXPECT_DOUBLE_EQ(table(0.999), 5.0);
  EXPECT_DOUBLE_EQ(table(1.0), 7.0);
  EXPECT_DOUBLE_EQ(table(1.5), 7.0);
  EXPECT_DOUBLE_EQ(table(2.0), 9.0);
  EXPECT_DOUBLE_EQ(table(-1.0), 5.0);  // piecewise constant: holds the end value
  EXPECT_DOUBLE_EQ(table(10.0), 9.0);
  EXPECT_DOUBLE_EQ(table.derivative(0.5), 0.0);
}

TEST(Table1D, NearestTakesCloserBreakpointAndUpperOnTie) {
  const Table1D table({0.0, 1.0, 3.0}, {5.0, 7.0, 9.0}, Interpolation::Nearest);
  EXPECT_DOUBLE_EQ(table(0.49), 5.0);
  EXPECT_DOUBLE_EQ(table(0.5), 7.0);
  EXPECT_DOUBLE_EQ(table(1.9), 7.0);
  EXPECT_DOUBLE_EQ(table(2.1), 9.0);
}

// Reference values: SciPy 1.10.1 scipy.interpolate.PchipInterpolator on the same data (the same
// Fritsch-Butland slopes and three-point end conditions), checked by hand for d_0 and d_5.
TEST(Table1D, PchipMatchesReferenceImplementation) {
  const Table1D table({0.0, 1.0, 2.5, 3.0, 5.0, 6.0}, {0.0, 2.0, 3.0, 3.0, 1.0, 4.0},
                      Interpolation::PchipMonotone, Extrapolation::Linear);
  EXPECT_NEAR(table(0.5), 1.1873563218390806, 1e-13);
  EXPECT_NEAR(table(1.7), 2.656051085568327, 1e-13);
  EXPECT_NEAR(table(2.75), 3.0, 1e-13);
  EXPECT_NEAR(table(4.2), 1.704, 1e-13);
  EXPECT_NEAR(table(5.5), 1.9583333333333335, 1e-13);
  EXPECT_NEAR(table.derivative(0.5), 2.1080459770114945, 1e-12);
  EXPECT_NEAR(table.derivative(1.7), 0.7748659003831416, 1e-12);
  EXPECT_NEAR(table.derivative(4.2), -1.44, 1e-12);
  // End slopes: d_0 = ((2h0+h1)delta0 - h0 delta1)/(h0+h1) = 38/15, d_5 = 13/3.
  EXPECT_NEAR(table.derivative(0.0), 38.0 / 15.0, 1e-12);
  EXPECT_NEAR(table.derivative(6.0), 13.0 / 3.0, 1e-12);
  // Linear extrapolation along the end tangents.
  EXPECT_NEAR(table(-1.0), -38.0 / 15.0, 1e-12);
  EXPECT_NEAR(table(7.0), 4.0 + 13.0 / 3.0, 1e-12);
}

TEST(Table1D, PchipReproducesLinesAndStaysMonotone) {
  // A straight line on uneven breakpoints is reproduced exactly.
  const Table1D line({0.0, 0.3, 1.0, 4.0, 4.5}, {1.0, 1.6, 3.0, 9.0, 10.0},
                     Interpolation::PchipMonotone);
  for (double x = 0.0; x <= 4.5; x += 0.01) EXPECT_NEAR(line(x), 2.0 * x + 1.0, 1e-12);

  // A step: a natural cubic spline overshoots here, the monotone one must not.
  const Table1D step({0.0, 1.0, 2.0, 3.0, 4.0, 5.0}, {0.0, 0.0, 0.1, 0.9, 1.0, 1.0},
                     Interpolation::PchipMonotone);
  double previous = step(0.0);
  for (double x = 0.0; x <= 5.0; x += 0.001) {
    const double value = step(x);
    ASSERT_GE(value, previous - 1e-15) << "not monotone at x = " << x;
    ASSERT_GE(value, 0.0);
    ASSERT_LE(value, 1.0);
    previous = value;
  }
  // C1 at an interior breakpoint: one-sided difference quotients agree with the slope.
  const double h = 1e-6;
  EXPECT_NEAR((step(2.0 + h) - step(2.0)) / h, (step(2.0) - step(2.0 - h)) / h, 1e-4);
  // Two points: the straight line.
  const Table1D two({1.0, 3.0}, {2.0, 6.0}, Interpolation::PchipMonotone);
  EXPECT_DOUBLE_EQ(two(2.5), 5.0);
}

TEST(Table1D, HintsGiveSameValuesAndTrackTheInterval) {
  std::vector<double> x, y;
  for (int i = 0; i <= 100; ++i) {
    x.push_back(i * 0.5);
    y.push_back(std::sin(i * 0.3));
  }
  const Table1D table(x, y, Interpolation::PchipMonotone);
  int hint = 0, derivative_hint = 0;
  double workspace_hint = 0.0;
  for (double t = -1.0; t < 52.0; t += 0.013) {
    const double expected = table(t);
    ASSERT_EQ(table.evaluate(t, hint), expected) << t;
    ASSERT_EQ(table.derivative(t, derivative_hint), table.derivative(t)) << t;
    ASSERT_EQ(derivative_hint, hint) << t;
    ASSERT_EQ(table.evaluate(t, workspace_hint), expected) << t;
    if (t >= 0.0 && t < 50.0) {
      ASSERT_LE(x[hint], t);
      ASSERT_LT(t, x[hint + 1]);
    }
    ASSERT_EQ(workspace_hint, static_cast<double>(hint));
  }
  // Any hint is safe: out of range, negative, NaN; a backwards jump is found too.
  for (int bad : {-7, 5000, 99, 100}) {
    int bad_hint = bad;
    EXPECT_EQ(table.evaluate(12.3, bad_hint), table(12.3));
    EXPECT_EQ(bad_hint, 24);
    bad_hint = bad;
    EXPECT_EQ(table.derivative(12.3, bad_hint), table.derivative(12.3));
    EXPECT_EQ(bad_hint, 24);
  }
  double nan_hint = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(table.evaluate(3.1, nan_hint), table(3.1));
  EXPECT_EQ(nan_hint, 6.0);
  // NaN input gives a finite value, not a crash.
  EXPECT_TRUE(std::isfinite(table(std::numeric_limits<double>::quiet_NaN())));
}

TEST(Table1D, NextBreakpointAfter) {
  const Table1D table({0.0, 1.0, 2.5}, {0.0, 1.0, 0.0});
  EXPECT_EQ(table.next_breakpoint_after(-3.0), 0.0);
  EXPECT_EQ(table.next_breakpoint_after(0.0), 1.0);
  EXPECT_EQ(table.next_breakpoint_after(0.2), 1.0);
  EXPECT_EQ(table.next_breakpoint_after(1.0), 2.5);
  EXPECT_EQ(table.next_breakpoint_after(2.5), kInfinity);
  EXPECT_EQ(table.next_breakpoint_after(9.0), kInfinity);
  int hint = 0;
  EXPECT_EQ(table.next_breakpoint_after(1.7, hint), 2.5);
  EXPECT_EQ(hint, 1);
  double workspace_hint = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(table.next_breakpoint_after(0.5, workspace_hint), 1.0);
  EXPECT_EQ(workspace_hint, 0.0);
}

TEST(Table1D, SinglePointIsConstant) {
  const Table1D table({2.0}, {42.0}, Interpolation::PchipMonotone, Extrapolation::Linear);
  EXPECT_EQ(table(-5.0), 42.0);
  EXPECT_EQ(table(2.0), 42.0);
  EXPECT_EQ(table(7.0), 42.0);
  EXPECT_EQ(table.derivative(7.0), 0.0);
  EXPECT_EQ(table.next_breakpoint_after(1.0), 2.0);
  EXPECT_EQ(table.next_breakpoint_after(2.0), kInfinity);
}

TEST(Table1D, BadBreakpointsNameSourceAndRow) {
  std::string message = error_of([] {
    Table1D({0.0, 1.0, 1.0, 2.0}, {0, 0, 0, 0}, Interpolation::Linear, Extrapolation::Clamp,
            "load.csv");
  });
  EXPECT_NE(message.find("table 'load.csv'"), std::string::npos) << message;
  EXPECT_NE(message.find("strictly increasing"), std::string::npos) << message;
  EXPECT_NE(message.find("row 3"), std::string::npos) << message;

  message = error_of([] { Table1D({0.0, 2.0, 1.0}, {0, 0, 0}); });
  EXPECT_NE(message.find("row 3 has 1 after 2 in row 2"), std::string::npos) << message;

  message = error_of([] { Table1D({0.0, 1.0}, {0.0}, Interpolation::Linear,
                                  Extrapolation::Clamp, "cycle"); });
  EXPECT_NE(message.find("2 breakpoints but 1 values"), std::string::npos) << message;

  message = error_of([] { Table1D({}, {}); });
  EXPECT_NE(message.find("no breakpoints"), std::string::npos) << message;

  message = error_of([] { Table1D({0.0, 1.0}, {0.0, std::nan("")}); });
  EXPECT_NE(message.find("value in row 2 is not a finite number"), std::string::npos) << message;

  message = error_of([] { Table1D({0.0, kInfinity}, {0.0, 1.0}); });
  EXPECT_NE(message.find("row 2 is not a finite number"), std::string::npos) << message;
}

TEST(Table1D, MethodNames) {
  EXPECT_EQ(interpolation_from_string("pchip"), Interpolation::PchipMonotone);
  EXPECT_EQ(extrapolation_from_string("linear"), Extrapolation::Linear);
  EXPECT_STREQ(to_string(Interpolation::Previous), "previous");
  const std::string message = error_of([] { interpolation_from_string("neares"); });
  EXPECT_NE(message.find("did you mean 'nearest'?"), std::string::npos) << message;
}

TEST(Table2D, BilinearReproducesBilinearFunctions) {
  // f(x, y) = 1 + 2x - 3y + 0.5xy is bilinear, so it is reproduced exactly on any grid.
  auto f = [](double x, double y) { return 1.0 + 2.0 * x - 3.0 * y + 0.5 * x * y; };
  const std::vector<double> xs = {0.0, 10.0, 25.0, 100.0};
  const std::vector<double> ys = {-40.0, 25.0, 150.0};
  std::vector<double> values;
  for (double x : xs) {
    for (double y : ys) values.push_back(f(x, y));
  }
  const Table2D table(xs, ys, values, "loss map");
  int x_hint = 0;
  int y_hint = 0;
  for (double x = 0.0; x <= 100.0; x += 3.7) {
    for (double y = -40.0; y <= 150.0; y += 11.3) {
      ASSERT_NEAR(table.evaluate(x, y, x_hint, y_hint), f(x, y), 1e-9);
      ASSERT_NEAR(table(x, y), f(x, y), 1e-9);
    }
  }
  // Outside the grid: clamped to the edge.
  EXPECT_NEAR(table(200.0, 25.0), f(100.0, 25.0), 1e-9);
  EXPECT_NEAR(table(-5.0, 500.0), f(0.0, 150.0), 1e-9);
  EXPECT_EQ(table.at(1, 2), f(10.0, 150.0));
}

TEST(Table2D, FromPointsInAnyOrder) {
  // Long format, shuffled rows, as in a datasheet CSV.
  const std::vector<double> current = {300, 0, 600, 0, 600, 300};
  const std::vector<double> temperature = {125, 25, 25, 125, 125, 25};
  const std::vector<double> energy = {9, 0, 14, 0, 20, 6};
  const Table2D table = Table2D::from_points(current, temperature, energy, "Eon");
  EXPECT_EQ(table.x(), (std::vector<double>{0, 300, 600}));
  EXPECT_EQ(table.y(), (std::vector<double>{25, 125}));
  EXPECT_DOUBLE_EQ(table(450.0, 75.0), 0.25 * (6 + 14 + 9 + 20));

  std::string message = error_of([] {
    Table2D::from_points({0, 1, 0}, {0, 0, 1}, {1, 2, 3}, "Eoff");
  });
  EXPECT_NE(message.find("table 'Eoff'"), std::string::npos) << message;
  EXPECT_NE(message.find("x = 1, y = 1 is missing"), std::string::npos) << message;

  message = error_of([] { Table2D::from_points({0, 0}, {1, 1}, {1, 2}); });
  EXPECT_NE(message.find("row 2 repeats the grid point x = 0, y = 1"), std::string::npos)
      << message;

  message = error_of([] { Table2D({0, 1}, {0, 1}, {1, 2, 3}); });
  EXPECT_NE(message.find("3 values for a 2 x 2 grid"), std::string::npos) << message;

  message = error_of([] { Table2D({0, 1}, {1, 0}, {1, 2, 3, 4}); });
  EXPECT_NE(message.find("y breakpoints must be strictly increasing"), std::string::npos)
      << message;
}

TEST(Table2D, DegenerateAxes) {
  const Table2D line({0.0, 2.0}, {5.0}, {1.0, 3.0});
  EXPECT_DOUBLE_EQ(line(1.0, 100.0), 2.0);
  const Table2D point({1.0}, {1.0}, {7.0});
  EXPECT_DOUBLE_EQ(point(-3.0, 9.0), 7.0);
}

}  // namespace
}  // namespace etsim
