#include <iostream>

#include "bindings/cli/commands.h"
#include "engine/io/results_reader.h"

namespace etsim::cli {

void add_info_command(CLI::App& app) {
  auto* command = app.add_subcommand("info", "List what a results file holds");
  auto path = std::make_shared<std::string>();
  command->add_option("file", *path, "HDF5 results file")->required();
  command->callback([path] { std::cout << io::format_results_info(io::read_results_info(*path)); });
}

}  // namespace etsim::cli
