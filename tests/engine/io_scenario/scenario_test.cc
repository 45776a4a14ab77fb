#include "engine/io/scenario.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include <unistd.h>

#include "engine/core/error.h"
#include "tests/engine/io_scenario/test_registry.h"

namespace etsim {
namespace {

namespace fs = std::filesystem;
using testing::TestLoad;
using testing::TestMass;
using testing::TestSource;

// A fresh folder per test, removed afterwards.
class ScenarioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = fs::temp_directory_path() /
                 ("etsim_scenario_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(directory_);
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::string write(const std::string& relative, const std::string& text) {
    const fs::path path = directory_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  // The InputError message of loading path; fails the test on success or another exception.
  std::string load_error(const std::string& path, const std::vector<std::string>& overrides = {}) {
    try {
      load_scenario(path, overrides, registry_);
    } catch (const InputError& error) {
      return error.what();
    } catch (const std::exception& error) {
      ADD_FAILURE() << "not an InputError: " << error.what();
      return "";
    }
    ADD_FAILURE() << "loading " << path << " did not fail";
    return "";
  }

  // Writes text as main.yaml and returns the error message of loading it.
  std::string error_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
    return load_error(write("main.yaml", text), overrides);
  }

  // "main.yaml:<line>:" where line is the 1-based line of needle in text.
  static std::string at_line_of(const std::string& text, const std::string& needle,
                                const std::string& file = "main.yaml") {
    const std::size_t pos = text.find(needle);
    EXPECT_NE(pos, std::string::npos) << "test bug: '" << needle << "' not in the text";
    const long line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n');
    return file + ":" + std::to_string(line) + ":";
  }

  ComponentRegistry registry_ = testing::make_test_registry();
  fs::path directory_;
};

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << (haystack)

// A small valid scenario. Every section is present; line numbers in the error tests refer to
// variants of it.
const std::string kMain = R"(scenario: {name: demo, description: "a test scenario"}
include: [common/cooling.yaml]
components:
  source:
    type: TestSource
    parameters: {voltage: 400 V, internal_resistance: 20 mOhm, mode: profile}
    tables:
      profile: {file: data/load.csv, columns: {time: time_s, current: current_kA}, units: {time: min, current: kA}}
    initial: {enabled: 0}
  load:
    type: TestLoad
    include: devices/load.yaml
connections:
  - [source.dc, load.dc]
  - {from: load.heat, to: plate.node}
unconnected: [load.enable]
solver: {method: cvode_bdf, relative_tolerance: 1e-5, fixed_step: 1 ms, max_step: 1 s, linear_solver: band,
         newton_iterations: 3, fixed_newton_iterations: true}
simulation: {start: 0 s, stop: 30 min}
output: {file: results.h5, interval: 0.1 s, signals: ["plate/*", load/power], flush_interval: 2 s}
)";

const std::string kCooling = R"(# shared cooling parts
components:
  plate:
    type: TestMass
    parameters: {heat_capacity: 1.2 kJ/K}
    initial: {temperature: 25 degC}
solver: {method: rk4, absolute_tolerance: 1e-9}
)";

const std::string kLoadDevice = "parameters: {resistance: 2 Ohm}\n";

const std::string kCsv = R"(# load profile, time in minutes, current in kA
time_s, current_kA, note
0, 0.1, start
1, 0.2, "peak, short"

2.5, 0.05, end
)";

class GoodScenario : public ScenarioTest {
 protected:
  void SetUp() override {
    ScenarioTest::SetUp();
    main_ = write("main.yaml", kMain);
    write("common/cooling.yaml", kCooling);
    write("devices/load.yaml", kLoadDevice);
    write("data/load.csv", kCsv);
  }
  std::string main_;
};

