// `etsim map SCENARIO --out FILE.h5`: motor, inverter and drive efficiency / loss maps over a
// torque-speed grid, computed from the scenario's own quasi-static motor ("motor", PmsmQuasiStatic)
// and inverter ("inverter") - the same Component objects, shared read-only - and written to HDF5
// with a PNG plot beside it (tools/plot_map.py). docs/models/electric-drive.md ("Efficiency maps").
//
// How: the scenario's network is assembled as for a run, then ModelBuilder::build_subset keeps only
// motor, inverter and (when present) the dead-time compensation between them. Everything that fed
// them from the rest of the network becomes an external input: torque command, shaft speed,
// DC voltage and the node temperatures of the thermal ports. sweep_operating_points evaluates the
// algebraic outputs at every grid point in parallel (TBB).
// Inputs per point: torque command (grid), speed (grid), DC voltage = the initial DC-link voltage of
// the scenario (the DC source's open-circuit voltage), temperatures = the initial temperatures of
// the thermal nodes the ports are connected to in the scenario (options override both).
// Efficiency: motoring (P > 0 out of the DC link) eta = P_out / P_in along DC -> AC -> shaft,
// generating the reverse direction. Points beyond the torque-speed envelope (the motor saturates
// at its largest reachable currents) are NaN in the efficiency AND loss datasets.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "bindings/cli/commands.h"
#include "engine/core/error.h"
#include "engine/exec/operating_point_sweep.h"
#include "engine/framework/component_type.h"
#include "engine/io/hdf5_file.h"
#include "engine/io/run_scenario.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"
#include "bindings/cli/drive_map.h"

namespace etsim::cli {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const Component& require_component(const ScenarioSpec& scenario, const std::string& name,
                                   std::string_view type) {
  const Component* component = scenario.find_component(name);
  if (component == nullptr || (!type.empty() && component->type_name() != type)) {
    throw InputError(fmt::format(
        "etsim map: scenario '{}' needs a component named '{}' of type {} (the drive's {}); "
        "found {}",
        scenario.source_file, name, type, name,
        component == nullptr ? "none" : std::string(component->type_name())));
  }
  return *component;
}

// Initial value of the state a port reads from in the full network: the state named
// "<port>_temperature" (MotorThermalNetwork nodes, Cauer junctions), else "temperature", else the
// first state with the wanted unit.
double source_initial_value(const ScenarioSpec& scenario, const std::string& source,
                            const std::string& unit, const std::string& input_name) {
  const std::size_t dot = source.find('.');
  const Component* component =
      dot == std::string::npos ? nullptr : scenario.find_component(source.substr(0, dot));
  if (component == nullptr) {
    throw InputError(fmt::format("etsim map: cannot tell the value of '{}' (fed by '{}'); give it "
                                 "with --dc-voltage / --temperature",
                                 input_name, source.empty() ? "nothing" : source));
  }
  const std::string rest = source.substr(dot + 1);
  const std::string port = rest.substr(0, rest.find('.'));
  for (const std::string& candidate : {port + "_temperature", std::string("temperature")}) {
    const int index = component->find_state(candidate);
    if (index >= 0 && component->states()[static_cast<std::size_t>(index)].unit == unit) {
      return component->states()[static_cast<std::size_t>(index)].initial;
    }
  }
  for (const StateSpec& state : component->states()) {
    if (state.unit == unit) return state.initial;
  }
  throw InputError(fmt::format(
      "etsim map: '{}' is fed by '{}', which has no state in {} to take its value from; give it "
      "with --dc-voltage / --temperature",
      input_name, source, unit));
}

void check_options(const DriveMapOptions& options) {
  if (options.speed_points < 2 || options.torque_points < 2 || options.speed_points > 2000 ||
      options.torque_points > 2000) {
    throw InputError("etsim map: --speed-points and --torque-points must be 2 .. 2000");
  }
  if (!(options.max_speed > 0.0) || !(options.max_torque >= 0.0) || options.threads < 0) {
    throw InputError("etsim map: --max-speed must be > 0 rad/s, --max-torque >= 0 N*m (0: the "
                     "motor's peak torque), --threads >= 0 (0: all cores)");
  }
}

}  // namespace

struct DriveMapSetup::Data {
  Model model;
  std::vector<std::string> inputs;
  enum class Kind { Torque, Speed, Constant };
  std::vector<Kind> kinds;
  std::vector<double> constants;
  // Built once with the model; its per-thread workers are kept from one map to the next.
  std::unique_ptr<OperatingPointSweep> sweep;
};

