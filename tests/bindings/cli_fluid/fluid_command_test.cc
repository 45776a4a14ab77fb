#include "bindings/cli/fluid_command.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "models/fluid/air/humid_air.h"
#include "models/fluid/coolant/glycol_coolant.h"
#include "models/fluid/refrigerant.h"

namespace etsim::fluid {
namespace {

// Runs `etsim fluid <arguments>` through CLI11 and returns what it printed on stdout.
std::string run_fluid(std::vector<std::string> arguments) {
  CLI::App app{"etsim test"};
  app.require_subcommand(1);
  add_fluid_command(app);
  arguments.insert(arguments.begin(), "fluid");
  std::reverse(arguments.begin(), arguments.end());  // CLI11 parses a reversed vector
  std::ostringstream captured;
  std::streambuf* original = std::cout.rdbuf(captured.rdbuf());
  try {
    app.parse(arguments);
  } catch (...) {
    std::cout.rdbuf(original);
    throw;
  }
  std::cout.rdbuf(original);
  return captured.str();
}

// Value of a numeric key in a flat JSON object (the command prints no nesting).
double json_value(const std::string& json, const std::string& key) {
  const std::size_t at = json.find("\"" + key + "\": ");
  if (at == std::string::npos) throw std::runtime_error("key " + key + " missing in " + json);
  const std::string rest = json.substr(at + key.size() + 4);
  if (rest.rfind("null", 0) == 0) return std::nan("");
  return std::stod(rest);
}

TEST(FluidCommand, SaturatedVapourJsonInSi) {
  const std::string json = run_fluid({"R1234yf", "--T", "0degC", "--Q", "1", "--json"});
  const SaturationState sat = Refrigerant::get("R1234yf").saturation_at_T(273.15);
  EXPECT_EQ(json.front(), '{');
  EXPECT_NEAR(json_value(json, "T"), 273.15, 1e-9);
  EXPECT_NEAR(json_value(json, "p"), sat.p, 1e-6 * sat.p);
  EXPECT_NEAR(json_value(json, "h"), sat.vapor.h, 1e-6 * std::abs(sat.vapor.h));
  EXPECT_NEAR(json_value(json, "rho"), sat.vapor.rho, 1e-6 * sat.vapor.rho);
  EXPECT_NEAR(json_value(json, "cp"), sat.vapor.cp, 1e-6 * sat.vapor.cp);  // saturated vapour: finite cp
  EXPECT_NEAR(json_value(json, "Q"), 1.0, 1e-12);
  for (const char* key : {"s", "cv", "w", "u"}) EXPECT_TRUE(std::isfinite(json_value(json, key))) << key;
}

TEST(FluidCommand, TranscriticalR744Text) {
  const std::string text = run_fluid({"R744", "--p", "90bar", "--h", "300kJ/kg"});
  const ThermoState state = Refrigerant::get("R744").at_p_h(90e5, 300e3);
  EXPECT_NE(text.find("R744"), std::string::npos) << text;
  EXPECT_NE(text.find(std::string(to_string(state.phase))), std::string::npos) << text;
  EXPECT_NE(text.find(fmt::format("{:.4f} K", state.T)), std::string::npos) << text;
  EXPECT_NE(text.find("kg/m^3"), std::string::npos);
  const std::string json = run_fluid({"R744", "--p", "90bar", "--h", "300kJ/kg", "--json"});
  EXPECT_NEAR(json_value(json, "T"), state.T, 1e-9 * state.T);
  EXPECT_TRUE(std::isnan(json_value(json, "Q")));  // single phase: null
}

TEST(FluidCommand, OtherPairsAgreeWithTheEos) {
  const Refrigerant& r134a = Refrigerant::get("R134a");
  const ThermoState reference = r134a.at_T_p(310.0, 5e5);
  const double T_from_p_rho = json_value(run_fluid({"R134a", "--p", "5bar", "--rho", fmt::format("{:.12g}", reference.rho), "--json"}), "T");
  EXPECT_NEAR(T_from_p_rho, 310.0, 1e-6);
  const double T_from_p_s = json_value(run_fluid({"R134a", "--p", "500kPa", "--s", fmt::format("{:.12g}J/(kg*K)", reference.s), "--json"}), "T");
  EXPECT_NEAR(T_from_p_s, 310.0, 1e-5);
  const double Q_mid = json_value(run_fluid({"R134a", "--p", "5bar", "--Q", "0.5", "--json"}), "Q");
  EXPECT_NEAR(Q_mid, 0.5, 1e-12);
}

TEST(FluidCommand, SaturationTableCsv) {
  const std::string csv = run_fluid({"R134a", "--table", "--Tmin=-20degC", "--Tmax", "40degC", "--step", "10K", "--csv"});
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line.rfind("T_K,p_Pa,", 0), 0u) << line;
  int rows = 0;
  while (std::getline(lines, line)) {
    const double T = std::stod(line);
    const double p = std::stod(line.substr(line.find(',') + 1));
    EXPECT_NEAR(T, 253.15 + 10.0 * rows, 1e-6);
    EXPECT_NEAR(p / Refrigerant::get("R134a").saturation_at_T(T).p, 1.0, 1e-7);
    ++rows;
  }
  EXPECT_EQ(rows, 7);
  const std::string text = run_fluid({"R134a", "--table", "--Tmin", "0degC", "--Tmax", "10degC", "--step", "5"});
  EXPECT_NE(text.find("saturation table"), std::string::npos);
}

TEST(FluidCommand, GlycolAndHumidAir) {
  const std::string eg = run_fluid({"EG50", "--T", "20degC", "--json"});
  const GlycolCoolant coolant = GlycolCoolant::ethylene_glycol_50vol();
  EXPECT_NEAR(json_value(eg, "rho"), coolant.density(293.15), 1e-6);
  EXPECT_NEAR(json_value(eg, "mu"), coolant.viscosity(293.15), 1e-12);
  EXPECT_NEAR(json_value(eg, "T_freeze"), coolant.freezing_temperature(), 1e-6);
  EXPECT_NE(run_fluid({"pg50", "--T", "300"}).find("PG50"), std::string::npos);

  const std::string air = run_fluid({"HumidAir", "--T", "25degC", "--RH", "50%", "--json"});
  const HumidAirState reference = humid_air_from_relative_humidity(298.15, 0.5);
  EXPECT_NEAR(json_value(air, "W"), reference.humidity_ratio, 1e-12);
  EXPECT_NEAR(json_value(air, "T_dew"), reference.dew_point, 1e-9);
  const std::string at_altitude = run_fluid({"HumidAir", "--T", "25degC", "--w", "0.01", "--p", "0.9bar", "--json"});
  EXPECT_NEAR(json_value(at_altitude, "p"), 0.9e5, 1e-9);
  EXPECT_NEAR(json_value(at_altitude, "RH"), humid_air_from_humidity_ratio(298.15, 0.01, 0.9e5).relative_humidity, 1e-12);
  EXPECT_NE(run_fluid({"HumidAir", "--T", "25degC", "--RH", "0.3"}).find("T_dew"), std::string::npos);
}

TEST(FluidCommand, BadInputIsAnInputError) {
  const std::vector<std::vector<std::string>> bad = {
      {"R22", "--T", "0degC", "--Q", "1"},                 // unknown fluid
      {"R744", "--T", "0degC"},                            // one property only
      {"R744", "--T", "0degC", "--p", "30bar", "--h", "1"},  // three properties
      {"R744", "--h", "300kJ/kg", "--s", "1000"},          // unsupported pair
      {"R744", "--T", "5kg", "--Q", "0"},                  // wrong dimension
      {"R744", "--T", "0degC", "--Q", "1.5"},              // Q outside [0, 1]
      {"R744", "--T", "2000K", "--p", "10bar"},            // outside the EOS range
      {"R744", "--table", "--Tmin", "0degC", "--Tmax", "40degC", "--step", "5K"},  // above T_c
      {"R744", "--table", "--Tmin", "0degC", "--Tmax", "20degC", "--step", "5degC"},
      {"R744", "--table", "--Tmin", "0degC"},             // missing --Tmax/--step
      {"EG50"},                                            // needs --T
      {"EG50", "--T", "-60degC"},                          // frozen
      {"EG50", "--T", "20degC", "--p", "2bar"},            // not a refrigerant state
      {"HumidAir", "--T", "25degC"},                       // needs RH or w
      {"HumidAir", "--T", "25degC", "--RH", "150%"},       // supersaturated
      {"R134a", "--T", "25degC", "--RH", "50%"},           // RH is for HumidAir
  };
  for (const auto& arguments : bad) {
    std::string joined;
    for (const auto& argument : arguments) joined += argument + " ";
    try {
      run_fluid(arguments);
      ADD_FAILURE() << "no error for: " << joined;
    } catch (const InputError& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      EXPECT_FALSE(message.empty());
    } catch (const std::exception& error) {
      ADD_FAILURE() << "not an InputError for: " << joined << ": " << error.what();
    }
  }
}

}  // namespace
}  // namespace etsim::fluid
