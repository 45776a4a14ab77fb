#include "models/electric/pmsm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <string>

#include "engine/core/error.h"

namespace etsim {

namespace {

std::string map_context(const FluxMapData& map) {
  return map.source.empty() ? std::string("flux map") : "flux map '" + std::string(map.source) + "'";
}

// Sorted distinct values of v; throws unless they are uniformly spaced.
std::vector<double> uniform_axis(std::vector<double> v, const std::string& what,
                                 const std::string& context) {
  std::sort(v.begin(), v.end());
  std::vector<double> axis;
  for (double x : v) {
    if (axis.empty() || std::abs(x - axis.back()) > 1e-9 * (1.0 + std::abs(x))) axis.push_back(x);
  }
  if (axis.size() < 2) {
    throw InputError(context + ": " + what + " needs at least 2 distinct values on a uniform grid");
  }
  const double step = (axis.back() - axis.front()) / static_cast<double>(axis.size() - 1);
  for (std::size_t k = 0; k < axis.size(); ++k) {
    if (std::abs(axis[k] - (axis.front() + step * static_cast<double>(k))) > 1e-6 * step) {
      throw InputError(context + ": " + what +
                       " values must be uniformly spaced (expected a full regular i_d x i_q grid)");
    }
  }
  return axis;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------
UniformGrid2d::UniformGrid2d(double x0, double dx, int nx, double y0, double dy, int ny,
                             std::vector<double> values)
    : x0_(x0), dx_(dx), y0_(y0), dy_(dy), inverse_dx_(1.0 / dx), inverse_dy_(1.0 / dy), nx_(nx),
      ny_(ny), values_(std::move(values)) {
  ETSIM_DEMAND(nx >= 2 && ny >= 2 && dx > 0.0 && dy > 0.0 &&
                   values_.size() == static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny),
               "UniformGrid2d needs at least 2x2 points, positive steps and nx*ny values");
}

void UniformGrid2d::evaluate(double x, double y, double& value, double& d_dx, double& d_dy) const {
  // Cell index clamped to the grid; the fraction is not clamped, which extrapolates linearly.
  const double sx = (x - x0_) * inverse_dx_;
  const double sy = (y - y0_) * inverse_dy_;
  // Clamp before converting so that huge or non-finite arguments cannot overflow the int.
  const int ix = static_cast<int>(std::floor(std::clamp(std::isfinite(sx) ? sx : 0.0, 0.0, nx_ - 2.0)));
  const int iy = static_cast<int>(std::floor(std::clamp(std::isfinite(sy) ? sy : 0.0, 0.0, ny_ - 2.0)));
  const double fx = sx - ix;
  const double fy = sy - iy;
  const double* row0 = &values_[static_cast<std::size_t>(ix) * ny_ + iy];
  const double* row1 = row0 + ny_;
  const double v00 = row0[0], v01 = row0[1], v10 = row1[0], v11 = row1[1];
  value = (1 - fx) * ((1 - fy) * v00 + fy * v01) + fx * ((1 - fy) * v10 + fy * v11);
  d_dx = ((1 - fy) * (v10 - v00) + fy * (v11 - v01)) / dx_;
  d_dy = ((1 - fx) * (v01 - v00) + fx * (v11 - v10)) / dy_;
}

// ---------------------------------------------------------------------------------------------------
FluxLinkageModel FluxLinkageModel::linear(double inductance_d, double inductance_q,
                                          double magnet_flux) {
  if (!(inductance_d > 0.0) || !(inductance_q > 0.0) || !std::isfinite(inductance_d) ||
      !std::isfinite(inductance_q)) {
    throw InputError("PMSM inductances must be positive and finite [H], got L_d = " +
                     std::to_string(inductance_d) + ", L_q = " + std::to_string(inductance_q));
  }
  if (!(magnet_flux >= 0.0) || !std::isfinite(magnet_flux)) {
    throw InputError("PMSM magnet flux linkage must be >= 0 and finite [Wb], got " +
                     std::to_string(magnet_flux));
  }
  FluxLinkageModel model;
  model.inductance_d_ = inductance_d;
  model.inductance_q_ = inductance_q;
  model.magnet_flux_ = magnet_flux;
  model.max_map_current_ = std::numeric_limits<double>::infinity();
  return model;
}

FluxLinkageModel FluxLinkageModel::from_map(const FluxMapData& map, double turns_scale,
                                            double stack_length_scale, int inverse_grid_points) {
  const std::string context = map_context(map);
  const std::size_t n = map.current_d.size();
  if (n == 0 || map.current_q.size() != n || map.flux_d.size() != n || map.flux_q.size() != n) {
    throw InputError(context + ": columns i_d, i_q, psi_d, psi_q must be non-empty and equally long");
  }
  if (!(turns_scale > 0.0) || !(stack_length_scale > 0.0) || !std::isfinite(turns_scale) ||
      !std::isfinite(stack_length_scale)) {
    throw InputError(context + ": turns and stack-length scale factors must be positive");
  }
  if (inverse_grid_points < 9) throw InputError(context + ": inverse grid needs at least 9 points");
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(map.current_d[k]) || !std::isfinite(map.current_q[k]) ||
        !std::isfinite(map.flux_d[k]) || !std::isfinite(map.flux_q[k])) {
      throw InputError(context + ": non-finite value in row " + std::to_string(k + 1));
    }
  }
  const std::vector<double> axis_d = uniform_axis(map.current_d, "i_d", context);
  const std::vector<double> axis_q = uniform_axis(map.current_q, "i_q", context);
  const int nd = static_cast<int>(axis_d.size());
  const int nq = static_cast<int>(axis_q.size());
  if (static_cast<std::size_t>(nd) * static_cast<std::size_t>(nq) != n) {
    throw InputError(context + ": " + std::to_string(n) + " rows do not form a full " +
                     std::to_string(nd) + " x " + std::to_string(nq) + " i_d x i_q grid");
  }
  const double step_d = (axis_d.back() - axis_d.front()) / (nd - 1);
  const double step_q = (axis_q.back() - axis_q.front()) / (nq - 1);
  std::vector<double> psi_d(n, std::numeric_limits<double>::quiet_NaN());
  std::vector<double> psi_q(n, std::numeric_limits<double>::quiet_NaN());
  const double flux_scale = turns_scale * stack_length_scale;
  for (std::size_t k = 0; k < n; ++k) {
    const int id = static_cast<int>(std::lround((map.current_d[k] - axis_d.front()) / step_d));
    const int iq = static_cast<int>(std::lround((map.current_q[k] - axis_q.front()) / step_q));
    const std::size_t index = static_cast<std::size_t>(id) * nq + iq;
    if (!std::isnan(psi_d[index])) {
      throw InputError(context + ": duplicate grid point (i_d, i_q) = (" +
                       std::to_string(map.current_d[k]) + ", " + std::to_string(map.current_q[k]) +
                       ") A");
    }
    psi_d[index] = flux_scale * map.flux_d[k];
    psi_q[index] = flux_scale * map.flux_q[k];
  }
  // psi_d must rise with i_d and psi_q with i_q for the map to be invertible. Measured/FE maps carry
  // small noise in deep saturation (the Prius map dips by 0.7 mWb at i_d = 140 A, i_q = +-20 A):
  // a dip below 2 % of the row's range is lifted to the previous value plus 0.1 % of the row's mean
  // step; a larger one is a data error.
  const auto make_increasing = [&](std::vector<double>& psi, int count, std::size_t first,
                                   std::size_t stride, const char* what) {
    const double range = psi[first + stride * (count - 1)] - psi[first];
    if (!(range > 0.0)) {
      throw InputError(context + ": " + what + " (the map is not invertible)");
    }
    const double lift = 1e-3 * range / (count - 1);
    for (int k = 1; k < count; ++k) {
      double& value = psi[first + stride * k];
      const double previous = psi[first + stride * (k - 1)];
      if (value > previous) continue;
      if (previous - value > 0.02 * range) {
        throw InputError(context + ": " + what + " (the map is not invertible)");
      }
      value = previous + lift;
    }
  };
  for (int b = 0; b < nq; ++b) {
    make_increasing(psi_d, nd, static_cast<std::size_t>(b), static_cast<std::size_t>(nq),
                    "psi_d must increase with i_d");
  }
  for (int a = 0; a < nd; ++a) {
    make_increasing(psi_q, nq, static_cast<std::size_t>(a) * nq, 1, "psi_q must increase with i_q");
  }
  // Same MMF N*i gives the same flux: the scaled machine needs i' = i / k_N.
  const double d0 = axis_d.front() / turns_scale, dd = step_d / turns_scale;
  const double q0 = axis_q.front() / turns_scale, dq = step_q / turns_scale;

