// Drive cycles: speed-vs-time traces read from CSV, and the component "DriveCycle".
//
// DriveCycle outputs the reference speed v_ref(t) (linear interpolation of the trace, the way the
// regulations define the cycles between their 1 Hz points), the reference acceleration a_ref(t)
// (the slope of the current interval, right-continuous: at a breakpoint the following interval's
// slope, which is what a controller sampling at that instant must track next), and integrates the
// cycle distance (state `distance`, d' = v_ref). It reports every breakpoint as a time event so a
// variable-step solver never steps across a kink of the reference. Before the first / after the
// last point the end speed is held (a_ref = 0).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/table1d.h"
#include "engine/framework/component.h"

namespace etsim::vehicle {

struct SpeedTrace {
  std::vector<double> time;   // [s], strictly increasing
  std::vector<double> speed;  // [m/s]
  std::string source;
};

// Reads a CSV with a header row holding `time_s` and `speed_kmh` (the format of scenarios/cycles),
// '#' comment lines allowed. Throws etsim::InputError naming the file and line on any problem.
SpeedTrace load_speed_trace_csv(const std::string& path);

// Reads a road profile CSV with columns `distance_m` [m] and `grade` [1] (rise/run), e.g.
// scenarios/cycles/mountain_road_profile.csv, as a linear, clamped table. Throws InputError.
Table1D load_road_profile_csv(const std::string& path);

// Trapezoidal distance of the linear interpolant [m].
double trace_distance(const SpeedTrace& trace);

// Between the trace points: Linear (the regulations' definition; a kink at every point, reported
// as a time event) or Pchip (Fritsch-Carlson monotone cubic Hermite: C1, so the reference
// acceleration is continuous and no time events are needed; monotone between points, so it never
// undershoots a stop below 0 or overshoots a plateau).
enum class TraceInterpolation { Linear, Pchip };

class DriveCycleComponent final : public Component {
 public:
  DriveCycleComponent(std::string name, const SpeedTrace& trace,
                      TraceInterpolation interpolation = TraceInterpolation::Linear);
  std::string_view type_name() const override { return "DriveCycle"; }

  RhsStatus compute_outputs(const EvalContext& context) const override;
  RhsStatus compute_derivatives(const EvalContext& context, double* xdot) const override;
  double next_time_event(double t, const EvalContext& context) const override;

  const Table1D& table() const { return table_; }
  double duration() const { return table_.breakpoints().back(); }

 private:
  Table1D table_;
  bool pchip_ = false;
  int out_speed_ = -1, out_acceleration_ = -1, out_distance_ = -1;
};

}  // namespace etsim::vehicle
