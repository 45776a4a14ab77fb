#pragma once
// Fast refrigerant property tables for simulation and real time, generated from the reference
// equations of state (Refrigerant, models/fluid/refrigerant.h). See docs/models/fluid-properties.md,
// section "Fast tables", for the layout and the measured accuracy.
//
// Layout. Pressure is tabulated on rows uniform in x = ln p, in two bands:
//   subcritical  p_min <= p <= p_c: per row three regions,
//       liquid   [h(T_min, p), h'(p)]   (h' = saturated liquid),
//       two-phase (h'(p), h''(p))       not tabulated: exact mixing of interpolated saturation
//                                        properties, v = (1-Q) v' + Q v'', s = (1-Q) s' + Q s'',
//       vapour   [h''(p), h(T_max, p)];
//   supercritical p_c < p <= p_max: per row a lower region [h(T_min, p), h_pc(p)] and an upper one
//       [h_pc(p), h(T_max, p)], split at the pseudo-critical enthalpy h_pc (maximum of cp on the isobar).
// Each region has its own normalised coordinate f = (h - h_low(p)) / (h_high(p) - h_low(p)) in [0, 1],
// so the saturation line (and the pseudo-critical line) is a grid line, and a quadratic stretching
// xi(f) concentrates nodes near it. All boundaries h_low(p), h_high(p) and the saturation properties
// are cubic Hermite curves in ln p; the region values are bicubic Hermite sheets in (ln p, xi).
// The (p, T) table has the same layout with T instead of h (regions split at T_sat(p) and T_pc(p)).
//
// Cost and safety. Lookups are const, allocate nothing and take no locks (one log, one sqrt, two
// Hermite curve evaluations, one 16-node Hermite patch per output). Tables are built at construction
// (deterministic: the same fluid and options give bit-identical tables); get(name) builds each fluid's
// table once, on first use, under std::call_once, and returns a reference to it.
//
// Out-of-range input: the throwing lookups raise FluidError naming the input and the table range;
// the noexcept lookups used on the real-time path return a TableStatus and leave the result untouched.
//
// Conventions of the outputs (TableState):
//   Q: two-phase: vapour mass fraction in [0, 1]; subcritical single phase: thermodynamic quality
//      (h - h')/(h'' - h'), < 0 subcooled, > 1 superheated; supercritical: NaN (undefined).
//   cp: NaN in two phase (infinite at constant pressure), as Refrigerant::at_p_h.
//   drho_dp_h = (d rho / d p) at constant h, drho_dh_p = (d rho / d h) at constant p: derivatives of
//      the interpolant itself (consistent with rho, as volume models need); two phase: analytic.

#include <cstdint>
#include <string>
#include <string_view>

#include "models/fluid/fluid_error.h"
#include "models/fluid/refrigerant.h"
#include "models/fluid/tables/hermite_grid.h"

namespace etsim::fluid {

enum class TableRegion : std::uint8_t {
  Liquid,             // subcritical, h <= h' (or T <= T_sat)
  TwoPhase,           // subcritical, h' < h < h''
  Vapor,              // subcritical, h >= h'' (or T > T_sat)
  SupercriticalLow,   // p > p_c, h <= h_pc (liquid-like)
  SupercriticalHigh,  // p > p_c, h > h_pc (gas-like)
};
std::string_view to_string(TableRegion region);

enum class TableStatus : std::uint8_t {
  Ok = 0,
  NotFinite,          // an input is NaN or infinite
  PressureBelowRange,
  PressureAboveRange,
  BelowRange,         // enthalpy (or temperature) below h(T_min, p)
  AboveRange,         // enthalpy (or temperature) above h(T_max, p)
};
std::string_view to_string(TableStatus status);

struct TableState {
  double p = 0;          // [Pa]
  double T = 0;          // [K]
  double h = 0;          // [J/kg]
  double rho = 0;        // [kg/m^3]
  double s = 0;          // [J/(kg K)]
  double cp = 0;         // [J/(kg K)], NaN in two phase
  double Q = 0;          // see the conventions above
  double drho_dp_h = 0;  // [kg/(m^3 Pa)]  (at_p_h only; 0 from at_p_T)
  double drho_dh_p = 0;  // [kg^2/(m^3 J)] (at_p_h only; 0 from at_p_T)
  TableRegion region = TableRegion::Liquid;
};

struct TableOptions {
  // Range; 0 selects the default: T_min = max(T_triple, 223.15 K), T_max = min(T_eos_max, 450 K),
  // p_min = p_sat(T_min + 10 K), p_max = min(2 p_c, p_eos_max).
  double T_min = 0;
  double T_max = 0;
  double p_min = 0;
  double p_max = 0;
  // Rows uniform in ln p, per pressure band: [p_min, p_1], [p_1, p_c], [p_c, p_2], [p_2, p_max] with
  // p_1 = 0.85 p_c and p_2 = 1.25 p_c (near-critical bands resolved more finely).
  int subcritical_rows = 60;     // rows from p_min to p_1
  int near_critical_rows = 60;   // rows in each of [p_1, p_c] and [p_c, p_2]
  int supercritical_rows = 40;   // rows from p_2 to p_max
  int nodes_per_region = 24;     // columns of each region sheet of the (p, h) table
  int nodes_per_region_pT = 40;  // columns of the (p, T) table (rho(T) is steeper near T_pc)
  int threads = 0;               // generation threads, 0 = std::thread::hardware_concurrency()
};

class RefrigerantTable {
 public:
  RefrigerantTable(const Refrigerant& fluid, const TableOptions& options = {});