namespace {
const std::vector<std::string>& map_outputs() {
  static const std::vector<std::string> outputs{
      "motor/torque",        "motor/electrical_power", "motor/loss_total", "motor/id", "motor/iq",
      "inverter/dc_power",   "inverter/ac_power",      "inverter/loss_total"};
  return outputs;
}
enum MapOutput { kTorque, kMotorPower, kMotorLoss, kId, kIq, kDcPower, kAcPower, kInverterLoss };
}  // namespace

DriveMapSetup::DriveMapSetup() = default;
DriveMapSetup::~DriveMapSetup() = default;
DriveMapSetup::DriveMapSetup(DriveMapSetup&&) noexcept = default;
DriveMapSetup& DriveMapSetup::operator=(DriveMapSetup&&) noexcept = default;

DriveMapSetup prepare_drive_map(const ScenarioSpec& scenario, const DriveMapOptions& options) {
  require_component(scenario, "motor", "PmsmQuasiStatic");
  require_component(scenario, "inverter", "Inverter");
  std::vector<std::string> members{"motor", "inverter"};
  if (scenario.find_component("dead_time_compensation") != nullptr) {
    members.push_back("dead_time_compensation");
  }
  const ModelBuilder builder = build_network(scenario);
  DriveMapSetup setup;
  setup.data_ = std::make_unique<DriveMapSetup::Data>(
      DriveMapSetup::Data{builder.build_subset(members), {}, {}, {}, nullptr});
  using Kind = DriveMapSetup::Data::Kind;
  DriveMapSetup::Data& d = *setup.data_;
  // Column of each external input: torque (grid), speed (grid) or a constant.
  for (const ExternalInput& input : d.model.external_inputs()) {
    d.inputs.push_back(input.name);
    double constant = 0.0;
    Kind kind = Kind::Constant;
    if (input.name == "motor.torque_command") {
      kind = Kind::Torque;
    } else if (input.name == "motor.shaft.speed") {
      kind = Kind::Speed;
    } else if (input.unit == "V") {
      constant = options.dc_voltage > 0.0
                     ? options.dc_voltage
                     : source_initial_value(scenario, input.source, "V", input.name);
      setup.dc_voltage = constant;
    } else if (input.unit == "K") {
      constant = options.temperature > 0.0
                     ? options.temperature
                     : source_initial_value(scenario, input.source, "K", input.name);
      setup.input_temperatures.emplace_back(input.name, constant);
    } else {
      throw InputError(fmt::format("etsim map: do not know what to set the input '{}' [{}] to "
                                   "(fed by '{}' in the scenario)",
                                   input.name, input.unit, input.source));
    }
    d.kinds.push_back(kind);
    d.constants.push_back(constant);
  }
  if (std::find(d.kinds.begin(), d.kinds.end(), Kind::Torque) == d.kinds.end() ||
      std::find(d.kinds.begin(), d.kinds.end(), Kind::Speed) == d.kinds.end()) {
    throw InputError("etsim map: motor.torque_command and motor.shaft must be connected in the "
                     "scenario (they become the map's torque and speed axes)");
  }
  d.sweep = std::make_unique<OperatingPointSweep>(d.model, d.inputs, map_outputs());
  return setup;
}

DriveMap compute_drive_map(const ScenarioSpec& scenario, const DriveMapOptions& options) {
  check_options(options);
  return compute_drive_map(prepare_drive_map(scenario, options), options);
}

