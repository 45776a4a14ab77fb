// (p, h) -> (T, rho) lookups on R1234yf, single phase and two phase, three ways on the same points:
//   BM_TableTRho_*  RefrigerantTable::T_rho_at_p_h (saturation-aligned bicubic Hermite, T and rho only)
//   BM_Table_*  RefrigerantTable::at_p_h (all outputs: T, rho, s, cp, Q, d rho/dp, d rho/dh)
//   BM_Plain_*  a plain bicubic (Catmull-Rom) lookup on a uniform 200 x 200 (p, h) grid, written
//               here as the reference for "how fast can a table lookup be"
//   BM_Eos_*    the Helmholtz-EOS flash Refrigerant::at_p_h
// Each iteration evaluates the same 1024 points; items/s is lookups per second.
// Targets: Table/Plain <= 3 (single phase), <= 10 (two phase).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "models/fluid/tables/refrigerant_table.h"

namespace {

using etsim::fluid::Refrigerant;
using etsim::fluid::RefrigerantTable;
using etsim::fluid::TableState;
using etsim::fluid::TableStatus;

constexpr const char* kFluid = "R1234yf";

// Plain uniform-grid bicubic table of T and rho over [p0, p1] x [h0, h1] (values from the EOS via
// the fast table, which is accurate to < 1e-4 here; only the lookup cost matters in this bench).
class PlainBicubic {
 public:
  PlainBicubic(const RefrigerantTable& table, double p0, double p1, double h0, double h1, int n)
      : p0_(p0), h0_(h0), dp_((p1 - p0) / (n - 1)), dh_((h1 - h0) / (n - 1)), n_(n), T_(n * n), rho_(n * n) {
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        // The table's domain is T_min <= T <= T_max, curved in (p, h): clamp corner nodes into it.
        const double p = p0 + i * dp_;
        const double h = std::clamp(h0 + j * dh_, table.at_p_T(p, table.T_min()).h, table.at_p_T(p, table.T_max()).h);
        const TableState state = table.at_p_h(p, h);
        T_[i * n + j] = state.T;
        rho_[i * n + j] = state.rho;
      }
    }
  }
  void lookup(double p, double h, double& T, double& rho) const {
    const double x = (p - p0_) / dp_, y = (h - h0_) / dh_;
    const int i = std::min(std::max(static_cast<int>(x), 1), n_ - 3);
    const int j = std::min(std::max(static_cast<int>(y), 1), n_ - 3);
    double wx[4], wy[4];
    catmull_rom(x - i, wx);
    catmull_rom(y - j, wy);
    T = 0.0;
    rho = 0.0;
    for (int a = 0; a < 4; ++a) {
      const int row = (i - 1 + a) * n_ + (j - 1);
      double T_row = 0.0, rho_row = 0.0;
      for (int b = 0; b < 4; ++b) {
        T_row += wy[b] * T_[row + b];
        rho_row += wy[b] * rho_[row + b];
      }
      T += wx[a] * T_row;
      rho += wx[a] * rho_row;
    }
  }

 private:
  static void catmull_rom(double t, double* w) {
    const double t2 = t * t, t3 = t2 * t;
    w[0] = 0.5 * (-t3 + 2 * t2 - t);
    w[1] = 0.5 * (3 * t3 - 5 * t2 + 2);
    w[2] = 0.5 * (-3 * t3 + 4 * t2 + t);
    w[3] = 0.5 * (t3 - t2);
  }
  double p0_, h0_, dp_, dh_;
  int n_;
  std::vector<double> T_, rho_;
};

