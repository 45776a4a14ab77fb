#include "models/fluid/tables/refrigerant_table.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace etsim::fluid {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Node stretching inside a region: f = g(xi) = xi (1 + c (1 - xi)) has slope 1 + c at xi = 0 and
// 1 - c at xi = 1, i.e. nodes 1/(1 - c) = 4 times denser at the boundary xi = 1 than in a uniform
// grid ("toward 1": liquid and supercritical-low regions, whose xi = 1 edge is the saturation or
// pseudo-critical line). The mirrored map clusters at xi = 0 (vapour, supercritical-high).
constexpr double kStretch = 0.75;

double stretch_toward_one(double xi) { return xi * (1.0 + kStretch * (1.0 - xi)); }
double inverse_toward_one(double f) {
  const double b = 1.0 + kStretch;
  return (b - std::sqrt(std::max(0.0, b * b - 4.0 * kStretch * f))) / (2.0 * kStretch);
}
double slope_toward_one(double xi) { return 1.0 + kStretch - 2.0 * kStretch * xi; }  // dg/dxi
double stretch_toward_zero(double xi) { return 1.0 - stretch_toward_one(1.0 - xi); }
double inverse_toward_zero(double f) { return 1.0 - inverse_toward_one(1.0 - f); }
double slope_toward_zero(double xi) { return slope_toward_one(1.0 - xi); }

// Functions stored in every region sheet. Heat capacity is stored as 1/cp: it is finite (zero) at
// the critical point where cp diverges, and smooth around it.
enum SheetFunction { kFirst = 0, kDensity = 1, kEntropy = 2, kInverseCp = 3, kSheetFunctions = 4 };
enum Curve { kLow = 0, kInnerLow = 1, kInnerHigh = 2, kHigh = 3, kTsat = 4, kVliq = 5, kVvap = 6, kSliq = 7, kSvap = 8 };

double inverse_cp(const ThermoState& state) {
  return (std::isfinite(state.cp) && state.cp > 0.0) ? 1.0 / state.cp : 0.0;
}

// Maximum of cp along the isobar p > p_c (pseudo-critical temperature), golden-section search.
double pseudo_critical_temperature(const Refrigerant& fluid, double p, double T_low, double T_high) {
  const double ratio = 0.5 * (std::sqrt(5.0) - 1.0);
  double a = T_low, b = T_high;
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  double fc = fluid.at_T_p(c, p).cp, fd = fluid.at_T_p(d, p).cp;
  while (b - a > 1e-7 * T_low) {
    if (fc > fd) {
      b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = fluid.at_T_p(c, p).cp;
    } else {
      a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = fluid.at_T_p(d, p).cp;
    }
  }
  return 0.5 * (a + b);
}

// Single-phase state at (p, h) with T bracketed in [low.T, high.T] (low.h <= h <= high.h): Newton
// steps on h(T) - h with dh/dT = cp, safeguarded by bisection. Generation uses this rather than
// Refrigerant::at_p_h so that each region's root is taken on the right side of the saturation line.
ThermoState state_at_p_h(const Refrigerant& fluid, double p, double h, ThermoState low, ThermoState high) {
  double T = low.T + (high.T - low.T) * (h - low.h) / (high.h - low.h);
  for (int iteration = 0; iteration < 200; ++iteration) {
    const ThermoState state = fluid.at_T_p(T, p);
    const double error = state.h - h;
    if (std::abs(error) <= 1e-10 * std::abs(h) + 1e-7) return state;
    if (error > 0.0) high = state; else low = state;
    double next = (std::isfinite(state.cp) && state.cp > 0.0) ? T - error / state.cp : kNaN;
    if (!(next > low.T && next < high.T)) {
      // Secant on the bracket, or bisection when that stalls.
      next = low.T + (high.T - low.T) * (h - low.h) / (high.h - low.h);
      if (!(next > low.T && next < high.T) || iteration % 3 == 2) next = 0.5 * (low.T + high.T);
    }
    if (high.T - low.T < 1e-12 * T) return state;
    T = next;
  }
  throw FluidError(std::string(fluid.name()) + " table generation: no convergence of T at p = " +
                   std::to_string(p) + " Pa, h = " + std::to_string(h) + " J/kg");
}