DriveMap compute_drive_map(const DriveMapSetup& setup, const DriveMapOptions& options) {
  check_options(options);
  if (!setup.data_) throw Error("etsim map: compute_drive_map called with an empty DriveMapSetup");
  using Kind = DriveMapSetup::Data::Kind;
  const DriveMapSetup::Data& d = *setup.data_;
  const OperatingPointSweep& sweep = *d.sweep;
  DriveMap map;
  map.dc_voltage = setup.dc_voltage;
  map.input_temperatures = setup.input_temperatures;

  auto fill_row = [&](double torque, double speed, double* row) {
    for (std::size_t k = 0; k < d.kinds.size(); ++k) {
      row[k] = d.kinds[k] == Kind::Torque ? torque : d.kinds[k] == Kind::Speed ? speed : d.constants[k];
    }
  };
  auto current = [](const double* v) { return std::hypot(v[kId], v[kIq]); };

  map.speed.resize(static_cast<std::size_t>(options.speed_points));
  for (int i = 0; i < options.speed_points; ++i) {
    map.speed[static_cast<std::size_t>(i)] = options.max_speed * i / (options.speed_points - 1);
  }
  // Envelope probe: an unreachable command (+-1e6 N*m) at every speed gives the saturated
  // (largest reachable) current of each direction; grid points with that current are outside.
  // Probe point 2 i + sign: speed i, sign 0 motoring, 1 generating.
  const std::size_t probe_count = 2 * map.speed.size();
  std::vector<double> saturated_current(probe_count, kNaN);
  double standstill_torque = kNaN;
  sweep.run(
      probe_count,
      [&](std::size_t point, double* row) {
        fill_row(point % 2 == 0 ? 1e6 : -1e6, map.speed[point / 2], row);
      },
      [&](std::size_t point, bool ok, const double* v) {
        if (!ok) return;  // stays NaN: every grid point of that speed and direction is outside
        saturated_current[point] = current(v);
        if (point == 0) standstill_torque = v[kTorque];
      },
      options.threads);
  double peak_torque = options.max_torque;
  if (peak_torque <= 0.0) peak_torque = std::abs(standstill_torque);
  if (!(peak_torque > 0.0)) {
    throw InputError("etsim map: the motor gives no torque at standstill; give --max-torque");
  }
  map.torque.resize(static_cast<std::size_t>(options.torque_points));
  for (int j = 0; j < options.torque_points; ++j) {
    map.torque[static_cast<std::size_t>(j)] =
        -peak_torque + 2.0 * peak_torque * j / (options.torque_points - 1);
  }

  // The grid: inputs generated and efficiencies computed inside the parallel loop, so nothing of
  // the map is serial but the allocation of its arrays.
  const std::size_t torque_count = map.torque.size();
  const std::size_t count = map.speed.size() * torque_count;
  for (auto* field : {&map.motor_efficiency, &map.motor_loss, &map.inverter_efficiency,
                      &map.inverter_loss, &map.drive_efficiency}) {
    field->resize(count);
  }
  sweep.run(
      count,
      [&](std::size_t p, double* row) {
        fill_row(map.torque[p % torque_count], map.speed[p / torque_count], row);
      },
      [&](std::size_t p, bool ok, const double* v) {
        const std::size_t i = p / torque_count, j = p % torque_count;
        const double saturated = saturated_current[2 * i + (map.torque[j] < 0.0 ? 1 : 0)];
        map.motor_efficiency[p] = map.motor_loss[p] = map.inverter_efficiency[p] =
            map.inverter_loss[p] = map.drive_efficiency[p] = kNaN;
        // Outside: evaluation failed, the probe of this speed and direction failed (NaN), or the
        // current is the saturated one (zero torque is always inside).
        const bool inside = current(v) < saturated * (1.0 - 1e-9) || map.torque[j] == 0.0;
        if (!ok || std::isnan(saturated) || !inside) return;
        const double shaft = v[kTorque] * map.speed[i];
        const double ac = v[kAcPower], dc = v[kDcPower];
        map.motor_loss[p] = v[kMotorLoss];
        map.inverter_loss[p] = v[kInverterLoss];
        // Power flows DC -> AC -> shaft when motoring (dc > 0), the other way when generating.
        auto ratio = [](double out, double in) { return in > 0.0 && out >= 0.0 ? out / in : kNaN; };
        if (dc >= 0.0) {
          map.motor_efficiency[p] = ratio(shaft, v[kMotorPower]);
          map.inverter_efficiency[p] = ratio(ac, dc);
          map.drive_efficiency[p] = ratio(shaft, dc);
        } else {
          map.motor_efficiency[p] = ratio(-v[kMotorPower], -shaft);
          map.inverter_efficiency[p] = ratio(-dc, -ac);
          map.drive_efficiency[p] = ratio(-dc, -shaft);
        }
      },
      options.threads);
  return map;
}

void write_drive_map(const DriveMap& map, const std::string& path, const std::string& scenario) {
  io::hdf5::File file = io::hdf5::File::create(path);
  auto write = [&](const std::string& name, const std::vector<double>& values, const char* units,
                   const std::string& description) {
    const std::size_t slash = name.rfind('/');
    io::hdf5::Dataset dataset =
        slash == 0 ? file.create_extendible_double_dataset(name.substr(1), 4096, 4)
                   : file.open_or_create_group(name.substr(1, slash - 1))
                         .create_extendible_double_dataset(name.substr(slash + 1), 4096, 4);
    dataset.set_length(values.size());
    dataset.write(0, values.size(), values.data());
    dataset.set_string_attribute("units", units);
    dataset.set_string_attribute("description", description);
  };
  const std::string layout = fmt::format(
      " Grid layout: row-major, value[i * {} + j] at speed[i], torque[j] (shape {} x {}); NaN "
      "beyond the torque-speed envelope.",
      map.torque.size(), map.speed.size(), map.torque.size());
  write("/speed", map.speed, "rad/s", "mechanical motor speed, grid axis 0");
  write("/torque", map.torque, "N*m", "electromagnetic torque command, grid axis 1 (< 0: generating)");
  write("/motor/efficiency", map.motor_efficiency, "1",
        "motor efficiency: shaft / electrical power (generating: the inverse direction)." + layout);
  write("/motor/loss", map.motor_loss, "W", "motor copper + iron + mechanical loss." + layout);
  write("/inverter/efficiency", map.inverter_efficiency, "1",
        "inverter efficiency: AC / DC power (generating: DC / AC)." + layout);
  write("/inverter/loss", map.inverter_loss, "W", "inverter semiconductor losses." + layout);
  write("/drive/efficiency", map.drive_efficiency, "1",
        "drive efficiency: shaft / DC power (generating: DC / shaft)." + layout);
  file.set_string_attribute("scenario", scenario);
  file.set_double_attribute("dc_voltage", map.dc_voltage);
  file.set_double_attribute("speed_points", static_cast<double>(map.speed.size()));
  file.set_double_attribute("torque_points", static_cast<double>(map.torque.size()));
  for (const auto& [name, value] : map.input_temperatures) {
    file.set_double_attribute("temperature:" + name, value);
  }
  file.close();
}