  FluxLinkageModel model;
  model.is_map_ = true;
  model.flux_d_map_ = UniformGrid2d(d0, dd, nd, q0, dq, nq, psi_d);
  model.flux_q_map_ = UniformGrid2d(d0, dd, nd, q0, dq, nq, psi_q);
  model.max_map_current_ = std::min({-model.flux_d_map_.x_min(), model.flux_d_map_.x_max(),
                                     -model.flux_d_map_.y_min(), model.flux_d_map_.y_max()});
  double value, dpsid_did, dpsid_diq, dpsiq_did, dpsiq_diq;
  model.flux_d_map_.evaluate(0.0, 0.0, value, dpsid_did, dpsid_diq);
  model.magnet_flux_ = value;
  model.flux_q_map_.evaluate(0.0, 0.0, value, dpsiq_did, dpsiq_diq);
  // Small-signal inductances at the origin (average of the two adjacent cells: central difference).
  const double h = 0.5 * dd;
  model.inductance_d_ = (model.flux_d_map_(h, 0.0) - model.flux_d_map_(-h, 0.0)) / (2 * h);
  const double hq = 0.5 * dq;
  model.inductance_q_ = (model.flux_q_map_(0.0, hq) - model.flux_q_map_(0.0, -hq)) / (2 * hq);