TEST_F(GoodScenario, LoadsWithSiValues) {
  const ScenarioSpec spec = load_scenario(main_, {}, registry_);
  EXPECT_EQ(spec.name, "demo");
  EXPECT_EQ(spec.description, "a test scenario");
  EXPECT_EQ(spec.source_file, main_);
  // Included components come first, then the file's own, in file order.
  ASSERT_EQ(spec.components.size(), 3u);
  EXPECT_EQ(spec.components[0]->name(), "plate");
  EXPECT_EQ(spec.components[1]->name(), "source");
  EXPECT_EQ(spec.components[2]->name(), "load");

  const auto& source = dynamic_cast<const TestSource&>(*spec.find_component("source"));
  EXPECT_DOUBLE_EQ(source.voltage, 400.0);
  EXPECT_DOUBLE_EQ(source.internal_resistance, 0.020);
  EXPECT_EQ(source.mode, "profile");
  EXPECT_EQ(source.discrete_states()[0].initial, 0.0);
  // CSV columns by header name, converted from min and kA; comment and blank lines skipped.
  EXPECT_EQ(source.profile.column("time"), (std::vector<double>{0.0, 60.0, 150.0}));
  const std::vector<double>& current = source.profile.column("current");
  ASSERT_EQ(current.size(), 3u);
  EXPECT_DOUBLE_EQ(current[0], 100.0);
  EXPECT_DOUBLE_EQ(current[1], 200.0);
  EXPECT_DOUBLE_EQ(current[2], 50.0);
  EXPECT_EQ(fs::path(source.profile.source).filename(), "load.csv");

  const auto& load = dynamic_cast<const TestLoad&>(*spec.find_component("load"));
  EXPECT_DOUBLE_EQ(load.resistance, 2.0);  // from the component include file
  const auto& plate = dynamic_cast<const TestMass&>(*spec.find_component("plate"));
  EXPECT_DOUBLE_EQ(plate.heat_capacity, 1200.0);
  EXPECT_DOUBLE_EQ(plate.states()[0].initial, 298.15);
  EXPECT_EQ(spec.find_component("nothing"), nullptr);

  ASSERT_EQ(spec.connections.size(), 2u);
  EXPECT_EQ(spec.connections[0].from, "source.dc");
  EXPECT_EQ(spec.connections[0].to, "load.dc");
  EXPECT_EQ(spec.connections[1].from, "load.heat");
  EXPECT_EQ(spec.connections[1].to, "plate.node");
  EXPECT_EQ(spec.connections[1].where.line, 15);
  EXPECT_EQ(fs::path(spec.connections[1].where.file).filename(), "main.yaml");
  EXPECT_EQ(spec.unconnected, (std::vector<std::string>{"load.enable"}));

  // The main file's solver wins key by key over the included one.
  EXPECT_EQ(spec.solver.method, SolverMethod::CvodeBdf);
  EXPECT_DOUBLE_EQ(spec.solver.relative_tolerance, 1e-5);
  EXPECT_DOUBLE_EQ(spec.solver.absolute_tolerance, 1e-9);
  EXPECT_DOUBLE_EQ(spec.solver.fixed_step, 1e-3);
  EXPECT_DOUBLE_EQ(spec.solver.max_step, 1.0);
  EXPECT_EQ(spec.solver.linear_solver, LinearSolverKind::Band);
  EXPECT_EQ(spec.solver.newton_iterations, 3);
  EXPECT_TRUE(spec.solver.fixed_newton_iterations);
  EXPECT_EQ(spec.start_time, 0.0);
  EXPECT_EQ(spec.stop_time, 1800.0);
  EXPECT_TRUE(spec.subsystems.empty());

  EXPECT_EQ(spec.output.file, "results.h5");
  EXPECT_DOUBLE_EQ(spec.output.interval, 0.1);
  EXPECT_EQ(spec.output.signals, (std::vector<std::string>{"plate/*", "load/power"}));
  EXPECT_DOUBLE_EQ(spec.output.flush_interval, 2.0);
}

TEST_F(GoodScenario, ResolvedTextIsSelfContained) {
  const ScenarioSpec spec = load_scenario(main_, {"solver.method=rk4"}, registry_);
  const YAML::Node resolved = YAML::Load(spec.resolved_text);
  EXPECT_FALSE(resolved["include"]);
  EXPECT_FALSE(resolved["components"]["load"]["include"]);
  EXPECT_EQ(resolved["components"]["plate"]["type"].as<std::string>(), "TestMass");
  EXPECT_EQ(resolved["components"]["load"]["parameters"]["resistance"].as<std::string>(), "2 Ohm");
  EXPECT_EQ(resolved["solver"]["method"].as<std::string>(), "rk4");
  EXPECT_EQ(resolved["solver"]["absolute_tolerance"].as<std::string>(), "1e-9");
  const std::string table = resolved["components"]["source"]["tables"]["profile"]["file"].as<std::string>();
  EXPECT_TRUE(fs::path(table).is_absolute()) << table;
  EXPECT_TRUE(fs::exists(table)) << table;
  EXPECT_EQ(resolved["connections"].size(), 2u);
  // The resolved text loads again to the same scenario.
  const ScenarioSpec again = load_scenario_text(spec.resolved_text, (directory_ / "x.yaml").string(),
                                                {}, registry_);
  EXPECT_EQ(again.solver.method, SolverMethod::RungeKutta4);
  EXPECT_EQ(again.components.size(), 3u);
  EXPECT_EQ(again.stop_time, 1800.0);
}

