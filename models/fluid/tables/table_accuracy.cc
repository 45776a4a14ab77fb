#include "models/fluid/tables/table_accuracy.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace etsim::fluid::tables {
namespace {

// SplitMix64: a portable deterministic generator (std distributions differ between libraries).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  double uniform() {  // [0, 1)
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }
  double log_uniform(double low, double high) { return low * std::pow(high / low, uniform()); }

 private:
  std::uint64_t state_;
};

double relative(double value, double reference) { return std::abs(value / reference - 1.0); }

struct Derivatives {
  double drho_dh = 0, drho_dp = 0;
};

// EOS density derivatives in single phase by central differences in T and p on at_T_p.
Derivatives eos_derivatives(const Refrigerant& fluid, const ThermoState& state) {
  const double dT = 1e-5 * state.T;
  const double dp = 1e-6 * state.p;
  const ThermoState T_plus = fluid.at_T_p(state.T + dT, state.p), T_minus = fluid.at_T_p(state.T - dT, state.p);
  const ThermoState p_plus = fluid.at_T_p(state.T, state.p + dp), p_minus = fluid.at_T_p(state.T, state.p - dp);
  const double drho_dT = (T_plus.rho - T_minus.rho) / (2 * dT);
  const double cp = (T_plus.h - T_minus.h) / (2 * dT);
  const double drho_dp_T = (p_plus.rho - p_minus.rho) / (2 * dp);
  const double dh_dp_T = (p_plus.h - p_minus.h) / (2 * dp);
  return {drho_dT / cp, drho_dp_T - drho_dT * dh_dp_T / cp};
}

// Two phase at fixed h: lever rule on EOS saturation states at p +- dp.
Derivatives eos_two_phase_derivatives(const Refrigerant& fluid, double p, double h) {
  auto density = [&](double pressure) {
    const SaturationState sat = fluid.saturation_at_p(pressure);
    const double Q = (h - sat.liquid.h) / (sat.vapor.h - sat.liquid.h);
    return 1.0 / ((1.0 - Q) / sat.liquid.rho + Q / sat.vapor.rho);
  };
  const SaturationState sat = fluid.saturation_at_p(p);
  const double rho = density(p);
  const double dp = 1e-6 * p;
  return {-rho * rho * (1.0 / sat.vapor.rho - 1.0 / sat.liquid.rho) / (sat.vapor.h - sat.liquid.h),
          (density(p + dp) - density(p - dp)) / (2 * dp)};
}

}  // namespace

std::string_view to_string(AccuracyRegion region) {
  switch (region) {
    case AccuracyRegion::Liquid: return "liquid";
    case AccuracyRegion::TwoPhase: return "two-phase";
    case AccuracyRegion::Vapor: return "vapour";
    case AccuracyRegion::Supercritical: return "supercritical";
    case AccuracyRegion::NearCritical: return "near-critical";
  }
  return "unknown";
}

void ErrorStats::add(double relative_error) {
  // A NaN error (e.g. a NaN table output) must count as a failure, not vanish in max().
  if (!(relative_error <= max)) max = std::isnan(relative_error) ? INFINITY : std::max(max, relative_error);
  sum_squares_ += std::isnan(relative_error) ? INFINITY : relative_error * relative_error;
  ++count;
}

void ErrorStats::finish() { rms = count > 0 ? std::sqrt(sum_squares_ / count) : 0.0; }

RegionAccuracy measure_accuracy(const RefrigerantTable& table, AccuracyRegion region, int samples,
                                unsigned long long seed) {
  const Refrigerant& fluid = table.fluid();
  const double p_c = fluid.critical_pressure(), T_c = fluid.critical_temperature();
  Random random(seed + static_cast<unsigned long long>(region) * 1000003ULL);
  RegionAccuracy result;
  result.region = region;
  int attempts = 0;
  while (result.samples < samples && attempts++ < 20 * samples) {
    ThermoState reference;
    bool two_phase = false;
    switch (region) {
      case AccuracyRegion::Liquid:
      case AccuracyRegion::Vapor: {
        const double p = random.log_uniform(table.p_min(), 0.95 * p_c);
        const double T_sat = fluid.saturation_at_p(p).T;
        const double T = region == AccuracyRegion::Liquid
                             ? table.T_min() + (T_sat - 0.1 - table.T_min()) * random.uniform()
                             : T_sat + 0.1 + (table.T_max() - T_sat - 0.1) * random.uniform();
        reference = fluid.at_T_p(T, p);
        break;
      }
      case AccuracyRegion::TwoPhase:
        reference = fluid.at_p_Q(random.log_uniform(table.p_min(), 0.95 * p_c), random.uniform());
        two_phase = true;
        break;
      case AccuracyRegion::Supercritical:
        reference = fluid.at_T_p(table.T_min() + (table.T_max() - table.T_min()) * random.uniform(),
                                 random.log_uniform(1.05 * p_c, table.p_max()));
        break;
      case AccuracyRegion::NearCritical: {
        const double p = random.log_uniform(0.95 * p_c, 1.05 * p_c);
        const double T = T_c - 15.0 + 30.0 * random.uniform();
        if (p < p_c && std::abs(T - fluid.saturation_at_p(p).T) < 0.1) continue;
        reference = fluid.at_T_p(T, p);
        break;
      }
    }
    TableState state;
    if (table.at_p_h(reference.p, reference.h, state) != TableStatus::Ok) continue;
    ++result.samples;
    result.T.add(relative(state.T, reference.T));
    result.rho.add(relative(state.rho, reference.rho));
    result.s.add(relative(state.s, reference.s));
    const Derivatives eos = two_phase ? eos_two_phase_derivatives(fluid, reference.p, reference.h)
                                      : eos_derivatives(fluid, reference);
    result.drho_dh.add(relative(state.drho_dh_p, eos.drho_dh));
    result.drho_dp.add(relative(state.drho_dp_h, eos.drho_dp));
    if (!two_phase) {
      result.cp.add(relative(state.cp, reference.cp));
      TableState by_T;
      if (table.at_p_T(reference.p, reference.T, by_T) == TableStatus::Ok) {
        result.h_pT.add(relative(by_T.h, reference.h));
        result.rho_pT.add(relative(by_T.rho, reference.rho));
      }
    }
  }
  for (ErrorStats* stats : {&result.T, &result.rho, &result.s, &result.cp, &result.drho_dh, &result.drho_dp,
                            &result.h_pT, &result.rho_pT}) {
    stats->finish();
  }
  return result;
}

}  // namespace etsim::fluid::tables
