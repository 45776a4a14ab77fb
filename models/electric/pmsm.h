// Permanent-magnet synchronous machine (PMSM) physics in the rotor (dq) frame, without any engine
// dependency. Used by the PmsmDynamic / PmsmQuasiStatic components, the operating-point solver and
// the field-oriented controller. Full derivation and parameter sources: docs/models/pmsm.md.
//
// Park transform: amplitude-invariant (dq quantities are phase PEAK values), hence the factor 1.5 in
// power and torque. Motor (consumer) sign convention; omega_e = p * omega_m.
//   v_d = R i_d + dpsi_d/dt - omega_e psi_q
//   v_q = R i_q + dpsi_q/dt + omega_e psi_d
//   T_em = 1.5 p (psi_d i_q - psi_q i_d)
//   P_el = 1.5 (v_d i_d + v_q i_q) = 1.5 R |i|^2 + 1.5 i . dpsi/dt + T_em omega_m
// States are the flux linkages (psi_d, psi_q): with a flux map the currents follow from the inverted
// map i(psi) (tabulated once at set-up), so no inductance matrix is inverted while stepping and the
// energy identity above holds exactly for any map.
// Flux linkages: either linear psi_d = L_d i_d + psi_m, psi_q = L_q i_q, or a map psi(i_d, i_q) with
// cross-saturation (bilinear interpolation, linear extrapolation outside the grid).
// Temperature: R(T_w) = R_20 (1 + alpha_Cu (T_w - T_ref));
//   psi_d gains psi_m,ref * alpha_Br * (T_mag - T_ref) (remanence scales the magnet flux linearly).
// Losses, all as torques acting against the rotation so that P_loss = T_loss * omega_m exactly:
//   P_fe = (k_h |f|/f_ref + k_e (f/f_ref)^2) (|psi|/psi_ref)^2, f = p omega_m / (2 pi)
//   T_mech = s(omega_m) (a + b |omega_m| + c omega_m^2), s(w) = w / sqrt(w^2 + w_s^2) (smooth sign)
// Iron-loss torque uses the same smooth sign for its hysteresis part.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string_view>
#include <vector>

namespace etsim {

struct DqPair {
  double d = 0.0;
  double q = 0.0;
};

// Values on a uniform 2-D grid (x outer, y inner: value[ix * ny + iy]); bilinear interpolation with
// linear extrapolation beyond the edges.
class UniformGrid2d {
 public:
  UniformGrid2d() = default;
  UniformGrid2d(double x0, double dx, int nx, double y0, double dy, int ny, std::vector<double> values);
  double operator()(double x, double y) const;
  // Values of two grids of the same geometry (same x0, dx, nx, y0, dy, ny) at one point: the cell
  // and weights are found once (the i(psi) inverse maps of the flux-map motor, once per
  // right-hand side of the dynamic model).
  static void evaluate_pair(const UniformGrid2d& first, const UniformGrid2d& second, double x,
                            double y, double& first_value, double& second_value);
  // Value and partial derivatives of the bilinear interpolant at (x, y).
  void evaluate(double x, double y, double& value, double& d_dx, double& d_dy) const;
  double x_min() const { return x0_; }
  double x_max() const { return x0_ + dx_ * (nx_ - 1); }
  double y_min() const { return y0_; }
  double y_max() const { return y0_ + dy_ * (ny_ - 1); }
  bool empty() const { return values_.empty(); }

 private:
  double x0_ = 0.0, dx_ = 1.0, y0_ = 0.0, dy_ = 1.0;
  // 1/dx, 1/dy: the lookup sits on the critical path of every dq right-hand side, where a
  // multiplication costs a fraction of a division's latency.
  double inverse_dx_ = 1.0, inverse_dy_ = 1.0;
  int nx_ = 0, ny_ = 0;
  std::vector<double> values_;
};

// A measured or FE flux-linkage map psi_d(i_d, i_q), psi_q(i_d, i_q) on a uniform grid, SI units.
struct FluxMapData {
  std::vector<double> current_d;  // [A] one entry per map point
  std::vector<double> current_q;  // [A]
  std::vector<double> flux_d;     // [Wb]
  std::vector<double> flux_q;     // [Wb]
  std::string_view source;        // for error messages
};

// psi(i) and its inverse i(psi), linear or from a map. The magnet-flux shift (temperature effect) is
// passed explicitly so one model serves every temperature.
class FluxLinkageModel {
 public:
  static FluxLinkageModel linear(double inductance_d, double inductance_q, double magnet_flux);
  // Scales the map for a machine of the same lamination with other turns and stack length:
  // psi'(i') = k_N k_L psi(k_N i') (same MMF N*i gives the same flux density). Throws InputError when
  // the points do not form a complete uniform grid or psi_d, psi_q are not increasing in i_d, i_q.
  static FluxLinkageModel from_map(const FluxMapData& map, double turns_scale = 1.0,
                                   double stack_length_scale = 1.0, int inverse_grid_points = 201);