// The plot script lives in the source tree: its root is derived from this file's path (CMake
// compiles with absolute paths), unless ETSIM_SOURCE_DIR is set in the environment.
std::string plot_script_path() {
  if (const char* root = std::getenv("ETSIM_SOURCE_DIR"); root != nullptr && *root != '\0') {
    return std::string(root) + "/tools/plot_map.py";
  }
  std::string file = __FILE__;
  const std::string suffix = "bindings/cli/map_command.cc";
  if (file.size() >= suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return file.substr(0, file.size() - suffix.size()) + "tools/plot_map.py";
  }
  return "tools/plot_map.py";
}

void plot_drive_map(const std::string& h5_path, const std::string& png_path) {
  auto quote = [](const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
  };
  const std::string command = fmt::format("/usr/bin/python3 {} {} {}",
                                          quote(plot_script_path()),
                                          quote(h5_path), quote(png_path));
  if (std::system(command.c_str()) != 0) {
    throw Error(fmt::format("etsim map: the map is written to '{}' but the plot failed (command: "
                            "{}); /usr/bin/python3 with matplotlib and h5py is needed",
                            h5_path, command));
  }
}

void add_map_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "map", "Motor, inverter and drive efficiency/loss maps of a scenario's quasi-static drive");
  struct Arguments {
    std::string scenario, out;
    std::vector<std::string> overrides;
    DriveMapOptions options;
    double max_speed_rpm = 0.0;
    bool no_plot = false;
  };
  auto arguments = std::make_shared<Arguments>();
  command->add_option("scenario", arguments->scenario, "scenario YAML with 'motor' and 'inverter'")
      ->required();
  command->add_option("--out", arguments->out, "HDF5 file to write (a PNG is written beside it)")
      ->required();
  command->add_option("--speed-points", arguments->options.speed_points, "speed grid points");
  command->add_option("--torque-points", arguments->options.torque_points, "torque grid points");
  command->add_option("--threads", arguments->options.threads, "TBB threads (0: all cores)");
  command->add_option("--max-speed-rpm", arguments->max_speed_rpm,
                      "highest speed of the grid [rpm] (default 16000)");
  command->add_option("--max-torque", arguments->options.max_torque,
                      "torque range +- [N*m] (default: the motor's peak torque)");
  command->add_option("--dc-voltage", arguments->options.dc_voltage,
                      "DC voltage [V] (default: the scenario's initial DC-link voltage)");
  command->add_option("--temperature", arguments->options.temperature,
                      "one temperature [K] for all windings, magnets and junctions (default: the "
                      "scenario's initial node temperatures)");
  command->add_option("--set", arguments->overrides, "override a scenario value");
  command->add_flag("--no-plot", arguments->no_plot, "write the HDF5 file only");
  command->callback([arguments] {
    ComponentRegistry registry;
    register_all_components(registry);
    const ScenarioSpec scenario = load_scenario(arguments->scenario, arguments->overrides, registry);
    DriveMapOptions options = arguments->options;
    if (arguments->max_speed_rpm != 0.0) {
      options.max_speed = arguments->max_speed_rpm * std::numbers::pi / 30.0;
    }
    const DriveMap map = compute_drive_map(scenario, options);
    write_drive_map(map, arguments->out, scenario.name);
    std::string png = arguments->out;
    const std::size_t dot = png.rfind('.');
    png = (dot == std::string::npos || png.find('/', dot) != std::string::npos ? png
                                                                               : png.substr(0, dot)) +
          ".png";
    fmt::print("map        {} x {} points, V_dc = {:.1f} V -> {}\n", map.speed.size(),
               map.torque.size(), map.dc_voltage, arguments->out);
    if (!arguments->no_plot) {
      plot_drive_map(arguments->out, png);
      fmt::print("plot       {}\n", png);
    }
  });
}

}  // namespace etsim::cli