struct Setup {
  const RefrigerantTable& table = RefrigerantTable::get(kFluid);
  const Refrigerant& fluid = table.fluid();
  double p0 = table.p_min() * 1.01, p1 = 0.9 * fluid.critical_pressure();
  double h0 = fluid.at_T_p(table.T_min() + 1.0, p1).h, h1 = fluid.at_T_p(table.T_max() - 1.0, p0).h;
  PlainBicubic plain{table, p0, p1, h0, h1, 200};
  std::vector<double> single_p, single_h, two_p, two_h;
  Setup() {
    // Deterministic points: vapour and liquid single phase, and two phase, spread over the range.
    for (int k = 0; k < 1024; ++k) {
      const double a = std::fmod(0.618034 * k, 1.0), b = std::fmod(0.754878 * k + 0.3, 1.0);
      const double p = p0 * std::pow(p1 / p0, 0.05 + 0.9 * a);
      const double T_sat = fluid.saturation_at_p(p).T;
      const double T = (k % 2) ? T_sat + 2.0 + b * (table.T_max() - T_sat - 4.0)
                               : table.T_min() + 2.0 + b * (T_sat - table.T_min() - 4.0);
      single_p.push_back(p);
      single_h.push_back(fluid.at_T_p(T, p).h);
      two_p.push_back(p);
      two_h.push_back(fluid.at_p_Q(p, 0.02 + 0.96 * b).h);
    }
  }
};

const Setup& setup() {
  static const Setup instance;
  return instance;
}

template <int kTwoPhase>
void BM_Table(benchmark::State& state) {
  const Setup& s = setup();
  const auto& ps = kTwoPhase ? s.two_p : s.single_p;
  const auto& hs = kTwoPhase ? s.two_h : s.single_h;
  TableState out;
  for (auto _ : state) {
    for (std::size_t k = 0; k < ps.size(); ++k) {
      const TableStatus status = s.table.at_p_h(ps[k], hs[k], out);
      benchmark::DoNotOptimize(status);
      benchmark::DoNotOptimize(out.T);
      benchmark::DoNotOptimize(out.rho);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ps.size()));
}

template <int kTwoPhase>
void BM_TableTRho(benchmark::State& state) {
  const Setup& s = setup();
  const auto& ps = kTwoPhase ? s.two_p : s.single_p;
  const auto& hs = kTwoPhase ? s.two_h : s.single_h;
  double T = 0, rho = 0;
  for (auto _ : state) {
    for (std::size_t k = 0; k < ps.size(); ++k) {
      const TableStatus status = s.table.T_rho_at_p_h(ps[k], hs[k], T, rho);
      benchmark::DoNotOptimize(status);
      benchmark::DoNotOptimize(T);
      benchmark::DoNotOptimize(rho);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ps.size()));
}

template <int kTwoPhase>
void BM_Plain(benchmark::State& state) {
  const Setup& s = setup();
  const auto& ps = kTwoPhase ? s.two_p : s.single_p;
  const auto& hs = kTwoPhase ? s.two_h : s.single_h;
  double T, rho;
  for (auto _ : state) {
    for (std::size_t k = 0; k < ps.size(); ++k) {
      s.plain.lookup(ps[k], hs[k], T, rho);
      benchmark::DoNotOptimize(T);
      benchmark::DoNotOptimize(rho);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ps.size()));
}

template <int kTwoPhase>
void BM_Eos(benchmark::State& state) {
  const Setup& s = setup();
  const auto& ps = kTwoPhase ? s.two_p : s.single_p;
  const auto& hs = kTwoPhase ? s.two_h : s.single_h;
  for (auto _ : state) {
    for (std::size_t k = 0; k < ps.size(); ++k) {
      const auto result = s.fluid.at_p_h(ps[k], hs[k]);
      benchmark::DoNotOptimize(result.T);
      benchmark::DoNotOptimize(result.rho);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(ps.size()));
}

BENCHMARK_TEMPLATE(BM_Plain, 0)->Name("BM_Plain_SinglePhase");
BENCHMARK_TEMPLATE(BM_TableTRho, 0)->Name("BM_TableTRho_SinglePhase");
BENCHMARK_TEMPLATE(BM_Table, 0)->Name("BM_Table_SinglePhase");
BENCHMARK_TEMPLATE(BM_Eos, 0)->Name("BM_Eos_SinglePhase");
BENCHMARK_TEMPLATE(BM_Plain, 1)->Name("BM_Plain_TwoPhase");
BENCHMARK_TEMPLATE(BM_TableTRho, 1)->Name("BM_TableTRho_TwoPhase");
BENCHMARK_TEMPLATE(BM_Table, 1)->Name("BM_Table_TwoPhase");
BENCHMARK_TEMPLATE(BM_Eos, 1)->Name("BM_Eos_TwoPhase");

}  // namespace

BENCHMARK_MAIN();