TEST_F(GoodScenario, OverridesApplyAfterIncludes) {
  const ScenarioSpec spec = load_scenario(
      main_,
      {"components.source.parameters.voltage=450 V", "solver.method=rk4", "simulation.stop=60 s",
       "components.plate.initial.temperature=-7 degC", "components.load.parameters.resistance=5",
       "output.signals=[source/power]", "connections.1.to=plate.node",
       "cosimulation.communication_step=2 ms",
       "subsystems.electrical={components: [source, load], solver: {method: rk4, fixed_step: 50 us}}",
       "subsystems.thermal={components: [plate]}"},
      registry_);
  EXPECT_DOUBLE_EQ(dynamic_cast<const TestSource&>(*spec.find_component("source")).voltage, 450.0);
  EXPECT_DOUBLE_EQ(dynamic_cast<const TestLoad&>(*spec.find_component("load")).resistance, 5.0);
  EXPECT_DOUBLE_EQ(spec.find_component("plate")->states()[0].initial, 266.15);
  EXPECT_EQ(spec.solver.method, SolverMethod::RungeKutta4);
  EXPECT_EQ(spec.stop_time, 60.0);
  EXPECT_EQ(spec.output.signals, (std::vector<std::string>{"source/power"}));
  ASSERT_EQ(spec.subsystems.size(), 2u);
  EXPECT_EQ(spec.subsystems[0].name, "electrical");
  EXPECT_EQ(spec.subsystems[0].components, (std::vector<std::string>{"source", "load"}));
  EXPECT_DOUBLE_EQ(spec.subsystems[0].solver.fixed_step, 50e-6);
  // A subsystem's solver starts from the top-level one.
  EXPECT_DOUBLE_EQ(spec.subsystems[1].solver.absolute_tolerance, 1e-9);
  EXPECT_EQ(spec.subsystems[1].solver.method, SolverMethod::RungeKutta4);
  EXPECT_DOUBLE_EQ(spec.cosimulation.communication_step, 2e-3);
}

TEST_F(GoodScenario, BadOverridePathsAreErrors) {
  std::string message = load_error(main_, {"components.sourse.parameters.voltage=1 V"});
  EXPECT_CONTAINS(message, "--set 'components.sourse.parameters.voltage=1 V': no component 'sourse'");
  EXPECT_CONTAINS(message, "(did you mean 'source'?)");

  message = load_error(main_, {"solver.metod=rk4"});
  EXPECT_CONTAINS(message, "--set 'solver.metod=rk4': unknown key 'metod' in 'solver' (did you mean 'method'?)");

  message = load_error(main_, {"solvr.method=rk4"});
  EXPECT_CONTAINS(message, "unknown section 'solvr' (did you mean 'solver'?)");

  message = load_error(main_, {"components.source.parameters.voltag=450 V"});
  EXPECT_CONTAINS(message, "has no parameter 'voltag' (did you mean 'voltage'?)");

  message = load_error(main_, {"simulation.stop.unit=s"});
  EXPECT_CONTAINS(message, "'simulation.stop' is a single value ('30 min'), so it has no 'unit'");

  message = load_error(main_, {"connections.5.from=load.dc"});
  EXPECT_CONTAINS(message, "'connections' is a list of 2 entries");

  message = load_error(main_, {"solver.method"});
  EXPECT_CONTAINS(message, "expected key.path=value");

  message = load_error(main_, {"solver..method=rk4"});
  EXPECT_CONTAINS(message, "bad key path 'solver..method'");

  message = load_error(main_, {"solver.method="});
  EXPECT_CONTAINS(message, "no value after '='");

  message = load_error(main_, {"solver.method=rk5"});
  EXPECT_CONTAINS(message, "unknown solver method 'rk5' (did you mean 'rk4'?)");

  message = load_error(main_, {"simulation.stop=1 kg"});
  EXPECT_CONTAINS(message, "'1 kg' is a mass, expected a time [s]");
}

TEST_F(ScenarioTest, AlgebraicLoopsSettingIsReadAndChecked) {
  const std::string text =
      "components:\n  m: {type: TestMass, parameters: {heat_capacity: 5 J/K}}\n"
      "simulation: {stop: 1 s}\nalgebraic_loops: solve\n";
  EXPECT_TRUE(load_scenario_text(text, (directory_ / "a.yaml").string(), {}, registry_)
                  .solve_algebraic_loops);
  EXPECT_FALSE(load_scenario_text(text, (directory_ / "a.yaml").string(),
                                  {"algebraic_loops=reject"}, registry_)
                   .solve_algebraic_loops);
  const std::string path =
      write("loops.yaml", "components:\n  m: {type: TestMass, parameters: {heat_capacity: 5 J/K}}\n"
                          "simulation: {stop: 1 s}\nalgebraic_loops: iterate\n");
  const std::string message = load_error(path, {});
  EXPECT_CONTAINS(message, "loops.yaml:4:18: unknown algebraic_loops setting 'iterate'");
  EXPECT_CONTAINS(message, "expected one of: reject, solve");
}

