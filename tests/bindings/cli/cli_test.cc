// The `etsim` program end to end: run, info, validate, exit statuses, error messages, solver
// failures that keep the results, and a run killed with SIGKILL leaving a readable file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;

struct Result {
  int status = -1;
  std::string output;  // stdout and stderr
};

Result run(const std::string& arguments) {
  const std::string command = std::string(ETSIM_CLI) + " " + arguments + " 2>&1";
  Result result;
  FILE* pipe = popen(command.c_str(), "r");
  std::array<char, 4096> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) result.output += buffer.data();
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

int python_check(const std::string& file, bool killed) {
  const std::string script = std::string(ETSIM_SOURCE_DIR) + "/tests/bindings/cli/check_default_results.py";
  const std::string command = std::string(ETSIM_SYSTEM_PYTHON) + " " + script + " " + file +
                              (killed ? " --killed" : "");
  return std::system(command.c_str());
}

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("etsim_cli_test_" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir / name;
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

TEST(Cli, RunWritesAResultsFileMatchingTheDocumentedLayout) {
  const fs::path file = scratch("default.h5");
  const Result result = run("run -q --set simulation.stop=120s -o " + file.string());
  ASSERT_EQ(result.status, 0) << result.output;
  EXPECT_NE(result.output.find("real-time factor"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(file.string()), std::string::npos) << result.output;
  // The default scenario's model runs as its compiled kernel (bindings/compiled).
  EXPECT_NE(result.output.find("evaluation  compiled kernel 'electro_thermal_default'"),
            std::string::npos) << result.output;
  EXPECT_EQ(python_check(file.string(), false), 0);
  const Result info = run("info " + file.string());
  ASSERT_EQ(info.status, 0) << info.output;
  EXPECT_NE(info.output.find("coolant/temperature"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("[K]"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("completed"), std::string::npos) << info.output;
}

TEST(Cli, InterpretedRunGivesTheSameResultsAsTheCompiledKernel) {
  const fs::path compiled = scratch("compiled.h5"), interpreted = scratch("interpreted.h5");
  const Result a = run("run -q --set simulation.stop=300s -o " + compiled.string());
  const Result b = run("run -q --interpreted --set simulation.stop=300s -o " + interpreted.string());
  ASSERT_EQ(a.status, 0) << a.output;
  ASSERT_EQ(b.status, 0) << b.output;
  EXPECT_NE(b.output.find("evaluation  interpreted"), std::string::npos) << b.output;
  const std::string script =
      "import h5py, numpy as np, sys\n"
      "a, b = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')\n"
      "assert 'compiled kernel' in a['meta'].attrs['evaluation'], a['meta'].attrs['evaluation']\n"
      "assert 'interpreted' in b['meta'].attrs['evaluation']\n"
      "worst = 0.0\n"
      "for c in a['signals']:\n"
      "    for s in a['signals'][c]:\n"
      "        x, y = a['signals'][c][s][...], b['signals'][c][s][...]\n"
      "        worst = max(worst, float(np.max(np.abs(x - y) / np.maximum(1.0, np.abs(y)))))\n"
      "assert worst <= 1e-12, worst\n";
  const fs::path checker = scratch("compare.py");
  write(checker, script);
  EXPECT_EQ(std::system((std::string(ETSIM_SYSTEM_PYTHON) + " " + checker.string() + " " +
                         compiled.string() + " " + interpreted.string())
                            .c_str()),
            0);
}

TEST(Cli, ValidateNamesFileLineAndSuggestionForAnUnknownKey) {
  const fs::path scenario = scratch("typo.yaml");
  write(scenario,
        "components:\n"
        "  plate:\n"
        "    type: ThermalMass\n"
        "    parameters: {heat_capacty: 450 J/K}\n"
        "simulation: {start: 0 s, stop: 1 s}\n");
  const Result result = run("validate " + scenario.string());
  EXPECT_EQ(result.status, 2) << result.output;
  EXPECT_NE(result.output.find(scenario.string() + ":4"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("heat_capacity"), std::string::npos) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
}

TEST(Cli, ValidateNamesFileAndLineForABadUnit) {
  const fs::path scenario = scratch("bad_unit.yaml");
  write(scenario,
        "components:\n"
        "  plate:\n"
        "    type: ThermalMass\n"
        "    parameters:\n"
        "      heat_capacity: 450 kg\n"
        "simulation: {start: 0 s, stop: 1 s}\n");
  const Result result = run("validate " + scenario.string());
  EXPECT_EQ(result.status, 2) << result.output;
  EXPECT_NE(result.output.find(scenario.string() + ":5"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("J/K"), std::string::npos) << result.output;
}

TEST(Cli, ValidateAcceptsTheShippedScenarios) {
  for (const char* name : {"electro_thermal_default.yaml", "electro_thermal_split.yaml"}) {
    const Result result = run("validate " + std::string(ETSIM_SOURCE_DIR) + "/scenarios/" + name);
    EXPECT_EQ(result.status, 0) << name << ": " << result.output;
  }
}

TEST(Cli, ConnectionErrorNamesBothEndsAndTheLine) {
  const fs::path scenario = scratch("bad_connection.yaml");
  write(scenario,
        "components:\n"
        "  a: {type: ThermalMass, parameters: {heat_capacity: 1 J/K}}\n"
        "  b: {type: ThermalMass, parameters: {heat_capacity: 1 J/K}}\n"
        "connections:\n"
        "  - [a.node, b.node]\n"
        "simulation: {start: 0 s, stop: 1 s}\n");
  const Result result = run("validate " + scenario.string());
  EXPECT_EQ(result.status, 2) << result.output;
  EXPECT_NE(result.output.find(":5"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("'a.node'"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("'b.node'"), std::string::npos) << result.output;
}

TEST(Cli, MissingScenarioAndBadArgumentsExitNonZero) {
  EXPECT_EQ(run("run /nonexistent/scenario.yaml").status, 2);
  EXPECT_NE(run("frobnicate").status, 0);
  EXPECT_EQ(run("run --help").status, 0);
  EXPECT_EQ(run("info /nonexistent.h5").status, 1);
}

TEST(Cli, SolverFailureReportsTimeComponentAndStateAndKeepsResults) {
  // Explicit Euler with a 50 s step is unstable on the 0.5 ms Cauer stage: the state diverges.
  const fs::path file = scratch("failed.h5");
  const Result result = run("run -q -o " + file.string() +
                            " --set solver.method=euler --set solver.fixed_step=0.5s"
                            " --set output.interval=0.5s --set simulation.stop=1000s");
  EXPECT_EQ(result.status, 1) << result.output;
  EXPECT_NE(result.output.find("solver failed at t ="), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("component '"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("state '"), std::string::npos) << result.output;
  const Result info = run("info " + file.string());
  EXPECT_EQ(info.status, 0) << info.output;
  EXPECT_NE(info.output.find("failed"), std::string::npos) << info.output;
}

TEST(Cli, KilledRunLeavesAReadableFile) {
  // A long run with a short flush interval, killed with SIGKILL after some flushes.
  for (int attempt = 0; attempt < 3; ++attempt) {
    const fs::path file = scratch("killed_" + std::to_string(attempt) + ".h5");
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      const std::string output = "--output=" + file.string();
      execl(ETSIM_CLI, ETSIM_CLI, "run", "-q", output.c_str(), "--set",
            "simulation.stop=1e7s", "--set", "output.flush_interval=0.02s", "--set",
            "output.interval=0.01s", static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(700 + 150 * attempt));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(python_check(file.string(), true), 0) << "attempt " << attempt;
  }
}

}  // namespace