  // Invert on a uniform psi grid spanning the map's flux range, by Newton's method on the bilinear
  // forward map (piecewise smooth, monotone), started from the small-signal linear estimate.
  const auto [psid_min, psid_max] = std::minmax_element(psi_d.begin(), psi_d.end());
  const auto [psiq_min, psiq_max] = std::minmax_element(psi_q.begin(), psi_q.end());
  const int m = inverse_grid_points;
  const double pd0 = *psid_min, pdd = (*psid_max - *psid_min) / (m - 1);
  const double pq0 = *psiq_min, pqd = (*psiq_max - *psiq_min) / (m - 1);
  std::vector<double> inv_d(static_cast<std::size_t>(m) * m), inv_q(inv_d.size());
  for (int a = 0; a < m; ++a) {
    for (int b = 0; b < m; ++b) {
      const double target_d = pd0 + pdd * a, target_q = pq0 + pqd * b;
      double id = (target_d - model.magnet_flux_) / model.inductance_d_;
      double iq = target_q / model.inductance_q_;
      for (int iteration = 0; iteration < 100; ++iteration) {
        double fd, fdd, fdq, fq, fqd, fqq;
        model.flux_d_map_.evaluate(id, iq, fd, fdd, fdq);
        model.flux_q_map_.evaluate(id, iq, fq, fqd, fqq);
        const double rd = fd - target_d, rq = fq - target_q;
        if (std::abs(rd) + std::abs(rq) < 1e-13) break;
        const double det = fdd * fqq - fdq * fqd;
        if (!(std::abs(det) > 0.0)) break;
        double step_id = (fqq * rd - fdq * rq) / det;
        double step_iq = (-fqd * rd + fdd * rq) / det;
        // Limit a step to two map cells so that a kink cannot throw the iterate far away.
        const double scale = std::max({1.0, std::abs(step_id) / (2 * dd), std::abs(step_iq) / (2 * dq)});
        id -= step_id / scale;
        iq -= step_iq / scale;
      }
      inv_d[static_cast<std::size_t>(a) * m + b] = id;
      inv_q[static_cast<std::size_t>(a) * m + b] = iq;
    }
  }
  model.current_d_map_ = UniformGrid2d(pd0, pdd, m, pq0, pqd, m, std::move(inv_d));
  model.current_q_map_ = UniformGrid2d(pd0, pdd, m, pq0, pqd, m, std::move(inv_q));
  return model;
}

