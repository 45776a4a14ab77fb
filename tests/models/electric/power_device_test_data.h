// Test helper: reads the device CSV tables of scenarios/data/semiconductor (written by
// tools/semiconductor_tables.py) and builds the two reference devices the way the scenario device
// files under scenarios/devices/ do. Test code only; models never read files.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/electric/power_device.h"
#include "models/thermal/foster_cauer.h"

namespace etsim::test_data {

inline std::string semiconductor_path(const std::string& file) {
  return std::string(ETSIM_SOURCE_DIR) + "/scenarios/data/semiconductor/" + file;
}

// Numeric CSV with a header row -> columns.
inline std::vector<std::vector<double>> read_csv_columns(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> columns;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream row(line);
    std::string cell;
    std::size_t index = 0;
    while (std::getline(row, cell, ',')) {
      if (columns.size() <= index) columns.emplace_back();
      columns[index++].push_back(std::stod(cell));
    }
  }
  return columns;
}

inline CurveFamily read_family(const std::string& file) {
  const auto columns = read_csv_columns(semiconductor_path(file));
  return CurveFamily(columns.at(0), columns.at(1), columns.at(2), file);
}

inline FosterNetwork read_foster(const std::string& file) {
  const auto columns = read_csv_columns(semiconductor_path(file));
  return {columns.at(0), columns.at(1)};
}

// Same numbers as scenarios/devices/fuji_2mbi600xee065.yaml.
inline PowerDeviceData fuji_igbt_data() {
  PowerDeviceData data;
  data.name = "Fuji 2MBI600XEE065-50";
  data.kind = DeviceKind::Igbt;
  data.switch_conduction = read_family("fuji_2mbi600xee065_switch_conduction.csv");
  data.diode_conduction = read_family("fuji_2mbi600xee065_diode_conduction.csv");
  data.turn_on_energy = read_family("fuji_2mbi600xee065_e_on_energy.csv");
  data.turn_off_energy = read_family("fuji_2mbi600xee065_e_off_energy.csv");
  data.recovery_energy = read_family("fuji_2mbi600xee065_e_rr_energy.csv");
  data.reference_voltage = 300.0;
  data.switch_voltage_exponent = 1.35;
  data.diode_voltage_exponent = 0.6;
  data.fit_current_min = 120.0;
  data.fit_current_max = 600.0;
  return data;
}

// Same numbers as scenarios/devices/wolfspeed_cab530m12bm3.yaml.
inline PowerDeviceData wolfspeed_sic_data() {
  PowerDeviceData data;
  data.name = "Wolfspeed CAB530M12BM3";
  data.kind = DeviceKind::Mosfet;
  data.switch_conduction = read_family("wolfspeed_cab530m12bm3_switch_conduction.csv");
  data.diode_conduction = read_family("wolfspeed_cab530m12bm3_diode_conduction.csv");
  data.turn_on_energy = read_family("wolfspeed_cab530m12bm3_e_on_energy.csv");
  data.turn_off_energy = read_family("wolfspeed_cab530m12bm3_e_off_energy.csv");
  data.recovery_energy = read_family("wolfspeed_cab530m12bm3_e_rr_energy.csv");
  data.reference_voltage = 600.0;
  data.switch_voltage_exponent = 1.29;
  data.diode_voltage_exponent = 0.6;
  data.fit_current_min = 106.0;
  data.fit_current_max = 530.0;
  return data;
}

}  // namespace etsim::test_data
