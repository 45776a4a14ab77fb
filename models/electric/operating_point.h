// Quasi-static (steady-state) PMSM operating point for a torque demand at a given speed, DC-link
// voltage and current limit: MTPA, flux weakening and MTPV, for linear or flux-map machines.
//
// Limits: |i_dq| <= I_max (peak, amplitude-invariant dq), |v_dq| <= V_max = m_max V_dc / sqrt(3)
// (SVPWM linear range for m_max = 1). Steady state: v_d = R i_d - omega_e psi_q,
// v_q = R i_q + omega_e psi_d.
// Method (every loop has a fixed iteration count, nothing allocates):
//  1. constant-torque curve: for each i_d, i_q solves T(i_d, i_q) = T* (safeguarded Newton/bisection);
//  2. MTPA = the i_d minimising |i| along that curve (golden section); done if |v| <= V_max;
//  3. otherwise flux weakening: the i_d between the minimum-voltage (MTPV) point and MTPA where
//     |v| = V_max (bisection);
//  4. when T* is not reachable, the largest reachable torque: max over i_d of T(i_d, i_q,lim(i_d)),
//     with i_q,lim the largest i_q inside both the current circle and the voltage ellipse
//     (this contains current-limited MTPA, the current/voltage intersection and MTPV).
// The torque here is the electromagnetic (air-gap) torque 1.5 p (psi_d i_q - psi_q i_d).
// OperatingPointTable tabulates the solution once against torque and speed for run time.
#pragma once

#include <vector>

#include "models/electric/pmsm.h"

namespace etsim {

struct OperatingLimits {
  double dc_voltage = 800.0;       // [V]
  double max_modulation = 1.0;     // m_max: 1 = SVPWM linear limit, V_max = m_max V_dc / sqrt(3)
  double current_limit = 500.0;    // I_max [A] peak phase current
  double max_voltage() const;      // [V] peak phase voltage
};

enum class OperatingRegion {
  Mtpa,            // voltage limit not binding (includes current-limited MTPA)
  FluxWeakening,   // voltage limit binding, torque met or current limit also binding
  Mtpv,            // voltage limit binding alone at maximum torque (maximum torque per volt)
  Uncontrollable,  // even the minimum-voltage point exceeds V_max (back EMF above the DC link)
};

struct OperatingPoint {
  double current_d = 0.0, current_q = 0.0;   // [A]
  double voltage_d = 0.0, voltage_q = 0.0;   // [V]
  double flux_d = 0.0, flux_q = 0.0;         // [Wb]
  double torque = 0.0;            // [N*m] electromagnetic torque achieved
  double shaft_torque = 0.0;      // [N*m] torque minus iron and mechanical loss torques
  double loss_copper = 0.0, loss_iron = 0.0, loss_mechanical = 0.0;  // [W]
  double electrical_power = 0.0;  // [W] 1.5 (v_d i_d + v_q i_q)
  double power_factor = 0.0;      // cos(angle between v and i), 0 at standstill without current
  bool torque_limited = false;    // true when |demand| exceeded the reachable torque
  OperatingRegion region = OperatingRegion::Mtpa;
};

struct OperatingConditions {
  double torque_demand = 0.0;     // [N*m] electromagnetic torque wanted
  double mechanical_speed = 0.0;  // [rad/s]
  double winding_temperature = 293.15;  // [K]
  double magnet_temperature = 293.15;   // [K]
};

class OperatingPointSolver {
 public:
  explicit OperatingPointSolver(const PmsmModel& motor) : motor_(&motor) {}
  OperatingPoint solve(const OperatingConditions& conditions, const OperatingLimits& limits) const;
  // Largest reachable torque in the direction of sign (+1 motoring, -1 braking) and its point.
  OperatingPoint max_torque(double sign, const OperatingConditions& conditions,
                            const OperatingLimits& limits) const;
  // Fills torque, voltages, losses, power factor for given currents.
  OperatingPoint evaluate(double current_d, double current_q,
                          const OperatingConditions& conditions) const;

 private:
  const PmsmModel* motor_;
};

// id*, iq* tabulated over speed and normalised torque t = T* / T_max(omega) in [-1, 1] at reference
// temperatures and a reference DC voltage. Other DC voltages use the effective speed
// omega V_dc,ref / V_dc (exact when R = 0, since the voltage limit scales with omega / V_dc); negative
// speeds use the symmetry (omega, T) -> (-omega, -T) with i_q negated.
class OperatingPointTable {
 public:
  OperatingPointTable(const PmsmModel& motor, const OperatingLimits& reference_limits,
                      double max_speed, int speed_points = 61, int torque_points = 41,
                      double winding_temperature = 293.15, double magnet_temperature = 293.15);
  // Current references (allocation-free). torque is clamped to the reachable range.
  DqPair current_reference(double torque_demand, double mechanical_speed, double dc_voltage) const;
  // Reachable electromagnetic torque at this speed and DC voltage (+1 motoring, -1 braking).
  double max_torque(double sign, double mechanical_speed, double dc_voltage) const;
  double max_speed() const { return max_speed_; }

 private:
  double effective_speed(double mechanical_speed, double dc_voltage) const;
  double speed_step_ = 1.0, max_speed_ = 1.0, reference_dc_voltage_ = 1.0;
  int speed_points_ = 0, torque_points_ = 0;
  std::vector<double> max_torque_positive_, max_torque_negative_;  // per speed point (>= 0)
  UniformGrid2d current_d_, current_q_;  // over (effective speed, t)
};

}  // namespace etsim