TEST_F(ScenarioTest, JacobianSourceIsReadAndChecked) {
  const std::string text =
      "components:\n  m: {type: TestMass, parameters: {heat_capacity: 5 J/K}}\n"
      "simulation: {stop: 1 s}\nsolver: {jacobian: model}\n";
  EXPECT_EQ(load_scenario_text(text, (directory_ / "a.yaml").string(), {}, registry_).solver.jacobian,
            SolverOptions::JacobianSource::Model);
  EXPECT_EQ(SolverOptions{}.jacobian, SolverOptions::JacobianSource::Solver);
  const std::string path = write("jacobian.yaml", text);
  const std::string message = load_error(path, {"solver.jacobian=analytic"});
  EXPECT_CONTAINS(message, "unknown jacobian source 'analytic'");
  EXPECT_CONTAINS(message, "expected one of: solver, model");
}

TEST_F(ScenarioTest, LoadScenarioTextResolvesRelativeToVirtualPath) {
  write("parts/mass.yaml", "components:\n  m: {type: TestMass, parameters: {heat_capacity: 5 J/K}}\n");
  const std::string text =
      "include: parts/mass.yaml\nsimulation: {stop: 2 h}\noutput: {signals: m/temperature}\n";
  const ScenarioSpec spec =
      load_scenario_text(text, (directory_ / "builtin.yaml").string(), {}, registry_);
  EXPECT_EQ(spec.name, "builtin");  // defaults to the file stem
  ASSERT_EQ(spec.components.size(), 1u);
  EXPECT_DOUBLE_EQ(dynamic_cast<const TestMass&>(*spec.components[0]).heat_capacity, 5.0);
  EXPECT_EQ(spec.stop_time, 7200.0);
  EXPECT_EQ(spec.output.signals, (std::vector<std::string>{"m/temperature"}));
  // Defaults from integrator.h when the scenario gives no solver.
  EXPECT_EQ(spec.solver.method, SolverOptions{}.method);
}

TEST_F(ScenarioTest, NestedIncludesAndConnectionsConcatenate) {
  write("a.yaml", "include: b.yaml\ncomponents:\n  load: {type: TestLoad}\n"
                  "connections: [[load.heat, plate.node]]\n");
  write("b.yaml", "components:\n  plate: {type: TestMass, parameters: {heat_capacity: 1 J/K}}\n"
                  "simulation: {stop: 1 s}\n");
  const std::string main = write("main.yaml",
      "include: [a.yaml]\ncomponents:\n  source: {type: TestSource, parameters: {voltage: 1 V}}\n"
      "connections: [[source.dc, load.dc]]\n");
  const ScenarioSpec spec = load_scenario(main, {}, registry_);
  ASSERT_EQ(spec.connections.size(), 2u);
  EXPECT_EQ(spec.connections[0].from, "load.heat");  // included first
  EXPECT_EQ(fs::path(spec.connections[0].where.file).filename(), "a.yaml");
  EXPECT_EQ(spec.connections[1].from, "source.dc");
  EXPECT_EQ(spec.components.size(), 3u);
  EXPECT_EQ(spec.stop_time, 1.0);
}

// ---- Error paths: each names file, line and what was expected, with a suggestion ---------------

const std::string kSmall = R"(components:
  source:
    type: TestSource
    parameters: {voltage: 400 V}
  plate:
    type: TestMass
    parameters: {heat_capacity: 10 J/K}
    initial: {temperature: 300 K}
  load: {type: TestLoad}
connections:
  - [source.dc, load.dc]
simulation: {stop: 1 s}
)";

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << "test bug: '" << from << "' not found";
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

TEST_F(ScenarioTest, SmallScenarioIsValid) {
  EXPECT_NO_THROW(load_scenario(write("main.yaml", kSmall), {}, registry_));
}