double FluxLinkageModel::magnetic_energy(double flux_d, double flux_q,
                                         double magnet_flux_shift) const {
  if (is_map_) return std::numeric_limits<double>::quiet_NaN();
  const double excess_d = flux_d - magnet_flux_ - magnet_flux_shift;
  return 1.5 * (0.5 * excess_d * excess_d / inductance_d_ + 0.5 * flux_q * flux_q / inductance_q_);
}

// ---------------------------------------------------------------------------------------------------
PmsmModel::PmsmModel(PmsmParameters parameters, FluxLinkageModel flux)
    : parameters_(parameters), flux_(std::move(flux)) {
  const auto require = [](bool ok, const std::string& message) {
    if (!ok) throw InputError("PMSM parameter: " + message);
  };
  require(parameters_.pole_pairs >= 1, "pole_pairs must be an integer >= 1");
  require(parameters_.resistance_20 > 0.0 && std::isfinite(parameters_.resistance_20),
          "stator resistance must be > 0 [Ohm]");
  require(std::abs(parameters_.copper_temperature_coefficient) < 0.1,
          "copper temperature coefficient must be a small number [1/K], e.g. 3.93e-3");
  require(std::abs(parameters_.remanence_temperature_coefficient) < 0.1,
          "remanence temperature coefficient must be a small number [1/K], e.g. -1.2e-3");
  require(parameters_.reference_temperature > 0.0, "reference temperature must be > 0 K");
  const IronLossParameters& iron = parameters_.iron;
  require(iron.hysteresis_loss >= 0.0 && iron.eddy_loss >= 0.0,
          "iron loss coefficients must be >= 0 [W]");
  require(iron.reference_frequency > 0.0 && iron.reference_flux > 0.0,
          "iron loss reference frequency [Hz] and flux [Wb] must be > 0");
  const MechanicalLossParameters& mech = parameters_.mechanical;
  require(mech.coulomb_torque >= 0.0 && mech.viscous_coefficient >= 0.0 &&
              mech.windage_coefficient >= 0.0,
          "mechanical loss coefficients must be >= 0");
  require(mech.smoothing_speed > 0.0, "mechanical loss smoothing speed must be > 0 [rad/s]");
  const double hertz_per_rad_s = parameters_.pole_pairs / (2.0 * std::numbers::pi);
  const double per_flux_sq = 1.0 / (iron.reference_flux * iron.reference_flux);
  hysteresis_torque_coefficient_ =
      iron.hysteresis_loss * hertz_per_rad_s / iron.reference_frequency * per_flux_sq;
  eddy_torque_coefficient_ = iron.eddy_loss * hertz_per_rad_s * hertz_per_rad_s /
                             (iron.reference_frequency * iron.reference_frequency) * per_flux_sq;
}

DqPair PmsmModel::steady_state_voltage(DqPair current, double mechanical_speed,
                                       double winding_temperature, double magnet_temperature) const {
  const DqPair psi = flux_.flux(current.d, current.q, magnet_flux_shift(magnet_temperature));
  const double r = resistance(winding_temperature);
  const double electrical_speed = parameters_.pole_pairs * mechanical_speed;
  return {r * current.d - electrical_speed * psi.q, r * current.q + electrical_speed * psi.d};
}

}  // namespace etsim
