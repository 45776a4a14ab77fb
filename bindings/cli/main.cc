// etsim: the command-line program. Exit status 0 on success, 2 for bad input (scenario, units,
// arguments), 1 when a run fails (the results written so far stay in the file).
#include <CLI/CLI.hpp>

#include <iostream>

#include "bindings/cli/commands.h"
#include "engine/core/error.h"
#include "engine/exec/simulator.h"
#ifdef ETSIM_HAVE_FLUID_COMMAND
#include "bindings/cli/fluid_command.h"
#endif

int main(int argc, char** argv) {
  CLI::App app{"etsim: coupled electric-drive and thermal simulation of electric vehicles"};
  app.require_subcommand(1);
  etsim::cli::add_run_command(app);
  etsim::cli::add_validate_command(app);
  etsim::cli::add_info_command(app);
  etsim::cli::add_components_command(app);
#ifdef ETSIM_HAVE_MAP_COMMAND
  etsim::cli::add_map_command(app);
#endif
#ifdef ETSIM_HAVE_FLUID_COMMAND
  etsim::fluid::add_fluid_command(app);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  } catch (const etsim::SimulationError& error) {
    std::cerr << "etsim: run failed: " << error.what() << "\n";
    return 1;
  } catch (const etsim::InputError& error) {
    std::cerr << "etsim: error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "etsim: error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