  bool is_map() const { return is_map_; }
  DqPair flux(double current_d, double current_q, double magnet_flux_shift) const;
  DqPair current(double flux_d, double flux_q, double magnet_flux_shift) const;
  // Reference magnet flux psi_d(0, 0) [Wb] and small-signal inductances at the origin [H] (used by
  // the controller's decoupling and gain design).
  double magnet_flux() const { return magnet_flux_; }
  double inductance_d() const { return inductance_d_; }
  double inductance_q() const { return inductance_q_; }
  // Range of currents covered by the map (linear model: +-infinity).
  double max_map_current() const { return max_map_current_; }
  // Field energy 1.5 * integral(i . dpsi) [J]; exact for the linear model, NaN for a map.
  double magnetic_energy(double flux_d, double flux_q, double magnet_flux_shift) const;

 private:
  bool is_map_ = false;
  double inductance_d_ = 0.0, inductance_q_ = 0.0, magnet_flux_ = 0.0;
  double max_map_current_ = 0.0;
  UniformGrid2d flux_d_map_, flux_q_map_;        // psi(i)
  UniformGrid2d current_d_map_, current_q_map_;  // i(psi), inverted at set-up
};

struct IronLossParameters {
  double hysteresis_loss = 0.0;         // k_h [W] at f_ref and psi_ref
  double eddy_loss = 0.0;               // k_e [W] at f_ref and psi_ref
  double reference_frequency = 400.0;   // f_ref [Hz] electrical
  double reference_flux = 0.2;          // psi_ref [Wb]
};

struct MechanicalLossParameters {
  double coulomb_torque = 0.0;     // a [N*m]
  double viscous_coefficient = 0.0;   // b [N*m*s/rad]
  double windage_coefficient = 0.0;   // c [N*m*s^2/rad^2]
  double smoothing_speed = 1.0;    // w_s [rad/s] width of the smooth sign at standstill
};

struct PmsmParameters {
  int pole_pairs = 4;
  double resistance_20 = 0.05;                // R_20 [Ohm] phase resistance at T_ref
  double copper_temperature_coefficient = 3.93e-3;     // alpha_Cu [1/K] (IEC 60028 annealed Cu)
  double remanence_temperature_coefficient = -1.2e-3;  // alpha_Br [1/K] sintered NdFeB
  double reference_temperature = 293.15;      // T_ref [K] of R_20 and of the flux data
  IronLossParameters iron;
  MechanicalLossParameters mechanical;
};

struct PmsmLosses {
  double copper = 0.0;        // [W]
  double iron = 0.0;          // [W]
  double mechanical = 0.0;    // [W]
  double iron_torque = 0.0;   // [N*m] acting against the rotation
  double mechanical_torque = 0.0;
};

class PmsmModel {
 public:
  // Throws InputError for non-physical parameters (non-positive R, p < 1, ...).
  PmsmModel(PmsmParameters parameters, FluxLinkageModel flux);

  const PmsmParameters& parameters() const { return parameters_; }
  const FluxLinkageModel& flux_model() const { return flux_; }
  int pole_pairs() const { return parameters_.pole_pairs; }

  double resistance(double winding_temperature) const;         // [Ohm]
  double magnet_flux_shift(double magnet_temperature) const;   // [Wb] added to psi_d
  double electromagnetic_torque(DqPair flux, DqPair current) const;  // 1.5 p (psi_d i_q - psi_q i_d)
  // Iron and mechanical loss torques and powers at mechanical speed omega_m and flux magnitude.
  PmsmLosses losses(double mechanical_speed, DqPair flux, DqPair current,
                    double winding_temperature) const;
  // dpsi/dt = v - R i + omega_e J psi (J = [[0, 1], [-1, 0]] acting as above).
  DqPair flux_derivative(DqPair flux, DqPair current, DqPair voltage, double mechanical_speed,
                         double winding_temperature) const;
  // Steady-state voltage for currents i at speed (dpsi/dt = 0).
  DqPair steady_state_voltage(DqPair current, double mechanical_speed, double winding_temperature,
                              double magnet_temperature) const;

