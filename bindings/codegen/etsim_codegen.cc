// etsim-codegen: writes the compiled kernels (engine/exec/compiled_kernel.h) of scenarios as one
// C++ file. For a split scenario every subsystem gets its own kernel. The build compiles the
// result into `etsim` (bindings/compiled/), which then runs those scenarios' models as
// straight-line code; `etsim run` says which evaluation a run used.
//   etsim-codegen -o kernels.cc [--function NAME] [--set key=value ...] SCENARIO.yaml ...
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <memory>

#include "engine/core/error.h"
#include "engine/exec/kernel_generator.h"
#include "engine/framework/component_type.h"
#include "engine/io/run_scenario.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"

int main(int argc, char** argv) {
  using namespace etsim;
  CLI::App app{"etsim-codegen: compiled evaluation kernels for scenarios"};
  std::vector<std::string> scenarios, overrides;
  std::string output, function = "compiled_kernels";
  app.add_option("scenarios", scenarios, "scenario files")->required()->check(CLI::ExistingFile);
  app.add_option("-o,--output", output, "C++ file to write")->required();
  app.add_option("--function", function, "name of the generated etsim:: function returning the kernels");
  app.add_option("--set", overrides, "override applied to every scenario (as etsim run --set)");
  CLI11_PARSE(app, argc, argv);
  try {
    ComponentRegistry registry;
    register_all_components(registry);
    // Everything the systems refer to must live until the file is written.
    std::vector<std::unique_ptr<ScenarioSpec>> specs;
    std::vector<std::unique_ptr<Model>> models;
    std::vector<std::unique_ptr<RunData>> data;
    std::vector<std::unique_ptr<ModelSystem>> systems;
    std::vector<KernelGenerator::Unit> units;
    // The fused step of the model's own method: Heun or Adams-Bashforth 2 where the scenario
    // integrates with it, RK4 otherwise (the real-time method of choice for models run offline
    // with CVODE).
    const auto fused_step_of = [](const SolverOptions& solver) {
      switch (solver.method) {
        case SolverMethod::Heun:
          return FusedStepMethod::Heun;
        case SolverMethod::AdamsBashforth2:
          return FusedStepMethod::AdamsBashforth2;
        default:
          return FusedStepMethod::RungeKutta4;
      }
    };
    const auto add = [&](Model model, const std::string& name, FusedStepMethod fused_step) {
      models.push_back(std::make_unique<Model>(std::move(model)));
      data.push_back(std::make_unique<RunData>(make_run_data(*models.back())));
      systems.push_back(std::make_unique<ModelSystem>(*models.back(), *data.back()));
      units.push_back({name, systems.back().get(), fused_step});
    };
    for (const std::string& path : scenarios) {
      specs.push_back(std::make_unique<ScenarioSpec>(load_scenario(path, overrides, registry)));
      const ScenarioSpec& spec = *specs.back();
      const ModelBuilder network = build_network(spec);
      if (spec.subsystems.empty()) {
        add(network.build(), spec.name, fused_step_of(spec.solver));
      } else {
        for (const SubsystemSpec& subsystem : spec.subsystems) {
          add(network.build_subset(subsystem.components), spec.name + "/" + subsystem.name,
              fused_step_of(subsystem.solver));
        }
      }
    }
    std::string from;
    for (const std::string& path : scenarios) {
      from += (from.empty() ? "" : ", ") + path.substr(path.find_last_of('/') + 1);
    }
    const std::vector<std::string> includes{"models/component_headers.h"};
    const std::string text = KernelGenerator::file(units, function, includes, from);
    std::ofstream file(output);
    file << text;
    if (!file) throw Error("cannot write " + output);
  } catch (const InputError& error) {
    std::cerr << "etsim-codegen: error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "etsim-codegen: error: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