TEST_F(ScenarioTest, UnknownKeysSuggestAtEveryLevel) {
  std::string text = replace(kSmall, "simulation:", "simulaton:");
  std::string message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "simulaton") + "1: unknown key 'simulaton' in the scenario (did you mean 'simulation'?)");

  text = replace(kSmall, "    parameters: {voltage", "    paramters: {voltage");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "paramters") + "5: unknown key 'paramters' in component 'source' (did you mean 'parameters'?)");

  text = replace(kSmall, "{voltage: 400 V}", "{voltag: 400 V}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "voltag"));
  EXPECT_CONTAINS(message, "component 'source' (TestSource) has no parameter 'voltag' (did you mean 'voltage'?)");

  text = replace(kSmall, "{stop: 1 s}", "{stop: 1 s}\nsolver: {relative_tolerence: 1e-4}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "relative_tolerence"));
  EXPECT_CONTAINS(message, "(did you mean 'relative_tolerance'?)");

  text = replace(kSmall, "type: TestSource", "type: TestSorce");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "TestSorce") + "11: unknown component type 'TestSorce' (did you mean 'TestSource'?)");

  text = replace(kSmall, "initial: {temperature: 300 K}", "initial: {temprature: 300 K}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "temprature"));
  EXPECT_CONTAINS(message, "has no state 'temprature' (did you mean 'temperature'?)");

  text = replace(kSmall, "{voltage: 400 V}", "{voltage: 400 V, mode: constnat}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "constnat"));
  EXPECT_CONTAINS(message, "'constnat' is not a valid choice (did you mean 'constant'?)");

  text = replace(kSmall, "{stop: 1 s}", "{stop: 1 s}\noutput: {signal: [\"*\"]}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "signal:"));
  EXPECT_CONTAINS(message, "unknown key 'signal' in 'output' (did you mean 'signals'?)");
}

TEST_F(ScenarioTest, TablesReportColumnsAndCsvLines) {
  write("data/profile.csv", "time_s,current_A\n0,1\n1,2\n");
  const std::string table_line =
      "    tables: {profile: {file: data/profile.csv, columns: {time: time_s, current: current_A}}}\n";
  const std::string good = replace(kSmall, "  plate:\n", table_line + "  plate:\n");
  const ScenarioSpec spec = load_scenario(write("main.yaml", good), {}, registry_);
  EXPECT_EQ(dynamic_cast<const TestSource&>(*spec.find_component("source")).profile.column("current"),
            (std::vector<double>{1.0, 2.0}));

  std::string text = replace(good, "columns: {time:", "columns: {tim:");
  std::string message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "tables"));
  EXPECT_CONTAINS(message, "has no column 'tim' (did you mean 'time'?)");

  text = replace(good, "time: time_s", "time: time");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "tables"));
  EXPECT_CONTAINS(message, "profile.csv' has no column 'time' (did you mean 'time_s'?)");

  text = replace(good, "data/profile.csv", "data/profil.csv");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "tables"));
  EXPECT_CONTAINS(message, "profil.csv' not found");

  text = replace(good, "current: current_A}", "current: current_A}, units: {current: kg}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "unit 'kg' of column 'current' is a mass, expected an electric current [A]");

  text = replace(good, "{profile:", "{profil:");
  message = error_of(text);
  EXPECT_CONTAINS(message, "has no table 'profil' (did you mean 'profile'?)");

  text = replace(good, "{voltage: 400 V}", "{voltage: 400 V, profile: x}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "'profile' is a table; give it under 'tables'");

  write("data/profile.csv", "# header follows\ntime_s,current_A\n0,1\n1,x2\n");
  message = error_of(good);
  EXPECT_CONTAINS(message, "profile.csv:4:3: column 'current_A': 'x2' is not a number");

  write("data/profile.csv", "time_s,current_A\n0,1\n1\n");
  message = error_of(good);
  EXPECT_CONTAINS(message, "profile.csv:3: row has 1 fields but the header has 2");

  write("data/profile.csv", "time_s,current_A\n");
  message = error_of(good);
  EXPECT_CONTAINS(message, "profile.csv:1: table has no data rows");
}

TEST_F(ScenarioTest, TableFilterSelectsRowsOfLongFormatFiles) {
  write("data/devices.csv",
        "device,t_j_C,time_s,current_A\nigbt,25,0,1\ndiode,25,0,7\nigbt,150,0,3\nigbt,25.0,1,2\n");
  const std::string table_line =
      "    tables: {profile: {file: data/devices.csv, filter: {device: igbt, t_j_C: 25}, "
      "columns: {time: time_s, current: current_A}}}\n";
  const std::string text = replace(kSmall, "  plate:\n", table_line + "  plate:\n");
  const ScenarioSpec spec = load_scenario(write("main.yaml", text), {}, registry_);
  const Table& profile = dynamic_cast<const TestSource&>(*spec.find_component("source")).profile;
  EXPECT_EQ(profile.column("time"), (std::vector<double>{0.0, 1.0}));
  EXPECT_EQ(profile.column("current"), (std::vector<double>{1.0, 2.0}));  // "25.0" matches 25

  std::string message = error_of(replace(text, "{device: igbt,", "{devise: igbt,"));
  EXPECT_CONTAINS(message, "filter column 'devise' is not in");
  EXPECT_CONTAINS(message, "(did you mean 'device'?)");
  message = error_of(replace(text, "t_j_C: 25}", "t_j_C: 175}"));
  EXPECT_CONTAINS(message, at_line_of(text, "tables"));
  EXPECT_CONTAINS(message, "devices.csv' matches the filter");
}

TEST_F(ScenarioTest, WrongShapesAreNamed) {
  std::string text = replace(kSmall, "{voltage: 400 V}", "[400 V]");
  std::string message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "[400 V]"));
  EXPECT_CONTAINS(message, "parameters of component 'source' (TestSource) must be a map of 'key: value' entries, got a list");

  text = replace(kSmall, "{voltage: 400 V}", "{voltage: [1, 2]}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "parameter 'voltage' must be a single value, got a list");

  text = replace(kSmall, "  - [source.dc, load.dc]", "  source: load");
  message = error_of(text);
  EXPECT_CONTAINS(message, "'connections' must be a list");

  text = replace(kSmall, "  - [source.dc, load.dc]", "  - [source.dc, load.dc, plate.node]");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "[source.dc, load.dc, plate.node]"));
  EXPECT_CONTAINS(message, "got a list of 3");

  message = error_of("- just\n- a list\n");
  EXPECT_CONTAINS(message, "main.yaml:1:1: a scenario file must be a map of sections");

  message = error_of("");
  EXPECT_CONTAINS(message, "main.yaml:1:1: the scenario is empty");

  text = replace(kSmall, "simulation: {stop: 1 s}", "simulation: {start: 0 s}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "simulation") + "1: 'simulation' has no 'stop'");

  text = replace(kSmall, "{stop: 1 s}", "{start: 5 s, stop: 1 s}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "simulation.stop = 1 s must be later than the start (5 s)");

  text = replace(kSmall, "{stop: 1 s}", "{stop: 1 s}\nsolver: {fixed_newton_iterations: maybe, newton_iterations: 2}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "solver.fixed_newton_iterations = 'maybe' is not a boolean; expected true or false");

  text = replace(kSmall, "{stop: 1 s}", "{stop: 1 s}\nsolver: {newton_iterations: 2.5}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "solver.newton_iterations = '2.5' is not a whole number");

  text = replace(kSmall, "{stop: 1 s}", "{stop: 1 s}\nsolver: {fixed_step: -1 ms}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "solver.fixed_step = '-1 ms' must be greater than 0 s");

  text = replace(kSmall, "{stop: 1 s}", "{stop: 1 s}\nsolver: {linear_solver: klu}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "unknown linear solver 'klu'; expected one of: dense, band, sparse_klu");
}

TEST_F(ScenarioTest, ValuesOutOfRangeMissingOrInBadUnits) {
  std::string text = replace(kSmall, "400 V", "5 kV");
  std::string message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "5 kV"));
  EXPECT_CONTAINS(message, "parameter 'voltage' = 5 kV (5000 V) is outside the allowed range [0, 1000] V");

  text = replace(kSmall, "    parameters: {voltage: 400 V}\n", "");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "source:"));
  EXPECT_CONTAINS(message, "required parameter 'voltage' [V] is missing");

  text = replace(kSmall, "400 V", "400 Vv");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "400 Vv"));
  EXPECT_CONTAINS(message, "unknown unit 'Vv'");

  text = replace(kSmall, "400 V", "3 kg");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "3 kg"));
  EXPECT_CONTAINS(message, "'3 kg' is a mass, expected a voltage [V]");

  text = replace(kSmall, "temperature: 300 K", "temperature: 25 W");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "25 W"));
  EXPECT_CONTAINS(message, "'25 W' is a power, expected a temperature [K]");

  text = replace(kSmall, "temperature: 300 K", "temperature: hot");
  message = error_of(text);
  EXPECT_CONTAINS(message, "expected a number with an optional unit");
}

