// Subcommands of the `etsim` program. Each add_* registers one CLI11 subcommand whose callback
// does the work; errors propagate as exceptions and main() turns them into one line and an exit
// status (2 for bad input, 1 for a failed run).
#pragma once

#include <CLI/CLI.hpp>

namespace etsim::cli {

void add_run_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_components_command(CLI::App& app);
#ifdef ETSIM_HAVE_MAP_COMMAND
void add_map_command(CLI::App& app);
#endif

const char* default_scenario_text();
const char* default_scenario_path();

}  // namespace etsim::cli
