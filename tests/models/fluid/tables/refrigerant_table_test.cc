#include "models/fluid/tables/refrigerant_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "models/fluid/tables/table_accuracy.h"

namespace etsim::fluid {
namespace {

using tables::AccuracyRegion;

const char* const kFluids[] = {"R744", "R134a", "R1234yf", "R290"};

// Published maximum relative errors (docs/models/fluid-properties.md, "## Fast tables"), valid for
// all four fluids with the default TableOptions. RMS errors are asserted to be <= max bound / 5.
struct Bounds {
  AccuracyRegion region;
  double T, rho, s, cp, drho_dh, drho_dp, h_pT, rho_pT;
};
constexpr Bounds kBounds[] = {
    {AccuracyRegion::Liquid, 1e-5, 5e-5, 1e-5, 3e-4, 3e-4, 3e-2, 1e-5, 2e-5},
    {AccuracyRegion::TwoPhase, 1e-6, 1e-4, 1e-6, 0, 2e-4, 2e-3, 0, 0},
    {AccuracyRegion::Vapor, 2e-5, 2e-4, 1e-6, 1e-4, 1e-3, 5e-3, 2e-4, 5e-4},
    {AccuracyRegion::Supercritical, 2e-5, 2e-4, 5e-5, 5e-3, 5e-3, 0.15, 3e-3, 1e-2},
    {AccuracyRegion::NearCritical, 5e-4, 5e-3, 1e-4, 0.15, 0.25, 20.0, 0.1, 0.3},
};

void expect_within(const tables::ErrorStats& stats, double bound, const std::string& what) {
  if (bound == 0) return;  // not applicable (cp and the p-T lookup in two phase)
  EXPECT_GT(stats.count, 0) << what;
  EXPECT_LE(stats.max, bound) << what << " max";
  EXPECT_LE(stats.rms, bound / 5) << what << " rms";
}

class TableAccuracy : public ::testing::TestWithParam<const char*> {};

TEST_P(TableAccuracy, WithinPublishedBoundsInEveryRegion) {
  const RefrigerantTable& table = RefrigerantTable::get(GetParam());
  std::printf("%s: generated in %.2f s (wall), %.2f MB\n", GetParam(), table.generation_seconds(),
              table.memory_bytes() / 1e6);
  for (const Bounds& bounds : kBounds) {
    const tables::RegionAccuracy accuracy = tables::measure_accuracy(table, bounds.region, 300);
    const std::string where = std::string(GetParam()) + " " + std::string(tables::to_string(bounds.region));
    EXPECT_EQ(accuracy.samples, 300) << where;
    expect_within(accuracy.T, bounds.T, where + " T");
    expect_within(accuracy.rho, bounds.rho, where + " rho");
    expect_within(accuracy.s, bounds.s, where + " s");
    expect_within(accuracy.cp, bounds.cp, where + " cp");
    expect_within(accuracy.drho_dh, bounds.drho_dh, where + " drho/dh");
    expect_within(accuracy.drho_dp, bounds.drho_dp, where + " drho/dp");
    expect_within(accuracy.h_pT, bounds.h_pT, where + " h(p,T)");
    expect_within(accuracy.rho_pT, bounds.rho_pT, where + " rho(p,T)");
  }
}

INSTANTIATE_TEST_SUITE_P(AllFluids, TableAccuracy, ::testing::ValuesIn(kFluids));

TEST(RefrigerantTable, SaturationLineIsAGridLine) {
  const RefrigerantTable& table = RefrigerantTable::get("R134a");
  const Refrigerant& fluid = table.fluid();
  for (double p : {1e5, 4.3e5, 1.2e6, 2.9e6, 3.9e6}) {
    const SaturationState sat = fluid.saturation_at_p(p);
    // The table's saturation curves match the EOS (Q at the EOS saturated states ~ 0 and 1) ...
    TableState liquid, vapor;
    ASSERT_EQ(table.at_p_h(p, sat.liquid.h, liquid), TableStatus::Ok);
    ASSERT_EQ(table.at_p_h(p, sat.vapor.h, vapor), TableStatus::Ok);
    EXPECT_NEAR(liquid.Q, 0.0, 1e-5);
    EXPECT_NEAR(vapor.Q, 1.0, 1e-5);
    EXPECT_NEAR(table.saturation_temperature(p), sat.T, 1e-6 * sat.T);
    EXPECT_NEAR(table.saturated_liquid_enthalpy(p), sat.liquid.h, 1e-5 * (sat.vapor.h - sat.liquid.h));
    EXPECT_NEAR(table.saturated_vapor_enthalpy(p), sat.vapor.h, 1e-5 * (sat.vapor.h - sat.liquid.h));
    // ... and the single-phase sheets meet the two-phase mixture continuously at the table's own
    // saturation line (a grid line of both sheets).
    const double h_liq = table.saturated_liquid_enthalpy(p), h_vap = table.saturated_vapor_enthalpy(p);
    const double dh = 1e-9 * (h_vap - h_liq);
    TableState liquid_side, liquid_mix, vapor_side, vapor_mix;
    table.at_p_h(p, h_liq - dh, liquid_side);
    table.at_p_h(p, h_liq + dh, liquid_mix);
    table.at_p_h(p, h_vap + dh, vapor_side);
    table.at_p_h(p, h_vap - dh, vapor_mix);
    EXPECT_EQ(liquid_side.region, TableRegion::Liquid);
    EXPECT_EQ(liquid_mix.region, TableRegion::TwoPhase);
    EXPECT_EQ(vapor_side.region, TableRegion::Vapor);
    EXPECT_EQ(vapor_mix.region, TableRegion::TwoPhase);
    EXPECT_TRUE(std::isnan(liquid_mix.cp));
    EXPECT_NEAR(liquid_side.T / liquid_mix.T, 1.0, 1e-6) << p;
    EXPECT_NEAR(vapor_side.T / vapor_mix.T, 1.0, 1e-6) << p;
    EXPECT_NEAR(liquid_side.rho / liquid_mix.rho, 1.0, 1e-5) << p;
    EXPECT_NEAR(vapor_side.rho / vapor_mix.rho, 1.0, 1e-5) << p;
    EXPECT_NEAR(liquid_side.s / liquid_mix.s, 1.0, 1e-6) << p;
    // Two-phase interior follows the lever rule on the EOS saturation states.
    const ThermoState mid = fluid.at_p_Q(p, 0.37);
    TableState two_phase;
    table.at_p_h(p, mid.h, two_phase);
    EXPECT_NEAR(two_phase.Q, 0.37, 1e-6);
    EXPECT_NEAR(two_phase.rho / mid.rho, 1.0, 1e-4);
  }
}

TEST(RefrigerantTable, TranscriticalR744IsContinuousAcrossTheCriticalPressure) {
  const RefrigerantTable& table = RefrigerantTable::get("R744");
  const double p_c = table.critical_pressure();
  // A gas-cooler isobar crosses p_c; below p_c the regions are liquid / two-phase / vapour, above
  // it supercritical (Q = NaN). Properties are continuous in p at fixed h away from the critical
  // point (h far from h_c = 332 kJ/kg) and bounded near it.
  for (double h : {200e3, 250e3, 420e3, 480e3}) {
    TableState below, above;
    ASSERT_EQ(table.at_p_h(p_c * (1 - 1e-9), h, below), TableStatus::Ok);
    ASSERT_EQ(table.at_p_h(p_c * (1 + 1e-9), h, above), TableStatus::Ok);
    EXPECT_NEAR(above.T / below.T, 1.0, 1e-6) << h;
    EXPECT_NEAR(above.rho / below.rho, 1.0, 1e-5) << h;
    EXPECT_TRUE(std::isnan(above.Q));
    EXPECT_FALSE(std::isnan(below.Q));
    EXPECT_TRUE(above.region == TableRegion::SupercriticalLow || above.region == TableRegion::SupercriticalHigh);
  }
  // Transcritical gas cooler at 90 bar, h = 300 kJ/kg: close to the EOS (liquid-like side).
  const ThermoState reference = table.fluid().at_T_p(table.at_p_h(90e5, 300e3).T, 90e5);
  EXPECT_NEAR(reference.h / 300e3, 1.0, 2e-5);
  EXPECT_EQ(table.at_p_h(90e5, 300e3).region, TableRegion::SupercriticalLow);
  // The pseudo-critical split: at 90 bar cp peaks near 38.6 degC (Span-Wagner); the table's cp
  // must peak within 0.5 K of the EOS peak on a 0.1 K scan.
  double best_T = 0, best_cp = 0, eos_best_T = 0, eos_best_cp = 0;
  for (double T = 300.0; T < 325.0; T += 0.1) {
    const TableState state = table.at_p_T(90e5, T);
    if (state.cp > best_cp) best_cp = state.cp, best_T = T;
    const double eos_cp = table.fluid().at_T_p(T, 90e5).cp;
    if (eos_cp > eos_best_cp) eos_best_cp = eos_cp, eos_best_T = T;
  }
  EXPECT_NEAR(best_T, eos_best_T, 0.5);
  EXPECT_NEAR(best_cp / eos_best_cp, 1.0, 0.05);
}

TEST(RefrigerantTable, PressureTemperatureAndPressureEnthalpyTablesAgree) {
  const RefrigerantTable& table = RefrigerantTable::get("R1234yf");
  for (double p : {1e5, 8e5, 2.5e6, 4e6, 5e6}) {
    for (double T : {235.0, 280.0, 320.0, 360.0, 400.0}) {
      TableState by_T;
      if (table.at_p_T(p, T, by_T) != TableStatus::Ok) continue;
      const TableState by_h = table.at_p_h(p, by_T.h);
      EXPECT_NEAR(by_h.T, T, 2e-4 * T) << p << " " << T;
      EXPECT_NEAR(by_h.rho / by_T.rho, 1.0, 5e-4) << p << " " << T;
    }
  }
}

TEST(RefrigerantTable, DeterministicAndThreadSafe) {
  // Same options, different generation thread counts: bit-identical lookups.
  TableOptions one_thread, two_threads;
  one_thread.subcritical_rows = two_threads.subcritical_rows = 20;
  one_thread.near_critical_rows = two_threads.near_critical_rows = 12;
  one_thread.supercritical_rows = two_threads.supercritical_rows = 12;
  one_thread.nodes_per_region = two_threads.nodes_per_region = 10;
  one_thread.nodes_per_region_pT = two_threads.nodes_per_region_pT = 10;
  one_thread.threads = 1;
  two_threads.threads = 2;
  const Refrigerant& fluid = Refrigerant::get("R290");
  const RefrigerantTable a(fluid, one_thread), b(fluid, two_threads);
  std::vector<std::pair<double, double>> queries;
  for (int i = 0; i < 40; ++i) {
    for (int j = 0; j < 40; ++j) {
      queries.emplace_back(a.p_min() * std::pow(a.p_max() / a.p_min(), i / 39.0), 100e3 + j * 17e3);
    }
  }
  std::vector<TableState> expected(queries.size());
  std::vector<TableStatus> expected_status(queries.size());
  for (std::size_t n = 0; n < queries.size(); ++n) {
    expected_status[n] = a.at_p_h(queries[n].first, queries[n].second, expected[n]);
    TableState other;
    ASSERT_EQ(b.at_p_h(queries[n].first, queries[n].second, other), expected_status[n]);
    if (expected_status[n] == TableStatus::Ok) {
      EXPECT_EQ(other.T, expected[n].T);
      EXPECT_EQ(other.rho, expected[n].rho);
    }
  }
  // Many threads on one table: identical results.
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 5; ++repeat) {
        for (std::size_t n = 0; n < queries.size(); ++n) {
          TableState state;
          const TableStatus status = a.at_p_h(queries[n].first, queries[n].second, state);
          if (status != expected_status[n] ||
              (status == TableStatus::Ok && (state.T != expected[n].T || state.rho != expected[n].rho ||
                                             state.drho_dp_h != expected[n].drho_dp_h))) {
            ++mismatches[t];
          }
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(RefrigerantTable, GetBuildsOnceAcrossThreads) {
  std::vector<const RefrigerantTable*> seen(6, nullptr);
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) threads.emplace_back([&, t] { seen[t] = &RefrigerantTable::get(t % 2 ? "co2" : "R744"); });
  for (auto& thread : threads) thread.join();
  for (int t = 1; t < 6; ++t) EXPECT_EQ(seen[t], seen[0]);
  EXPECT_THROW(RefrigerantTable::get("R22"), FluidError);
}

TEST(RefrigerantTable, ErrorPathsAndStatusCodes) {
  const RefrigerantTable& table = RefrigerantTable::get("R744");
  TableState untouched;
  untouched.T = -1.0;
  EXPECT_EQ(table.at_p_h(std::nan(""), 300e3, untouched), TableStatus::NotFinite);
  EXPECT_EQ(table.at_p_h(50e5, INFINITY, untouched), TableStatus::NotFinite);
  EXPECT_EQ(table.at_p_h(0.5 * table.p_min(), 300e3, untouched), TableStatus::PressureBelowRange);
  EXPECT_EQ(table.at_p_h(1.01 * table.p_max(), 300e3, untouched), TableStatus::PressureAboveRange);
  EXPECT_EQ(table.at_p_h(50e5, -1e6, untouched), TableStatus::BelowRange);
  EXPECT_EQ(table.at_p_h(50e5, 5e6, untouched), TableStatus::AboveRange);
  EXPECT_EQ(table.at_p_T(50e5, table.T_min() - 1.0, untouched), TableStatus::BelowRange);
  EXPECT_EQ(table.at_p_T(50e5, table.T_max() + 1.0, untouched), TableStatus::AboveRange);
  EXPECT_EQ(untouched.T, -1.0);  // left unchanged on failure
  // Exactly on the range limits is accepted.
  EXPECT_EQ(table.at_p_T(table.p_min(), table.T_min(), untouched), TableStatus::Ok);
  EXPECT_EQ(table.at_p_T(table.p_max(), table.T_max(), untouched), TableStatus::Ok);
  try {
    table.at_p_h(200e5, 300e3);
    FAIL() << "no exception";
  } catch (const FluidError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("R744"), std::string::npos) << message;
    EXPECT_NE(message.find("pressure above"), std::string::npos) << message;
    EXPECT_NE(message.find("covers"), std::string::npos) << message;
  }
  EXPECT_THROW(table.at_p_T(50e5, 100.0), FluidError);
  EXPECT_THROW(table.saturation_temperature(1.1 * table.critical_pressure()), FluidError);
  EXPECT_EQ(to_string(TableStatus::BelowRange), "below T_min of the table");
  // Invalid options.
  const Refrigerant& fluid = Refrigerant::get("R744");
  TableOptions bad;
  bad.nodes_per_region = 3;
  EXPECT_THROW(RefrigerantTable(fluid, bad), FluidError);
  TableOptions cold;
  cold.T_max = 290.0;  // below T_c: no supercritical range
  EXPECT_THROW(RefrigerantTable(fluid, cold), FluidError);
  TableOptions low_pressure;
  low_pressure.p_min = 1e5;  // below p_sat(T_min): no liquid at T_min
  EXPECT_THROW(RefrigerantTable(fluid, low_pressure), FluidError);
}

}  // namespace
}  // namespace etsim::fluid