TEST_F(ScenarioTest, ComponentNamesAndConnections) {
  std::string text = replace(kSmall, "  load: {type: TestLoad}", "  load: {type: TestLoad}\n  load: {type: TestMass}");
  std::string message = error_of(text);
  EXPECT_CONTAINS(message, "main.yaml:10:3: duplicate key 'load' (first given at line 9)");

  text = replace(kSmall, "  load: {type: TestLoad}", "  my.load: {type: TestLoad}");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "my.load") + "3: component name 'my.load' must start");

  text = replace(kSmall, "[source.dc, load.dc]", "[source.dcc, load.dc]");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "source.dcc"));
  EXPECT_CONTAINS(message, "has no port or signal 'dcc' (did you mean 'dc'?)");

  text = replace(kSmall, "[source.dc, load.dc]", "[sorce.dc, load.dc]");
  message = error_of(text);
  EXPECT_CONTAINS(message, "no component 'sorce' for 'sorce.dc' (did you mean 'source'?)");

  text = replace(kSmall, "[source.dc, load.dc]", "[source, load.dc]");
  message = error_of(text);
  EXPECT_CONTAINS(message, "'source' is not a port reference; expected 'component.port'");

  text = replace(kSmall, "[source.dc, load.dc]", "[source.dc, plate.node]");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "[source.dc, plate.node]"));
  EXPECT_CONTAINS(message, "cannot connect 'source.dc' (electrical DC) to 'plate.node' (thermal)");

  text = replace(kSmall, "  - [source.dc, load.dc]", "  - {from: load.dc, to: load.dc}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "both are Load ports of kind electrical DC; expected a Source and a Load");

  text = replace(kSmall, "  - [source.dc, load.dc]", "  - {from: source.power, to: load.enable}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "output unit 'W' and input unit '1' differ in dimension");

  text = replace(kSmall, "  - [source.dc, load.dc]", "  - {form: source.dc, to: load.dc}");
  message = error_of(text);
  EXPECT_CONTAINS(message, "unknown key 'form' in a connection (did you mean 'from'?)");

  text = replace(kSmall, "simulation:", "unconnected: [load.enabel]\nsimulation:");
  message = error_of(text);
  EXPECT_CONTAINS(message, "has no port or input 'enabel' (did you mean 'enable'?)");
}

TEST_F(ScenarioTest, SubsystemsAndOutput) {
  const std::string split =
      "subsystems:\n  electrical: {components: [source, load]}\n  thermal: {components: [plate]}\n"
      "cosimulation: {communication_step: 5 ms, scheme: gauss_seidel, extrapolation: hold}\n";
  const ScenarioSpec spec = load_scenario(write("main.yaml", kSmall + split), {}, registry_);
  ASSERT_EQ(spec.subsystems.size(), 2u);
  EXPECT_EQ(spec.cosimulation.scheme, CouplingScheme::GaussSeidel);
  EXPECT_EQ(spec.cosimulation.extrapolation, CouplingExtrapolation::Hold);
  EXPECT_DOUBLE_EQ(spec.cosimulation.communication_step, 5e-3);

  std::string text = kSmall + replace(split, "[plate]", "[plate, load]");
  std::string message = error_of(text);
  EXPECT_CONTAINS(message, "component 'load' is already in subsystem 'electrical'");

  text = kSmall + replace(split, "[plate]", "[plat]");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "[plat]"));
  EXPECT_CONTAINS(message, "no component 'plat' (did you mean 'plate'?)");

  text = kSmall + replace(split, "  thermal: {components: [plate]}\n", "");
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "subsystems:") + "1: component 'plate' is in no subsystem");

  text = kSmall + replace(split, "gauss_seidel", "gauss-seidel");
  message = error_of(text);
  EXPECT_CONTAINS(message, "unknown co-simulation scheme 'gauss-seidel' (did you mean 'gauss_seidel'?)");

  text = kSmall + "cosimulation: {communication_step: 5 ms}\n";
  message = error_of(text);
  EXPECT_CONTAINS(message, "'cosimulation' settings need 'subsystems'");

  text = kSmall + "output: {signals: [plate/temperatur]}\n";
  message = error_of(text);
  EXPECT_CONTAINS(message, at_line_of(text, "plate/temperatur"));
  EXPECT_CONTAINS(message, "signal pattern 'plate/temperatur' matches no output or state (did you mean 'plate/temperature'?)");
}

