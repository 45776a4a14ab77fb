// Cost of the Helmholtz-EOS (p, h) flash per region (R744 unless the name says otherwise). The fast
// tables (models/fluid/tables) are compared against these numbers.
#include <benchmark/benchmark.h>

#include "models/fluid/refrigerant.h"

namespace {

using etsim::fluid::Refrigerant;

// Cycles through a small set of nearby states so that every call does a full flash.
void run_ph(benchmark::State& state, const char* fluid_name, double p, double h, double dh) {
  const Refrigerant& fluid = Refrigerant::get(fluid_name);
  int i = 0;
  for (auto _ : state) {
    const double h_i = h + dh * static_cast<double>(i % 16) / 16.0;
    benchmark::DoNotOptimize(fluid.at_p_h(p, h_i));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}

// R744: liquid at 40 bar (h < h' = 242 kJ/kg), vapour at 30 bar, two phase at 35 bar, and the
// transcritical gas-cooler region at 100 bar through the pseudo-critical line.
void BM_Eos_ph_Liquid(benchmark::State& s) { run_ph(s, "R744", 40e5, 180e3, 40e3); }
void BM_Eos_ph_Vapor(benchmark::State& s) { run_ph(s, "R744", 30e5, 450e3, 40e3); }
void BM_Eos_ph_TwoPhase(benchmark::State& s) { run_ph(s, "R744", 35e5, 300e3, 100e3); }
void BM_Eos_ph_Supercritical(benchmark::State& s) { run_ph(s, "R744", 100e5, 300e3, 150e3); }
// R1234yf (mobile air conditioning): liquid, vapour and two phase at 5..15 bar.
void BM_Eos_ph_Liquid_R1234yf(benchmark::State& s) { run_ph(s, "R1234yf", 15e5, 220e3, 30e3); }
void BM_Eos_ph_Vapor_R1234yf(benchmark::State& s) { run_ph(s, "R1234yf", 5e5, 380e3, 30e3); }
void BM_Eos_ph_TwoPhase_R1234yf(benchmark::State& s) { run_ph(s, "R1234yf", 5e5, 250e3, 100e3); }
// Direct (T, rho) evaluation for scale: no iteration at all.
void BM_Eos_T_rho_Direct(benchmark::State& state) {
  const Refrigerant& fluid = Refrigerant::get("R744");
  int i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(fluid.at_T_rho(330.0 + (i % 16), 300.0));
    ++i;
  }
}

BENCHMARK(BM_Eos_ph_Liquid);
BENCHMARK(BM_Eos_ph_Vapor);
BENCHMARK(BM_Eos_ph_TwoPhase);
BENCHMARK(BM_Eos_ph_Supercritical);
BENCHMARK(BM_Eos_ph_Liquid_R1234yf);
BENCHMARK(BM_Eos_ph_Vapor_R1234yf);
BENCHMARK(BM_Eos_ph_TwoPhase_R1234yf);
BENCHMARK(BM_Eos_T_rho_Direct);

}  // namespace

BENCHMARK_MAIN();
