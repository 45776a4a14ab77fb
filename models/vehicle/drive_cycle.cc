#include "models/vehicle/drive_cycle.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <fstream>
#include <sstream>

#include "engine/core/error.h"

namespace etsim::vehicle {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, ',')) {
    const auto first = cell.find_first_not_of(" \t\r");
    const auto last = cell.find_last_not_of(" \t\r");
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return cells;
}

}  // namespace

namespace {

// Reads two named numeric columns of a CSV file with a header row ('#' comment lines allowed).
void read_two_columns(const std::string& path, const char* first_name, const char* second_name,
                      std::vector<double>& first, std::vector<double>& second) {
  std::ifstream file(path);
  if (!file) throw InputError(SourceLocation{path, 0, 0}, "cannot open file");
  std::string line;
  int line_number = 0;
  int first_column = -1, second_column = -1;
  bool header_seen = false;
  while (std::getline(file, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    const std::vector<std::string> cells = split_csv_line(line);
    if (!header_seen) {
      header_seen = true;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (cells[i] == first_name) first_column = static_cast<int>(i);
        if (cells[i] == second_name) second_column = static_cast<int>(i);
      }
      if (first_column < 0 || second_column < 0) {
        throw InputError(SourceLocation{path, line_number, 0},
                         std::string("header must name the columns '") + first_name + "' and '" +
                             second_name + "'");
      }
      continue;
    }
    const int needed = std::max(first_column, second_column);
    if (static_cast<int>(cells.size()) <= needed) {
      throw InputError(SourceLocation{path, line_number, 0},
                       "expected at least " + std::to_string(needed + 1) + " comma-separated values");
    }
    double values[2];
    const int columns[2] = {first_column, second_column};
    for (int k = 0; k < 2; ++k) {
      const std::string& text = cells[columns[k]];
      char* end = nullptr;
      values[k] = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(values[k])) {
        throw InputError(SourceLocation{path, line_number, columns[k] + 1},
                         "'" + text + "' is not a finite number");
      }
    }
    first.push_back(values[0]);
    second.push_back(values[1]);
  }
  if (!header_seen) throw InputError(SourceLocation{path, 0, 0}, "file is empty");
  if (first.size() < 2) {
    throw InputError(SourceLocation{path, line_number, 0}, "at least two rows of data are needed");
  }
}

}  // namespace

SpeedTrace load_speed_trace_csv(const std::string& path) {
  SpeedTrace trace;
  trace.source = path;
  read_two_columns(path, "time_s", "speed_kmh", trace.time, trace.speed);
  for (std::size_t i = 0; i < trace.speed.size(); ++i) {
    if (trace.speed[i] < 0.0) {
      throw InputError(path + ": data row " + std::to_string(i + 1) +
                       ": drive-cycle speed must be >= 0 km/h");
    }
    trace.speed[i] /= 3.6;
  }
  return trace;
}

Table1D load_road_profile_csv(const std::string& path) {
  std::vector<double> distance, grade;
  read_two_columns(path, "distance_m", "grade", distance, grade);
  for (std::size_t i = 0; i < grade.size(); ++i) {
    if (std::abs(grade[i]) > 1.0) {
      throw InputError(path + ": data row " + std::to_string(i + 1) +
                       ": grade must be a rise/run fraction within [-1, 1] (0.09 = 9 %)");
    }
  }
  return Table1D(std::move(distance), std::move(grade), Interpolation::Linear,
                 Extrapolation::Clamp, path);
}

double trace_distance(const SpeedTrace& trace) {
  double distance = 0.0;
  for (std::size_t i = 1; i < trace.time.size(); ++i) {
    distance += 0.5 * (trace.speed[i] + trace.speed[i - 1]) * (trace.time[i] - trace.time[i - 1]);
  }
  return distance;
}

DriveCycleComponent::DriveCycleComponent(std::string name, const SpeedTrace& trace,
                                         TraceInterpolation interpolation)
    : Component(std::move(name)), pchip_(interpolation == TraceInterpolation::Pchip) {
  const std::string source = trace.source.empty() ? this->name() : trace.source;
  if (trace.time.size() < 2) {
    throw InputError(this->name() + " (DriveCycle): the speed trace needs at least two points");
  }
  for (std::size_t i = 0; i < trace.speed.size(); ++i) {
    if (!(trace.speed[i] >= 0.0)) {
      throw InputError(source + ": row " + std::to_string(i + 1) +
                       ": drive-cycle speed must be a finite number >= 0 m/s");
    }
  }
  // Table1D validates strictly increasing, finite breakpoints and names the row.
  table_ = Table1D(trace.time, trace.speed,
                   pchip_ ? Interpolation::PchipMonotone : Interpolation::Linear,
                   Extrapolation::Clamp, source);
  add_state({"distance", "m", 0.0, 1.0e4, 0.0, "distance of the reference trace"});
  out_speed_ = add_output({"speed", "m/s", "reference speed"});
  out_acceleration_ = add_output({"acceleration", "m/s^2", "reference acceleration"});
  out_distance_ = add_output({"distance", "m", "distance of the reference trace"});
  set_direct_feedthrough(false);
  set_workspace_size(1);  // interval search hint
}

RhsStatus DriveCycleComponent::compute_outputs(const EvalContext& c) const {
  const std::vector<double>& t = table_.breakpoints();
  const std::vector<double>& v = table_.values();
  // The hint lives in the workspace as a double; convert it defensively (any value is safe).
  const double stored_hint = c.work[0];
  int interval = stored_hint >= 0.0 && stored_hint < static_cast<double>(t.size())
                     ? static_cast<int>(stored_hint)
                     : 0;
  c.y[out_speed_] = table_.evaluate(c.time, interval);
  c.work[0] = interval;
  // Sample hits and stops land on breakpoints only up to rounding (k * 0.01 s is not exactly
  // 10 s): a time within a few ulps below a breakpoint counts as on it, so a controller sampling
  // "at" a breakpoint sees the slope it must follow next. The speed is continuous there.
  auto k = static_cast<std::size_t>(interval);  // interval [t_k, t_k+1) holding c.time
  const double snap = 1e-9 * std::max(1.0, std::abs(c.time));
  if (k + 1 < t.size() && t[k + 1] - c.time <= snap) ++k;
  double acceleration = 0.0;
  if (pchip_) {
    // C1: the derivative of the cubic is continuous, no snapping needed (0 outside the trace).
    acceleration = table_.derivative(c.time, interval);
  } else if (c.time >= t.front() - snap && k + 1 < t.size()) {
    acceleration = (v[k + 1] - v[k]) / (t[k + 1] - t[k]);
  }
  c.y[out_acceleration_] = acceleration;
  c.y[out_distance_] = c.x[0];
  return RhsStatus::Ok;
}

RhsStatus DriveCycleComponent::compute_derivatives(const EvalContext& c, double* xdot) const {
  // Evaluated here rather than read from the output, which the executive may not have refreshed.
  const double stored_hint = c.work[0];
  int interval = stored_hint >= 0.0 && stored_hint < static_cast<double>(table_.size())
                     ? static_cast<int>(stored_hint)
                     : 0;
  xdot[0] = table_.evaluate(c.time, interval);
  c.work[0] = interval;
  return RhsStatus::Ok;
}

double DriveCycleComponent::next_time_event(double t, const EvalContext& context) const {
  // Only the linear trace has kinks; the C1 cubic needs no stops.
  return pchip_ ? std::numeric_limits<double>::infinity() : table_.next_breakpoint_after(t);
}

}  // namespace etsim::vehicle
