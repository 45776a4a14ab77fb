#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "bindings/cli/commands.h"
#include "bindings/compiled/scenario_kernels.h"
#include "engine/framework/component_type.h"
#include "engine/io/run_scenario.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"

namespace etsim::cli {

namespace {

struct ScenarioArguments {
  std::string path;
  std::vector<std::string> overrides;
};

ScenarioSpec load(const ScenarioArguments& arguments) {
  ComponentRegistry registry;
  register_all_components(registry);
  if (arguments.path.empty()) {
    return load_scenario_text(default_scenario_text(), default_scenario_path(),
                              arguments.overrides, registry);
  }
  return load_scenario(arguments.path, arguments.overrides, registry);
}

// "[#########.......]  812.0 / 1800 s  RTF 5230  ETA 0:00:01" on one terminal line.
void show_progress(const RunProgress& p) {
  const double span = p.stop_time - p.start_time;
  const double fraction = span > 0.0 ? (p.time - p.start_time) / span : 1.0;
  const int width = 30;
  const int filled = static_cast<int>(std::lround(fraction * width));
  const double rtf = p.wall_time > 0.0 ? (p.time - p.start_time) / p.wall_time : 0.0;
  const double eta = fraction > 0.0 ? p.wall_time * (1.0 - fraction) / fraction : 0.0;
  const int eta_seconds = static_cast<int>(eta + 0.5);
  std::fprintf(stderr, "\r[%s%s] %10.4g / %.4g s  RTF %-8.4g ETA %d:%02d:%02d ",
               std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
               p.time, p.stop_time, rtf, eta_seconds / 3600, eta_seconds / 60 % 60,
               eta_seconds % 60);
  std::fflush(stderr);
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto* command = app.add_subcommand("run", "Run a scenario and write an HDF5 results file");
  auto arguments = std::make_shared<ScenarioArguments>();
  auto output = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  command->add_option("scenario", arguments->path,
                      "scenario YAML file (default: the built-in electro-thermal example)");
  command->add_option("-o,--output", *output, "results file (default: the scenario's output.file)");
  command->add_option("--set", arguments->overrides,
                      "override a scenario value, e.g. --set simulation.stop=60s "
                      "--set components.source.parameters.open_circuit_voltage=450V")
      ->take_all();
  command->add_flag("-q,--quiet", *quiet, "no progress bar");
  auto interpreted = std::make_shared<bool>(false);
  command->add_flag("--interpreted", *interpreted,
                    "do not use the compiled kernel of the scenario's model even if one was built "
                    "(same results, slower; for checking)");
  command->callback([arguments, output, quiet, interpreted] {
    const ScenarioSpec scenario = load(*arguments);
    RunOptions options;
    options.output_path = *output;
    if (!*interpreted) options.kernels = compiled_scenario_kernels();
    const bool terminal = isatty(fileno(stderr)) != 0;
    if (terminal && !*quiet) options.progress = show_progress;
    std::cout << fmt::format("etsim run: {} ({:.6g} s to {:.6g} s)\n",
                             scenario.name.empty() ? scenario.source_file : scenario.name,
                             scenario.start_time, scenario.stop_time);
    const RunSummary summary = run_scenario(scenario, options);
    if (options.progress) std::fputc('\n', stderr);
    std::cout << format_summary(summary);
  });
}

void add_validate_command(CLI::App& app) {
  auto* command = app.add_subcommand("validate", "Check a scenario without running it");
  auto arguments = std::make_shared<ScenarioArguments>();
  command->add_option("scenario", arguments->path, "scenario YAML file")->required();
  command->add_option("--set", arguments->overrides, "override a scenario value")->take_all();
  command->callback([arguments] {
    const ScenarioSpec scenario = load(*arguments);
    check_scenario(scenario);
    std::cout << fmt::format("{}: valid ({} components, {} connections{})\n", arguments->path,
                             scenario.components.size(), scenario.connections.size(),
                             scenario.subsystems.empty()
                                 ? ""
                                 : fmt::format(", {} subsystems", scenario.subsystems.size()));
  });
}

}  // namespace etsim::cli
