// Scenario files: a YAML description of one run (components with parameters, tables and initial
// values, connections, solver, time span, optional co-simulation split, output). The loader
// merges include files, applies command-line overrides, validates everything against the
// component registry and converts every quantity to SI; the format is documented in
// docs/scenario-format.md.
//
// Every problem is an etsim::InputError whose message starts with "file:line:column" and says
// what was expected, with a "did you mean" suggestion for misspelt names. Loading never crashes
// and never loops: include cycles, alias bombs and deep nesting are refused.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/exec/cosimulation.h"
#include "engine/framework/component.h"
#include "engine/framework/component_type.h"
#include "engine/solvers/integrator.h"

namespace etsim {

// Each end is "component.port" or "component.signal" (an input or output name, e.g. "load.dc.current"
// or "controller.torque_command").
struct ConnectionSpec {
  std::string from;
  std::string to;
  SourceLocation where;
};

struct OutputSpec {
  std::string file;                        // results file; "" when the scenario names none
  double interval = 0.0;                   // [s] recording interval; 0: every communication point
  std::vector<std::string> signals{"*"};   // glob patterns "component/signal"
  double flush_interval = 1.0;             // [s] wall-clock time between flushes to disk
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string source_file;  // the main file (or virtual path) the scenario came from

  // Created with the registry's factories, initial values applied; in file order.
  std::vector<std::unique_ptr<Component>> components;
  std::vector<ConnectionSpec> connections;
  // Ends ("component.port" or "component.input") allowed to stay unconnected (inputs then zero).
  std::vector<std::string> unconnected;
  // 'algebraic_loops: solve': loops between direct-feedthrough outputs are torn and solved by
  // Newton's method at every evaluation instead of being refused.
  bool solve_algebraic_loops = false;

  SolverOptions solver;
  double start_time = 0.0;  // [s]
  double stop_time = 0.0;   // [s]

  // Empty when the scenario runs as one monolithic model. Otherwise every component belongs to
  // exactly one subsystem; a subsystem's solver starts from `solver` and applies its own keys.
  std::vector<SubsystemSpec> subsystems;
  CosimulationOptions cosimulation;

  OutputSpec output;

  // The scenario after includes and overrides (include keys removed, table file paths made
  // absolute), as YAML text for the results file's metadata.
  std::string resolved_text;

  // nullptr when absent.
  const Component* find_component(const std::string& name) const;
};

// Reads the scenario at path. overrides are "dotted.path=value" texts (the CLI's --set), e.g.
// "components.source.parameters.voltage=450 V", "solver.method=rk4", "simulation.stop=60 s".
ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                           const ComponentRegistry& registry);

// Same for a scenario held in memory (e.g. the CLI's built-in default). virtual_path names it in
// messages; includes and table files are found relative to its folder.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& virtual_path,
                                const std::vector<std::string>& overrides,
                                const ComponentRegistry& registry);

}  // namespace etsim