TEST_F(ScenarioTest, IncludeProblems) {
  write("a.yaml", "include: b.yaml\n");
  write("b.yaml", "components: {}\ninclude: [a.yaml]\n");
  std::string message = error_of("include: a.yaml\n");
  EXPECT_CONTAINS(message, "b.yaml:2:11: include cycle: ");
  EXPECT_CONTAINS(message, "a.yaml -> ");

  message = error_of("include: main.yaml\n");
  EXPECT_CONTAINS(message, "main.yaml:1:10: include cycle");

  message = error_of("components: {}\ninclude: [missing.yaml]\n");
  EXPECT_CONTAINS(message, "main.yaml:2:11: included file '");
  EXPECT_CONTAINS(message, "missing.yaml' not found");

  write("device.yaml", "parameters: {voltage: 400 V}\ninclude: device.yaml\n");
  message = error_of(replace(kSmall, "    parameters: {voltage: 400 V}\n", "    include: device.yaml\n"));
  EXPECT_CONTAINS(message, "device.yaml:2:10: include cycle");

  write("device.yaml", "paramters: {voltage: 400 V}\n");
  message = error_of(replace(kSmall, "    parameters: {voltage: 400 V}\n", "    include: device.yaml\n"));
  EXPECT_CONTAINS(message, "device.yaml:1:1: unknown key 'paramters' in component 'source' (did you mean 'parameters'?)");

  message = load_error((directory_ / "nothing.yaml").string());
  EXPECT_CONTAINS(message, "nothing.yaml: scenario file '");
  EXPECT_CONTAINS(message, "' not found");

  message = load_error(directory_.string());
  EXPECT_CONTAINS(message, "is not a regular file");
}

