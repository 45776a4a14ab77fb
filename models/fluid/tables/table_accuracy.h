#pragma once
// Accuracy of a RefrigerantTable against its equation of state, over a dense set of off-grid points
// per region (pseudo-random, deterministic). Used by the tests (which assert the bounds published in
// docs/models/fluid-properties.md) and to regenerate the published table.
//
// Sampling per region (p log-uniform, T or Q uniform):
//   Liquid         p in [p_min, 0.95 p_c], T in [T_min, T_sat(p) - 0.1 K]      reference at_T_p
//   TwoPhase       p in [p_min, 0.95 p_c], Q in [0, 1]                        reference at_p_Q
//   Vapor          p in [p_min, 0.95 p_c], T in [T_sat(p) + 0.1 K, T_max]     reference at_T_p
//   Supercritical  p in [1.05 p_c, p_max], T in [T_min, T_max]                 reference at_T_p
//   NearCritical   p in [0.95 p_c, 1.05 p_c], |T - T_c| <= 15 K, |T - T_sat| >= 0.1 K
// Errors are relative, |table / reference - 1|. The density derivatives are compared with central
// finite differences of the EOS: (d rho/d h)_p = (d rho/d T)_p / cp and
// (d rho/d p)_h = (d rho/d p)_T - (d rho/d T)_p (d h/d p)_T / cp (single phase), and with the
// lever rule on EOS saturation states (two phase).

#include <string>
#include <string_view>

#include "models/fluid/tables/refrigerant_table.h"

namespace etsim::fluid::tables {

enum class AccuracyRegion { Liquid, TwoPhase, Vapor, Supercritical, NearCritical };
std::string_view to_string(AccuracyRegion region);

struct ErrorStats {
  double max = 0;
  double rms = 0;
  int count = 0;
  void add(double relative_error);
  void finish();  // converts the running sum of squares into the RMS
 private:
  double sum_squares_ = 0;
};

struct RegionAccuracy {
  AccuracyRegion region = AccuracyRegion::Liquid;
  int samples = 0;
  // (p, h) lookup
  ErrorStats T, rho, s, cp, drho_dh, drho_dp;
  // (p, T) lookup (single-phase regions only)
  ErrorStats h_pT, rho_pT;
};

RegionAccuracy measure_accuracy(const RefrigerantTable& table, AccuracyRegion region, int samples,
                                unsigned long long seed = 12345);

}  // namespace etsim::fluid::tables
