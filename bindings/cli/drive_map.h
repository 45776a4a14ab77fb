// Programmatic interface of `etsim map` (implemented in bindings/cli/map_command.cc), used by the
// CLI, the e-drive integration tests and bench_edrive. Kept here because bindings/cli has no
// header for the map command (see the e-drive report: it belongs in bindings/cli/map_command.h).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace etsim {
struct ScenarioSpec;
}

namespace etsim::cli {

struct DriveMapOptions {
  int speed_points = 41;
  int torque_points = 41;
  int threads = 0;                 // 0: TBB default
  double max_speed = 1675.5;       // [rad/s] grid top speed (16 000 rpm)
  double max_torque = 0.0;         // [N*m] grid spans -max..+max; 0: the motor's standstill peak
  double dc_voltage = 0.0;         // [V] 0: the scenario's initial DC-link voltage
  double temperature = 0.0;        // [K] 0: the scenario's initial node temperatures
};

// Row-major grids: value[i * torque.size() + j] at speed[i], torque[j]; NaN beyond the envelope.
struct DriveMap {
  std::vector<double> speed, torque;  // [rad/s], [N*m]
  std::vector<double> motor_efficiency, motor_loss, inverter_efficiency, inverter_loss,
      drive_efficiency;
  double dc_voltage = 0.0;
  std::vector<std::pair<std::string, double>> input_temperatures;  // input name, [K]
};

// The motor/inverter sub-model of a scenario with its input columns, built once (serial part).
// Uses options.dc_voltage and options.temperature; the grid options are read by compute_drive_map.
class DriveMapSetup {
 public:
  DriveMapSetup();
  ~DriveMapSetup();
  DriveMapSetup(DriveMapSetup&&) noexcept;
  DriveMapSetup& operator=(DriveMapSetup&&) noexcept;
  struct Data;
  std::unique_ptr<Data> data_;
  double dc_voltage = 0.0;
  std::vector<std::pair<std::string, double>> input_temperatures;
};

DriveMapSetup prepare_drive_map(const ScenarioSpec& scenario, const DriveMapOptions& options);
// The parallel part: envelope probe and grid sweep on TBB with options.threads.
DriveMap compute_drive_map(const DriveMapSetup& setup, const DriveMapOptions& options);
// Both in one.
DriveMap compute_drive_map(const ScenarioSpec& scenario, const DriveMapOptions& options);
void write_drive_map(const DriveMap& map, const std::string& path, const std::string& scenario);
void plot_drive_map(const std::string& h5_path, const std::string& png_path);

}  // namespace etsim::cli