TEST_F(ScenarioTest, MalformedYamlHasAPosition) {
  std::string message = error_of("components:\n  a: {type: TestMass\nsimulation: {stop: 1 s}\n");
  EXPECT_CONTAINS(message, "main.yaml:");
  EXPECT_CONTAINS(message, "malformed YAML");

  message = error_of("components:\n  a: [1, 2\n");
  EXPECT_CONTAINS(message, "malformed YAML");

  message = error_of("a: b\n c: d\n");
  EXPECT_CONTAINS(message, "main.yaml:2:");
  EXPECT_CONTAINS(message, "malformed YAML");
}

TEST_F(ScenarioTest, AliasBombsAndDeepNestingAreRefused) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string previous = "a";
  for (char level = 'b'; level <= 'i'; ++level) {
    bomb += std::string(1, level) + ": &" + level + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + previous;
    bomb += "]\n";
    previous = std::string(1, level);
  }
  EXPECT_CONTAINS(error_of(bomb), "document expands to more than");

  const std::string deep = "components: " + std::string(100, '[') + std::string(100, ']') + "\n";
  EXPECT_CONTAINS(error_of(deep), "nesting deeper than 64 levels");
}

// Loading must never crash: every prefix of a valid scenario and random byte changes give either a
// scenario or an InputError, nothing else.
TEST_F(GoodScenario, TruncatedAndCorruptedFilesNeverCrash) {
  std::mt19937 random(12345);
  int errors = 0;
  int loaded = 0;
  auto attempt = [&](const std::string& text) {
    try {
      load_scenario_text(text, main_, {}, registry_);
      ++loaded;
    } catch (const InputError& error) {
      ++errors;
      ASSERT_NE(std::string(error.what()).find("main.yaml"), std::string::npos) << error.what();
    } catch (const std::exception& error) {
      FAIL() << "not an InputError: " << error.what() << "\n--- input ---\n" << text;
    }
  };
  for (std::size_t length = 0; length < kMain.size(); length += 3) attempt(kMain.substr(0, length));
  attempt(kMain);
  const std::string alphabet = "{}[]:,-#&*!|>'\"%@` \n\t.0aZ";
  for (int trial = 0; trial < 300; ++trial) {
    std::string text = kMain;
    for (int change = 0; change < 3; ++change) {
      text[random() % text.size()] = alphabet[random() % alphabet.size()];
    }
    attempt(text);
  }
  EXPECT_GT(errors, 100);
  EXPECT_GE(loaded, 1);  // at least the unchanged text
}

// Every file in scenarios/examples/bad/ starts with "# expect: <line>: <text>": loading it must
// fail at that line of that file with a message containing the text.
TEST(BadExamples, EachFailsWhereItsHeaderSays) {
  const ComponentRegistry registry = testing::make_test_registry();
  const fs::path folder = fs::path(ETSIM_SOURCE_DIR) / "scenarios" / "examples" / "bad";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream stream(entry.path());
    std::string header;
    std::getline(stream, header);
    const std::string prefix = "# expect: ";
    ASSERT_EQ(header.rfind(prefix, 0), 0u) << entry.path() << " has no '# expect:' header";
    const std::string expectation = header.substr(prefix.size());
    const std::size_t colon = expectation.find(": ");
    ASSERT_NE(colon, std::string::npos) << entry.path();
    const std::string where = entry.path().filename().string() + ":" + expectation.substr(0, colon) + ":";
    const std::string what = expectation.substr(colon + 2);
    SCOPED_TRACE(entry.path().string());
    try {
      load_scenario(entry.path().string(), {}, registry);
      ADD_FAILURE() << "loaded without error";
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_CONTAINS(message, where);
      EXPECT_CONTAINS(message, what);
    }
    ++checked;
  }
  EXPECT_GE(checked, 8);
}

}  // namespace
}  // namespace etsim