// Runs body(i) for i in [0, count) on `threads` threads; rethrows the first exception.
template <class Body>
void parallel_for(int count, int threads, const Body& body) {
  threads = std::max(1, std::min(threads, count));
  std::atomic<int> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&]() {
    for (int i = next++; i < count; i = next++) {
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::string_view to_string(TableRegion region) {
  switch (region) {
    case TableRegion::Liquid: return "liquid";
    case TableRegion::TwoPhase: return "two-phase";
    case TableRegion::Vapor: return "vapor";
    case TableRegion::SupercriticalLow: return "supercritical (liquid-like)";
    case TableRegion::SupercriticalHigh: return "supercritical (gas-like)";
  }
  return "unknown";
}

std::string_view to_string(TableStatus status) {
  switch (status) {
    case TableStatus::Ok: return "ok";
    case TableStatus::NotFinite: return "input not finite";
    case TableStatus::PressureBelowRange: return "pressure below the table range";
    case TableStatus::PressureAboveRange: return "pressure above the table range";
    case TableStatus::BelowRange: return "below T_min of the table";
    case TableStatus::AboveRange: return "above T_max of the table";
  }
  return "unknown";
}

RefrigerantTable::RefrigerantTable(const Refrigerant& fluid, const TableOptions& options)
    : fluid_(&fluid), options_(options) {
  const auto start = std::chrono::steady_clock::now();
  p_c_ = fluid.critical_pressure();
  T_min_ = options.T_min > 0 ? options.T_min : std::max(fluid.triple_temperature(), 223.15);
  T_max_ = options.T_max > 0 ? options.T_max : std::min(fluid.max_temperature(), 450.0);
  p_min_ = options.p_min > 0 ? options.p_min : fluid.saturation_at_T(T_min_ + 10.0).p;
  p_max_ = options.p_max > 0 ? options.p_max : std::min(2.0 * p_c_, fluid.max_pressure());
  const std::string context = std::string(fluid.name()) + " table: ";
  if (!(T_min_ >= fluid.triple_temperature() && T_max_ <= fluid.max_temperature() && T_min_ < T_max_)) {
    throw FluidError(context + "temperature range must lie inside the EOS range [" +
                     std::to_string(fluid.triple_temperature()) + ", " + std::to_string(fluid.max_temperature()) + "] K");
  }
  if (T_max_ <= fluid.critical_temperature()) {
    throw FluidError(context + "T_max must exceed the critical temperature " + std::to_string(fluid.critical_temperature()) + " K");
  }
  if (!(p_min_ > fluid.saturation_at_T(T_min_).p && p_min_ < p_c_ && p_max_ > p_c_ && p_max_ <= fluid.max_pressure())) {
    throw FluidError(context + "pressure range must satisfy p_sat(T_min) < p_min < p_c < p_max <= p_max(EOS)");
  }
  if (options.subcritical_rows < 5 || options.near_critical_rows < 5 || options.supercritical_rows < 5 ||
      options.nodes_per_region < 5 || options.nodes_per_region_pT < 5) {
    throw FluidError(context + "rows and nodes per region must be at least 5");
  }
  // Near-critical bands; for narrow user ranges the split falls back to the geometric mean.
  p_split_low_ = std::max(0.85 * p_c_, std::sqrt(p_min_ * p_c_));
  p_split_high_ = std::min(1.25 * p_c_, std::sqrt(p_max_ * p_c_));
  const double edges[5] = {p_min_, p_split_low_, p_c_, p_split_high_, p_max_};
  const int rows[4] = {options.subcritical_rows, options.near_critical_rows, options.near_critical_rows,
                       options.supercritical_rows};
  for (int b = 0; b < 4; ++b) {
    build_band(ph_[b], Kind::PH, edges[b], edges[b + 1], rows[b]);
    build_band(pt_[b], Kind::PT, edges[b], edges[b + 1], rows[b]);
  }
  generation_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void RefrigerantTable::build_band(Band& band, Kind kind, double p_low, double p_high, int rows) {
  const Refrigerant& fluid = *fluid_;
  const bool supercritical = p_low >= p_c_;
  band.supercritical = supercritical;
  const int columns = kind == Kind::PH ? options_.nodes_per_region : options_.nodes_per_region_pT;
  const int curve_count = (kind == Kind::PH && !supercritical) ? 9 : 4;
  band.rows = rows;
  band.x0 = std::log(p_low);
  band.dx = (std::log(p_high) - band.x0) / (rows - 1);
  band.inverse_dx = 1.0 / band.dx;
  std::vector<double> curves(static_cast<std::size_t>(rows) * curve_count);
  std::vector<double> low(static_cast<std::size_t>(rows) * columns * kSheetFunctions);
  std::vector<double> high(low.size());
  const ThermoState critical = fluid.at_T_rho(fluid.critical_temperature(), fluid.critical_density());

  auto store = [&](std::vector<double>& sheet, int i, int j, const ThermoState& state) {
    double* node = &sheet[(static_cast<std::size_t>(i) * columns + j) * kSheetFunctions];
    node[kFirst] = kind == Kind::PH ? state.T : state.h;
    node[kDensity] = state.rho;
    node[kEntropy] = state.s;
    node[kInverseCp] = inverse_cp(state);
  };

  auto build_row = [&](int i) {
    // Exact end pressures (no exp/log round-off at p_min, p_c, p_max).
    const double p = i == 0 ? p_low : (i == rows - 1 ? p_high : std::exp(band.x0 + i * band.dx));
    const bool at_critical = p == p_c_;
    const ThermoState cold = fluid.at_T_p(T_min_, p);
    const ThermoState hot = fluid.at_T_p(T_max_, p);
    ThermoState inner_low, inner_high;  // region boundary states (saturated liquid / vapour, or pc)
    double* curve = &curves[static_cast<std::size_t>(i) * curve_count];
    if (at_critical) {
      inner_low = inner_high = critical;
    } else if (!supercritical) {
      const SaturationState sat = fluid.saturation_at_p(p);
      inner_low = sat.liquid;
      inner_high = sat.vapor;
    } else {
      const double T_pc = pseudo_critical_temperature(fluid, p, fluid.critical_temperature(), T_max_);
      inner_low = inner_high = fluid.at_T_p(T_pc, p);
    }
    if (kind == Kind::PH) {
      curve[kLow] = cold.h;
      curve[kInnerLow] = inner_low.h;
      curve[kInnerHigh] = inner_high.h;
      curve[kHigh] = hot.h;
      if (!supercritical) {
        curve[kTsat] = inner_low.T;
        curve[kVliq] = 1.0 / inner_low.rho;
        curve[kVvap] = 1.0 / inner_high.rho;
        curve[kSliq] = inner_low.s;
        curve[kSvap] = inner_high.s;
      }
    } else {
      curve[kLow] = T_min_;
      curve[kInnerLow] = inner_low.T;
      curve[kInnerHigh] = inner_high.T;
      curve[kHigh] = T_max_;
    }
    const double y_low = curve[kLow], y_inner_low = curve[kInnerLow];
    const double y_inner_high = curve[kInnerHigh], y_high = curve[kHigh];
    for (int j = 0; j < columns; ++j) {
      const double xi = static_cast<double>(j) / (columns - 1);
      // Lower region: j = 0 is T_min, j = columns-1 the boundary state (exact, no flash).
      if (j == 0) {
        store(low, i, j, cold);
      } else if (j == columns - 1) {
        store(low, i, j, inner_low);
      } else {
        const double y = y_low + stretch_toward_one(xi) * (y_inner_low - y_low);
        store(low, i, j, kind == Kind::PH ? state_at_p_h(fluid, p, y, cold, inner_low) : fluid.at_T_p(y, p));
      }
      if (j == 0) {
        store(high, i, j, inner_high);
      } else if (j == columns - 1) {
        store(high, i, j, hot);
      } else {
        const double y = y_inner_high + stretch_toward_zero(xi) * (y_high - y_inner_high);
        store(high, i, j, kind == Kind::PH ? state_at_p_h(fluid, p, y, inner_high, hot) : fluid.at_T_p(y, p));
      }
    }
  };
  const int threads = options_.threads > 0 ? options_.threads
                                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  parallel_for(rows, threads, build_row);
  band.curves = tables::HermiteCurves(rows, curve_count, curves);
  band.low = tables::HermiteSheet(rows, columns, kSheetFunctions, low);
  band.high = tables::HermiteSheet(rows, columns, kSheetFunctions, high);
}

std::size_t RefrigerantTable::memory_bytes() const {
  std::size_t total = sizeof(*this);
  for (int b = 0; b < 4; ++b) {
    for (const Band* band : {&ph_[b], &pt_[b]}) total += band->curves.bytes() + band->low.bytes() + band->high.bytes();
  }
  return total;
}

template <RefrigerantTable::Kind kind>
TableStatus RefrigerantTable::lookup(double p, double y, TableState& out) const noexcept {
  if (!std::isfinite(p) || !std::isfinite(y)) return TableStatus::NotFinite;
  if (p < p_min_) return TableStatus::PressureBelowRange;
  if (p > p_max_) return TableStatus::PressureAboveRange;
  const Band& band = band_for(kind, p);
  const bool supercritical = band.supercritical;
  const double x = std::log(p);
  const double row_position = (x - band.x0) / band.dx;
  const int i = std::clamp(static_cast<int>(row_position), 0, band.rows - 2);
  const double u = std::clamp(row_position - i, 0.0, 1.0);
  const tables::HermiteBasis bu(u);
  const tables::HermiteCurves& curves = band.curves;
  const double y_low = curves.value(kLow, i, bu);
  const double y_inner_low = curves.value(kInnerLow, i, bu);
  const double y_inner_high = curves.value(kInnerHigh, i, bu);
  const double y_high = curves.value(kHigh, i, bu);
  // Tolerance of a few ulps of the range so that inputs exactly at T_min / T_max are accepted.
  const double tolerance = 1e-12 * (std::abs(y_high) + std::abs(y_low));
  if (y < y_low - tolerance) return TableStatus::BelowRange;
  if (y > y_high + tolerance) return TableStatus::AboveRange;

  TableState state;
  state.p = p;
  const double saturation_width = y_inner_high - y_inner_low;
  if (kind == Kind::PH && !supercritical && y > y_inner_low && y < y_inner_high) {
    // Two phase: exact lever rule on the interpolated saturation properties.
    const double Q = (y - y_inner_low) / saturation_width;
    const double v_liq = curves.value(kVliq, i, bu), v_vap = curves.value(kVvap, i, bu);
    const double v = v_liq + Q * (v_vap - v_liq);
    state.T = curves.value(kTsat, i, bu);
    state.h = y;
    state.rho = 1.0 / v;
    const double s_liq = curves.value(kSliq, i, bu);
    state.s = s_liq + Q * (curves.value(kSvap, i, bu) - s_liq);
    state.cp = std::numeric_limits<double>::quiet_NaN();
    state.Q = Q;
    state.region = TableRegion::TwoPhase;
    const double rho2 = state.rho * state.rho;
    state.drho_dh_p = -rho2 * (v_vap - v_liq) / saturation_width;
    const double inv_dx = 1.0 / band.dx;
    const double dh_liq = curves.slope(kInnerLow, i, bu) * inv_dx, dh_vap = curves.slope(kInnerHigh, i, bu) * inv_dx;
    const double dv_liq = curves.slope(kVliq, i, bu) * inv_dx, dv_vap = curves.slope(kVvap, i, bu) * inv_dx;
    const double dQ_dx = -(dh_liq + Q * (dh_vap - dh_liq)) / saturation_width;
    const double dv_dx = dv_liq + Q * (dv_vap - dv_liq) + (v_vap - v_liq) * dQ_dx;
    state.drho_dp_h = -rho2 * dv_dx / p;
    out = state;
    return TableStatus::Ok;
  }

  const bool lower = y <= y_inner_low;
  const tables::HermiteSheet& sheet = lower ? band.low : band.high;
  const double a = lower ? y_low : y_inner_high;
  const double b = lower ? y_inner_low : y_high;
  const double width = b - a;
  const double f = std::clamp(width > 0.0 ? (y - a) / width : 0.0, 0.0, 1.0);
  const double xi = lower ? inverse_toward_one(f) : inverse_toward_zero(f);
  const int columns = sheet.columns();
  const double column_position = xi * (columns - 1);
  const int j = std::clamp(static_cast<int>(column_position), 0, columns - 2);
  const tables::HermiteBasis bv(std::clamp(column_position - j, 0.0, 1.0));

  double rho, drho_du, drho_dv;
  sheet.value_and_slopes(kDensity, i, j, bu, bv, rho, drho_du, drho_dv);
  const double first = sheet.value(kFirst, i, j, bu, bv);
  state.rho = rho;
  state.s = sheet.value(kEntropy, i, j, bu, bv);
  const double inv_cp = sheet.value(kInverseCp, i, j, bu, bv);
  state.cp = inv_cp > 0.0 ? 1.0 / inv_cp : std::numeric_limits<double>::infinity();
  if (supercritical) {
    state.region = lower ? TableRegion::SupercriticalLow : TableRegion::SupercriticalHigh;
    state.Q = kNaN;
  } else {
    state.region = lower ? TableRegion::Liquid : TableRegion::Vapor;
    state.Q = saturation_width > 0.0 && kind == Kind::PH ? (y - y_inner_low) / saturation_width : kNaN;
  }
  if (kind == Kind::PH) {
    state.T = first;
    state.h = y;
    // Chain rule through xi(f(h, x)): see the header comment of this file's docs section.
    const double dxi_df = 1.0 / (lower ? slope_toward_one(xi) : slope_toward_zero(xi));
    const double drho_dxi = drho_dv * (columns - 1);
    const double inv_dx = 1.0 / band.dx;
    const double da_dx = curves.slope(lower ? kLow : kInnerHigh, i, bu) * inv_dx;
    const double db_dx = curves.slope(lower ? kInnerLow : kHigh, i, bu) * inv_dx;
    const double df_dx = width > 0.0 ? -(da_dx + f * (db_dx - da_dx)) / width : 0.0;
    state.drho_dh_p = width > 0.0 ? drho_dxi * dxi_df / width : 0.0;
    state.drho_dp_h = (drho_du * inv_dx + drho_dxi * dxi_df * df_dx) / p;
  } else {
    state.T = y;
    state.h = first;
    // Thermodynamic quality from the p-h saturation curves of the same pressure.
    if (!supercritical) {
      const Band& ph_band = band_for(Kind::PH, p);  // same rows as the p-T band
      const double h_liq = ph_band.curves.value(kInnerLow, i, bu);
      const double h_vap = ph_band.curves.value(kInnerHigh, i, bu);
      state.Q = h_vap > h_liq ? (first - h_liq) / (h_vap - h_liq) : kNaN;
    }
  }
  out = state;
  return TableStatus::Ok;
}

TableStatus RefrigerantTable::T_rho_at_p_h(double p, double h, double& T, double& rho) const noexcept {
  if (!std::isfinite(p) || !std::isfinite(h)) return TableStatus::NotFinite;
  if (p < p_min_) return TableStatus::PressureBelowRange;
  if (p > p_max_) return TableStatus::PressureAboveRange;
  const Band& band = band_for(Kind::PH, p);
  const double row_position = (std::log(p) - band.x0) * band.inverse_dx;
  const int i = std::clamp(static_cast<int>(row_position), 0, band.rows - 2);
  const tables::HermiteBasis bu(std::clamp(row_position - i, 0.0, 1.0));
  const tables::HermiteCurves& curves = band.curves;
  const double h_low = curves.value(kLow, i, bu);
  const double h_high = curves.value(kHigh, i, bu);
  const double tolerance = 1e-12 * (std::abs(h_high) + std::abs(h_low));
  if (h < h_low - tolerance) return TableStatus::BelowRange;
  if (h > h_high + tolerance) return TableStatus::AboveRange;
  const double h_inner_low = curves.value(kInnerLow, i, bu);
  const double h_inner_high = curves.value(kInnerHigh, i, bu);
  if (!band.supercritical && h > h_inner_low && h < h_inner_high) {
    const double Q = (h - h_inner_low) / (h_inner_high - h_inner_low);
    const double v_liq = curves.value(kVliq, i, bu);
    T = curves.value(kTsat, i, bu);
    rho = 1.0 / (v_liq + Q * (curves.value(kVvap, i, bu) - v_liq));
    return TableStatus::Ok;
  }
  const bool lower = h <= h_inner_low;
  const tables::HermiteSheet& sheet = lower ? band.low : band.high;
  const double a = lower ? h_low : h_inner_high;
  const double width = (lower ? h_inner_low : h_high) - a;
  const double f = std::clamp(width > 0.0 ? (h - a) / width : 0.0, 0.0, 1.0);
  const double column_position = (lower ? inverse_toward_one(f) : inverse_toward_zero(f)) * (sheet.columns() - 1);
  const int j = std::clamp(static_cast<int>(column_position), 0, sheet.columns() - 2);
  const tables::HermiteBasis bv(std::clamp(column_position - j, 0.0, 1.0));
  sheet.two_values(kFirst, kDensity, i, j, bu, bv, T, rho);
  return TableStatus::Ok;
}

TableStatus RefrigerantTable::at_p_h(double p, double h, TableState& out) const noexcept {
  return lookup<Kind::PH>(p, h, out);
}

TableStatus RefrigerantTable::at_p_T(double p, double T, TableState& out) const noexcept {
  return lookup<Kind::PT>(p, T, out);
}

std::string RefrigerantTable::range_message(const char* what, double p, double y, TableStatus status) const {
  char buffer[400];
  std::snprintf(buffer, sizeof buffer,
                "%.*s table: (p = %g Pa, %s = %g) rejected: %.*s; the table covers %g <= p <= %g Pa and "
                "%g <= T <= %g K",
                static_cast<int>(fluid_->name().size()), fluid_->name().data(), p, what, y,
                static_cast<int>(to_string(status).size()), to_string(status).data(), p_min_, p_max_, T_min_, T_max_);
  return buffer;
}

TableState RefrigerantTable::at_p_h(double p, double h) const {
  TableState state;
  const TableStatus status = at_p_h(p, h, state);
  if (status != TableStatus::Ok) throw FluidError(range_message("h [J/kg]", p, h, status));
  return state;
}

TableState RefrigerantTable::at_p_T(double p, double T) const {
  TableState state;
  const TableStatus status = at_p_T(p, T, state);
  if (status != TableStatus::Ok) throw FluidError(range_message("T [K]", p, T, status));
  return state;
}

namespace {
void check_saturation_pressure(const RefrigerantTable& table, double p, const char* what) {
  if (!(p >= table.p_min() && p <= table.critical_pressure())) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer, "%.*s table: %s at p = %g Pa needs p_min = %g <= p <= p_c = %g Pa",
                  static_cast<int>(table.fluid().name().size()), table.fluid().name().data(), what, p,
                  table.p_min(), table.critical_pressure());
    throw FluidError(buffer);
  }
}
}  // namespace

namespace {
double evaluate_curve(const tables::HermiteCurves& curves, int curve, double x0, double dx, int rows, double p) {
  const double row_position = (std::log(p) - x0) / dx;
  const int i = std::clamp(static_cast<int>(row_position), 0, rows - 2);
  return curves.value(curve, i, tables::HermiteBasis(std::clamp(row_position - i, 0.0, 1.0)));
}
}  // namespace

double RefrigerantTable::saturation_temperature(double p) const {
  check_saturation_pressure(*this, p, "saturation temperature");
  const Band& band = band_for(Kind::PT, p);
  return evaluate_curve(band.curves, kInnerLow, band.x0, band.dx, band.rows, p);
}

double RefrigerantTable::saturated_liquid_enthalpy(double p) const {
  check_saturation_pressure(*this, p, "saturated liquid enthalpy");
  const Band& band = band_for(Kind::PH, p);
  return evaluate_curve(band.curves, kInnerLow, band.x0, band.dx, band.rows, p);
}

double RefrigerantTable::saturated_vapor_enthalpy(double p) const {
  check_saturation_pressure(*this, p, "saturated vapour enthalpy");
  const Band& band = band_for(Kind::PH, p);
  return evaluate_curve(band.curves, kInnerHigh, band.x0, band.dx, band.rows, p);
}

const RefrigerantTable& RefrigerantTable::get(std::string_view name) {
  const Refrigerant& fluid = Refrigerant::get(name);  // throws FluidError for an unknown name
  struct Slot {
    std::once_flag once;
    std::unique_ptr<RefrigerantTable> table;
  };
  static const std::vector<std::string> names = Refrigerant::available();
  static std::array<Slot, 16> slots;
  const auto found = std::find(names.begin(), names.end(), std::string(fluid.name()));
  const std::size_t index = static_cast<std::size_t>(found - names.begin());
  if (found == names.end() || index >= slots.size()) {
    throw FluidError("fluid tables: no table slot for fluid '" + std::string(fluid.name()) + "'");
  }
  Slot& slot = slots[index];
  std::call_once(slot.once, [&] { slot.table = std::make_unique<RefrigerantTable>(fluid); });
  return *slot.table;
}

}  // namespace etsim::fluid