  // Table of a fluid by name (as Refrigerant::get), with default options, built once on first use.
  static const RefrigerantTable& get(std::string_view name);

  const Refrigerant& fluid() const { return *fluid_; }
  double p_min() const { return p_min_; }
  double p_max() const { return p_max_; }
  double T_min() const { return T_min_; }
  double T_max() const { return T_max_; }
  double critical_pressure() const { return p_c_; }
  double generation_seconds() const { return generation_seconds_; }  // wall time of construction
  std::size_t memory_bytes() const;

  // Throwing lookups (FluidError names the input and the valid range).
  TableState at_p_h(double p, double h) const;
  TableState at_p_T(double p, double T) const;
  // Real-time lookups: no exception; on a status other than Ok, `out` is left unchanged.
  TableStatus at_p_h(double p, double h, TableState& out) const noexcept;
  TableStatus at_p_T(double p, double T, TableState& out) const noexcept;

  // Narrow real-time path for the most common query, (p, h) -> (T, rho): same values as at_p_h,
  // without s, cp, Q and the derivatives. On a status other than Ok, T and rho are left unchanged.
  TableStatus T_rho_at_p_h(double p, double h, double& T, double& rho) const noexcept;

  // Saturation from the table's curves (p_min <= p <= p_c): T_sat, h', h''.
  double saturation_temperature(double p) const;
  double saturated_liquid_enthalpy(double p) const;
  double saturated_vapor_enthalpy(double p) const;

 private:
  // One pressure band (subcritical or supercritical) of one table kind.
  struct Band {
    double x0 = 0, dx = 1;   // ln p of row 0, row spacing
    double inverse_dx = 1;
    int rows = 0;
    bool supercritical = false;
    // Curves: 0 lower bound, 1 inner lower boundary (h' / T_sat / h_pc / T_pc),
    // 2 inner upper boundary (h'' / T_sat / h_pc / T_pc), 3 upper bound; for the subcritical p-h band
    // also 4 T_sat, 5 1/rho', 6 1/rho'', 7 s', 8 s''.
    tables::HermiteCurves curves;
    tables::HermiteSheet low;   // liquid / supercritical-low sheet
    tables::HermiteSheet high;  // vapour / supercritical-high sheet
  };
  enum class Kind { PH, PT };

  void build_band(Band& band, Kind kind, double p_low, double p_high, int rows);
  const Band& band_for(Kind kind, double p) const {
    const Band* bands = kind == Kind::PH ? ph_ : pt_;
    return p <= p_c_ ? (p <= p_split_low_ ? bands[0] : bands[1]) : (p <= p_split_high_ ? bands[2] : bands[3]);
  }
  template <Kind kind>
  TableStatus lookup(double p, double y, TableState& out) const noexcept;
  std::string range_message(const char* what, double p, double y, TableStatus status) const;

  const Refrigerant* fluid_;
  TableOptions options_;
  double T_min_ = 0, T_max_ = 0, p_min_ = 0, p_max_ = 0, p_c_ = 0;
  double p_split_low_ = 0, p_split_high_ = 0;  // band limits p_1 < p_c < p_2
  double generation_seconds_ = 0;
  Band ph_[4], pt_[4];  // bands [p_min, p_1], [p_1, p_c], [p_c, p_2], [p_2, p_max]
};

}  // namespace etsim::fluid
