// `etsim map` (bindings/cli/map_command.cc): efficiency and loss maps of the scenarios' quasi-static
// drives, the SiC/IGBT comparison at part load, and the HDF5 + PNG the command writes.
#include "bindings/cli/drive_map.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <string>
#include <vector>

#include "bindings/cli/commands.h"
#include "engine/framework/component_type.h"
#include "engine/io/hdf5_file.h"
#include "engine/io/scenario.h"
#include "models/register_all.h"

namespace etsim::cli {
namespace {

const std::string kScenarios = std::string(ETSIM_SOURCE_DIR) + "/scenarios/";
constexpr double kRpm = std::numbers::pi / 30.0;

ScenarioSpec load(const std::string& name) {
  ComponentRegistry registry;
  register_all_components(registry);
  return load_scenario(kScenarios + name, {}, registry);
}

// Grid 0, 2000, 4000, 6000, 8000 rpm x -100, -50, 0, 50, 100 N*m: index (2, 3) is 50 N*m at 4000 rpm.
DriveMap part_load_map(const std::string& scenario) {
  DriveMapOptions options;
  options.speed_points = 5;
  options.torque_points = 5;
  options.max_speed = 8000.0 * kRpm;
  options.max_torque = 100.0;
  options.threads = 2;
  return compute_drive_map(load(scenario), options);
}

TEST(DriveMap, SicDriveIsMoreEfficientThanIgbtAtPartLoad) {
  const DriveMap sic = part_load_map("edrive_wltc_800v_sic.yaml");
  const DriveMap igbt = part_load_map("edrive_wltc_400v_igbt.yaml");
  ASSERT_DOUBLE_EQ(sic.speed[2], 4000.0 * kRpm);
  ASSERT_DOUBLE_EQ(sic.torque[3], 50.0);
  const std::size_t p = 2 * 5 + 3;
  EXPECT_DOUBLE_EQ(sic.dc_voltage, 800.0);
  EXPECT_DOUBLE_EQ(igbt.dc_voltage, 400.0);
  // ~21 kW shaft power: inverter losses of a few hundred W (IGBT) vs ~100 W (SiC), docs/inverter.md.
  EXPECT_GT(sic.inverter_efficiency[p], igbt.inverter_efficiency[p] + 0.005);
  EXPECT_GT(sic.drive_efficiency[p], igbt.drive_efficiency[p]);
  EXPECT_LT(sic.inverter_loss[p], igbt.inverter_loss[p]);
  EXPECT_GT(sic.inverter_efficiency[p], 0.98);
  EXPECT_LT(sic.inverter_efficiency[p], 0.999);
  EXPECT_GT(igbt.inverter_efficiency[p], 0.95);
  EXPECT_GT(sic.motor_efficiency[p], 0.85);
  EXPECT_LT(sic.motor_efficiency[p], 0.98);
  // Generating at the same point: efficiencies below one as well, same ordering.
  const std::size_t q = 2 * 5 + 1;
  EXPECT_LT(sic.drive_efficiency[q], 1.0);
  EXPECT_GT(sic.drive_efficiency[q], igbt.drive_efficiency[q]);
}

TEST(DriveMap, DriveEfficiencyIsTheProductAndTheEnvelopeIsNaN) {
  DriveMapOptions options;
  options.speed_points = 9;
  options.torque_points = 7;
  options.max_speed = 16000.0 * kRpm;
  options.threads = 2;
  const DriveMap map = compute_drive_map(load("edrive_wltc_800v_sic.yaml"), options);
  ASSERT_EQ(map.motor_efficiency.size(), 63u);
  // Peak torque of the reference machine: 313 N*m with 20 degC magnets (docs/models/pmsm.md); the
  // scenario's 50 degC magnets have alpha_Br * 30 K = 3.6 % less remanence, so a little less torque.
  EXPECT_LT(map.torque.back(), 313.0);
  EXPECT_GT(map.torque.back(), 313.0 * (1.0 - 0.036));
  int inside = 0, outside = 0;
  for (std::size_t i = 1; i < map.speed.size(); ++i) {
    for (std::size_t j = 0; j < map.torque.size(); ++j) {
      const std::size_t p = i * map.torque.size() + j;
      if (std::isnan(map.drive_efficiency[p])) {
        ++outside;
        continue;
      }
      ++inside;
      if (map.torque[j] == 0.0) continue;
      // Power chain: eta_drive = eta_motor * eta_inverter in both directions.
      EXPECT_NEAR(map.drive_efficiency[p], map.motor_efficiency[p] * map.inverter_efficiency[p], 1e-12);
      EXPECT_GT(map.motor_loss[p], 0.0);
      EXPECT_GT(map.inverter_loss[p], 0.0);
    }
  }
  EXPECT_GT(inside, 20);
  EXPECT_GT(outside, 4);
  // Full torque at 16 000 rpm is beyond the ~200 kW power limit; full torque at 2000 rpm is not.
  EXPECT_TRUE(std::isnan(map.drive_efficiency[8 * 7 + 6]));
  EXPECT_TRUE(std::isnan(map.motor_loss[8 * 7 + 6]));
  EXPECT_FALSE(std::isnan(map.drive_efficiency[1 * 7 + 6]));
}

TEST(DriveMap, ThreadCountDoesNotChangeTheResult) {
  DriveMapOptions options;
  options.speed_points = 7;
  options.torque_points = 7;
  options.threads = 1;
  const ScenarioSpec scenario = load("edrive_wltc_400v_igbt.yaml");
  const DriveMap one = compute_drive_map(scenario, options);
  options.threads = 2;
  const DriveMap two = compute_drive_map(scenario, options);
  for (std::size_t p = 0; p < one.drive_efficiency.size(); ++p) {
    if (std::isnan(one.drive_efficiency[p])) {
      EXPECT_TRUE(std::isnan(two.drive_efficiency[p]));
    } else {
      EXPECT_EQ(one.drive_efficiency[p], two.drive_efficiency[p]);
    }
  }
}

TEST(DriveMap, BadOptionsAreInputErrors) {
  const ScenarioSpec scenario = load("edrive_wltc_800v_sic.yaml");
  DriveMapOptions options;
  options.speed_points = 1;
  EXPECT_THROW(compute_drive_map(scenario, options), InputError);
  options = DriveMapOptions{};
  options.max_speed = -1.0;
  EXPECT_THROW(compute_drive_map(scenario, options), InputError);
}

TEST(DriveMap, CommandWritesDatasetsWithUnitsAndAPlot) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("etsim_map_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  const std::string h5 = (dir / "map.h5").string();
  CLI::App app;
  add_map_command(app);
  std::vector<std::string> args{"etsim", "map", kScenarios + "edrive_wltc_800v_sic.yaml", "--out",
                                h5, "--speed-points", "12", "--torque-points", "11", "--threads", "2"};
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());

  const io::hdf5::File file = io::hdf5::File::open(h5, io::hdf5::File::Access::kReadOnly);
  const std::vector<std::pair<std::string, std::string>> datasets{
      {"speed", "rad/s"},         {"torque", "N*m"},         {"motor/efficiency", "1"},
      {"motor/loss", "W"},        {"inverter/efficiency", "1"}, {"inverter/loss", "W"},
      {"drive/efficiency", "1"}};
  for (const auto& [name, units] : datasets) {
    SCOPED_TRACE(name);
    const io::hdf5::Dataset dataset = file.open_dataset(name);
    EXPECT_EQ(dataset.string_attribute("units"), units);
    EXPECT_FALSE(dataset.string_attribute("description").empty());
    const std::size_t expected = name == "speed" ? 12u : name == "torque" ? 11u : 132u;
    EXPECT_EQ(dataset.length(), expected);
  }
  EXPECT_DOUBLE_EQ(file.double_attribute("dc_voltage"), 800.0);
  const std::filesystem::path png = dir / "map.png";
  ASSERT_TRUE(std::filesystem::exists(png));
  EXPECT_GT(std::filesystem::file_size(png), 10000u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace etsim::cli