 private:
  PmsmParameters parameters_;
  FluxLinkageModel flux_;
  // Iron-loss torque per |psi|^2: k_h p / (2 pi f_ref psi_ref^2) [N*m/Wb^2] and
  // k_e (p / (2 pi f_ref))^2 / psi_ref^2 [N*m*s/Wb^2] (set once: no divisions per evaluation).
  double hysteresis_torque_coefficient_ = 0.0, eddy_torque_coefficient_ = 0.0;
};

// ---------------------------------------------------------------------------------------------------
// Right-hand-side functions, here rather than in pmsm.cc so that compiled kernels
// (engine/exec/compiled_kernel.h) and the components can inline them.

namespace pmsm_detail {

// Cell of (x, y) and the fractions inside it, as in UniformGrid2d::evaluate (cell clamped to the
// grid, fraction not clamped: linear extrapolation).
struct GridCell {
  std::size_t offset;  // index of the cell's lower-left value
  double fx, fy;
};

inline GridCell locate(double x, double y, double x0, double inverse_dx, int nx, double y0,
                       double inverse_dy, int ny) {
  const double sx = (x - x0) * inverse_dx;
  const double sy = (y - y0) * inverse_dy;
  // The clamped values are >= 0, so truncation is the floor.
  const int ix = static_cast<int>(std::clamp(std::isfinite(sx) ? sx : 0.0, 0.0, nx - 2.0));
  const int iy = static_cast<int>(std::clamp(std::isfinite(sy) ? sy : 0.0, 0.0, ny - 2.0));
  return {static_cast<std::size_t>(ix) * ny + iy, sx - ix, sy - iy};
}

inline double bilinear(const double* row0, int ny, double fx, double fy) {
  const double* row1 = row0 + ny;
  return (1 - fx) * ((1 - fy) * row0[0] + fy * row0[1]) + fx * ((1 - fy) * row1[0] + fy * row1[1]);
}

}  // namespace pmsm_detail

inline double UniformGrid2d::operator()(double x, double y) const {
  const pmsm_detail::GridCell cell = pmsm_detail::locate(x, y, x0_, inverse_dx_, nx_, y0_, inverse_dy_, ny_);
  return pmsm_detail::bilinear(&values_[cell.offset], ny_, cell.fx, cell.fy);
}

inline void UniformGrid2d::evaluate_pair(const UniformGrid2d& first, const UniformGrid2d& second,
                                         double x, double y, double& first_value,
                                         double& second_value) {
  const pmsm_detail::GridCell cell =
      pmsm_detail::locate(x, y, first.x0_, first.inverse_dx_, first.nx_, first.y0_,
                          first.inverse_dy_, first.ny_);
  first_value = pmsm_detail::bilinear(&first.values_[cell.offset], first.ny_, cell.fx, cell.fy);
  second_value = pmsm_detail::bilinear(&second.values_[cell.offset], second.ny_, cell.fx, cell.fy);
}

inline DqPair FluxLinkageModel::flux(double current_d, double current_q,
                                     double magnet_flux_shift) const {
  if (!is_map_) {
    return {inductance_d_ * current_d + magnet_flux_ + magnet_flux_shift, inductance_q_ * current_q};
  }
  return {flux_d_map_(current_d, current_q) + magnet_flux_shift, flux_q_map_(current_d, current_q)};
}

inline DqPair FluxLinkageModel::current(double flux_d, double flux_q,
                                        double magnet_flux_shift) const {
  if (!is_map_) {
    return {(flux_d - magnet_flux_ - magnet_flux_shift) / inductance_d_, flux_q / inductance_q_};
  }
  const double shifted = flux_d - magnet_flux_shift;
  DqPair current;  // both inverse maps share one grid (built together in from_map)
  UniformGrid2d::evaluate_pair(current_d_map_, current_q_map_, shifted, flux_q, current.d, current.q);
  return current;
}

inline double PmsmModel::resistance(double winding_temperature) const {
  return parameters_.resistance_20 *
         (1.0 + parameters_.copper_temperature_coefficient *
                    (winding_temperature - parameters_.reference_temperature));
}

inline double PmsmModel::magnet_flux_shift(double magnet_temperature) const {
  return flux_.magnet_flux() * parameters_.remanence_temperature_coefficient *
         (magnet_temperature - parameters_.reference_temperature);
}

inline double PmsmModel::electromagnetic_torque(DqPair flux, DqPair current) const {
  return 1.5 * parameters_.pole_pairs * (flux.d * current.q - flux.q * current.d);
}

inline PmsmLosses PmsmModel::losses(double mechanical_speed, DqPair flux, DqPair current,
                             double winding_temperature) const {
  PmsmLosses result;
  result.copper =
      1.5 * resistance(winding_temperature) * (current.d * current.d + current.q * current.q);
  const double w = mechanical_speed;
  const double smooth_sign = w / std::sqrt(w * w + parameters_.mechanical.smoothing_speed *
                                                     parameters_.mechanical.smoothing_speed);
  // Iron: P_fe / omega_m with f = p omega_m / (2 pi); coefficients precomputed (constructor).
  const double flux_sq = flux.d * flux.d + flux.q * flux.q;
  result.iron_torque = flux_sq * (hysteresis_torque_coefficient_ * smooth_sign +
                                  eddy_torque_coefficient_ * w);
  const MechanicalLossParameters& mech = parameters_.mechanical;
  result.mechanical_torque =
      smooth_sign * (mech.coulomb_torque + mech.viscous_coefficient * std::abs(w) +
                     mech.windage_coefficient * w * w);
  result.iron = result.iron_torque * w;
  result.mechanical = result.mechanical_torque * w;
  return result;
}

inline DqPair PmsmModel::flux_derivative(DqPair flux, DqPair current, DqPair voltage,
                                  double mechanical_speed, double winding_temperature) const {
  const double r = resistance(winding_temperature);
  const double electrical_speed = parameters_.pole_pairs * mechanical_speed;
  return {voltage.d - r * current.d + electrical_speed * flux.q,
          voltage.q - r * current.q - electrical_speed * flux.d};
}


}  // namespace etsim
