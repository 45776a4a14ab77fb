#include "models/electric/operating_point.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "engine/core/error.h"

namespace etsim {

namespace {

constexpr double kGoldenRatio = 0.6180339887498949;  // (sqrt(5) - 1) / 2
constexpr int kGoldenIterations = 60;    // shrinks the interval by 0.618^60 ~ 3e-13
constexpr int kBisectionIterations = 60;
constexpr int kRootIterations = 60;

// Everything the inner loops need, evaluated once per solve.
struct Machine {
  const PmsmModel& motor;
  double magnet_shift;
  double resistance;
  double electrical_speed;
  double torque(double id, double iq) const {
    return motor.electromagnetic_torque(motor.flux_model().flux(id, iq, magnet_shift), {id, iq});
  }
  double voltage(double id, double iq) const {
    const DqPair psi = motor.flux_model().flux(id, iq, magnet_shift);
    const double vd = resistance * id - electrical_speed * psi.q;
    const double vq = resistance * iq + electrical_speed * psi.d;
    return std::sqrt(vd * vd + vq * vq);
  }
};

// Minimises f over [a, b] by golden-section search (f assumed unimodal); returns the abscissa.
template <typename F>
double golden_minimum(F&& f, double a, double b) {
  double x1 = b - kGoldenRatio * (b - a), x2 = a + kGoldenRatio * (b - a);
  double f1 = f(x1), f2 = f(x2);
  for (int k = 0; k < kGoldenIterations && (b - a) > 1e-12 * (1.0 + std::abs(a) + std::abs(b)); ++k) {
    if (f1 <= f2) {
      b = x2, x2 = x1, f2 = f1;
      x1 = b - kGoldenRatio * (b - a), f1 = f(x1);
    } else {
      a = x1, x1 = x2, f1 = f2;
      x2 = a + kGoldenRatio * (b - a), f2 = f(x2);
    }
  }
  return 0.5 * (a + b);
}

// Root of g on [lo, hi] given g(lo) <= 0 < g(hi)... any sign pattern with g(lo) * g(hi) <= 0;
// Illinois-modified regula falsi (superlinear, bracketing, bounded).
template <typename G>
double bracketed_root(G&& g, double lo, double hi, double g_lo, double g_hi) {
  int side = 0;
  double x = lo;
  for (int k = 0; k < kRootIterations; ++k) {
    x = (g_hi - g_lo) != 0.0 ? (lo * g_hi - hi * g_lo) / (g_hi - g_lo) : 0.5 * (lo + hi);
    if (!(x > std::min(lo, hi) && x < std::max(lo, hi))) x = 0.5 * (lo + hi);
    const double gx = g(x);
    if (gx == 0.0 || std::abs(hi - lo) < 1e-13 * (1.0 + std::abs(x))) return x;
    if ((gx > 0.0) == (g_hi > 0.0)) {
      hi = x, g_hi = gx;
      if (side == -1) g_lo *= 0.5;
      side = -1;
    } else {
      lo = x, g_lo = gx;
      if (side == +1) g_hi *= 0.5;
      side = +1;
    }
  }
  return x;
}

// i_q on the constant-torque curve at this i_d (same sign as the torque), limited to |i_q| <= q_max.
double q_current_for_torque(const Machine& m, double id, double torque_demand, double q_max) {
  const double sign = torque_demand >= 0.0 ? 1.0 : -1.0;
  const double target = std::abs(torque_demand);
  const auto excess = [&](double q) { return sign * m.torque(id, sign * q) - target; };
  const double at_zero = excess(0.0);
  if (at_zero >= 0.0) return 0.0;
  const double at_max = excess(q_max);
  if (at_max <= 0.0) return sign * q_max;
  return sign * bracketed_root(excess, 0.0, q_max, at_zero, at_max);
}

}  // namespace

double OperatingLimits::max_voltage() const { return max_modulation * dc_voltage / std::sqrt(3.0); }

OperatingPoint OperatingPointSolver::evaluate(double current_d, double current_q,
                                              const OperatingConditions& c) const {
  const PmsmModel& motor = *motor_;
  OperatingPoint point;
  point.current_d = current_d;
  point.current_q = current_q;
  const DqPair psi = motor.flux_model().flux(current_d, current_q,
                                             motor.magnet_flux_shift(c.magnet_temperature));
  point.flux_d = psi.d;
  point.flux_q = psi.q;
  const DqPair v = motor.steady_state_voltage({current_d, current_q}, c.mechanical_speed,
                                              c.winding_temperature, c.magnet_temperature);
  point.voltage_d = v.d;
  point.voltage_q = v.q;
  point.torque = motor.electromagnetic_torque(psi, {current_d, current_q});
  const PmsmLosses losses =
      motor.losses(c.mechanical_speed, psi, {current_d, current_q}, c.winding_temperature);
  point.loss_copper = losses.copper;
  point.loss_iron = losses.iron;
  point.loss_mechanical = losses.mechanical;
  point.shaft_torque = point.torque - losses.iron_torque - losses.mechanical_torque;
  point.electrical_power = 1.5 * (v.d * current_d + v.q * current_q);
  const double apparent = 1.5 * std::hypot(v.d, v.q) * std::hypot(current_d, current_q);
  point.power_factor = apparent > 1e-12 ? point.electrical_power / apparent : 0.0;
  return point;
}

OperatingPoint OperatingPointSolver::max_torque(double sign, const OperatingConditions& c,
                                                const OperatingLimits& limits) const {
  const PmsmModel& motor = *motor_;
  const Machine m{motor, motor.magnet_flux_shift(c.magnet_temperature),
                  motor.resistance(c.winding_temperature), motor.pole_pairs() * c.mechanical_speed};
  const double s = sign >= 0.0 ? 1.0 : -1.0;
  const double i_max = limits.current_limit;
  const double v_max = limits.max_voltage();
  // Largest q = |i_q| at this i_d inside both limits; returns false (and the minimum-voltage q) when
  // the voltage ellipse misses this vertical line inside the current circle.
  const auto q_limit = [&](double id, double& q, double& voltage_excess) {
    const double q_circle = std::sqrt(std::max(i_max * i_max - id * id, 0.0));
    const auto v_of = [&](double qq) { return m.voltage(id, s * qq); };
    voltage_excess = 0.0;
    if (v_of(q_circle) <= v_max) {
      q = q_circle;
      return true;
    }
    const double q_min_voltage = golden_minimum(v_of, 0.0, q_circle);
    const double v_min = v_of(q_min_voltage);
    if (v_min > v_max) {
      q = q_min_voltage;
      voltage_excess = v_min - v_max;
      return false;
    }
    const auto g = [&](double qq) { return v_of(qq) - v_max; };
    q = bracketed_root(g, q_min_voltage, q_circle, v_min - v_max, v_of(q_circle) - v_max);
    return true;
  };
  // Feasible: torque magnitude (>= 0 for any sensible machine); infeasible: below -1 and falling with
  // the voltage excess, so that the golden search walks towards the feasible side.
  const auto negative_objective = [&](double id) {
    double q, excess;
    if (!q_limit(id, q, excess)) return 1.0 + excess / (v_max + 1e-300) * 1e3;
    return -s * m.torque(id, s * q);
  };
  const double id_best = golden_minimum(negative_objective, -i_max, 0.0);
  double q, excess;
  const bool feasible = q_limit(id_best, q, excess);
  OperatingPoint point = evaluate(id_best, s * q, c);
  const bool current_active = std::hypot(id_best, q) >= i_max * (1.0 - 1e-6);
  const bool voltage_active = m.voltage(id_best, s * q) >= v_max * (1.0 - 1e-6);
  if (!feasible) {
    point.region = OperatingRegion::Uncontrollable;
  } else if (voltage_active) {
    point.region = current_active ? OperatingRegion::FluxWeakening : OperatingRegion::Mtpv;
  } else {
    point.region = OperatingRegion::Mtpa;
  }
  return point;
}

OperatingPoint OperatingPointSolver::solve(const OperatingConditions& c,
                                           const OperatingLimits& limits) const {
  if (!std::isfinite(c.torque_demand) || !std::isfinite(c.mechanical_speed) ||
      !std::isfinite(c.winding_temperature) || !std::isfinite(c.magnet_temperature)) {
    throw InputError("operating point: torque demand, speed and temperatures must be finite");
  }
  if (!(limits.dc_voltage > 0.0) || !(limits.current_limit > 0.0) ||
      !(limits.max_modulation > 0.0) || !std::isfinite(limits.dc_voltage) ||
      !std::isfinite(limits.current_limit)) {
    throw InputError("operating point: DC voltage [V], current limit [A] and maximum modulation "
                     "must be positive and finite");
  }
  const PmsmModel& motor = *motor_;
  const Machine m{motor, motor.magnet_flux_shift(c.magnet_temperature),
                  motor.resistance(c.winding_temperature), motor.pole_pairs() * c.mechanical_speed};
  const double i_max = limits.current_limit;
  const double v_max = limits.max_voltage();
  const double search = 1.05 * i_max;  // currents beyond the limit are infeasible anyway
  const double demand = c.torque_demand;
  const auto q_of = [&](double id) { return q_current_for_torque(m, id, demand, search); };
  const auto current_sq = [&](double id) {
    const double iq = q_of(id);
    return id * id + iq * iq;
  };
  const auto curve_voltage = [&](double id) { return m.voltage(id, q_of(id)); };
  const auto torque_met = [&](double id, double iq) {
    return std::abs(m.torque(id, iq) - demand) <= 1e-9 * (1.0 + std::abs(demand));
  };

  const double id_mtpa = golden_minimum(current_sq, -search, 0.0);
  const double iq_mtpa = q_of(id_mtpa);
  if (torque_met(id_mtpa, iq_mtpa) && std::hypot(id_mtpa, iq_mtpa) <= i_max * (1 + 1e-9)) {
    if (m.voltage(id_mtpa, iq_mtpa) <= v_max) {
      OperatingPoint point = evaluate(id_mtpa, iq_mtpa, c);
      point.region = OperatingRegion::Mtpa;
      return point;
    }
    // Flux weakening: move along the constant-torque curve towards negative i_d until |v| = V_max.
    const double id_mtpv = golden_minimum(curve_voltage, -search, id_mtpa);
    const double v_mtpv = curve_voltage(id_mtpv);
    if (v_mtpv <= v_max) {
      const auto g = [&](double id) { return curve_voltage(id) - v_max; };
      const double id_fw =
          bracketed_root(g, id_mtpv, id_mtpa, v_mtpv - v_max, curve_voltage(id_mtpa) - v_max);
      const double iq_fw = q_of(id_fw);
      if (torque_met(id_fw, iq_fw) && std::hypot(id_fw, iq_fw) <= i_max * (1 + 1e-9)) {
        OperatingPoint point = evaluate(id_fw, iq_fw, c);
        point.region = OperatingRegion::FluxWeakening;
        return point;
      }
    }
  }
  // Demand not reachable: deliver the largest torque in its direction.
  OperatingPoint point = max_torque(demand >= 0.0 ? 1.0 : -1.0, c, limits);
  point.torque_limited = std::abs(point.torque) < std::abs(demand);
  return point;
}

// ---------------------------------------------------------------------------------------------------
OperatingPointTable::OperatingPointTable(const PmsmModel& motor, const OperatingLimits& limits,
                                         double max_speed, int speed_points, int torque_points,
                                         double winding_temperature, double magnet_temperature) {
  if (!(max_speed > 0.0) || !std::isfinite(max_speed)) {
    throw InputError("operating-point table: maximum speed must be positive [rad/s]");
  }
  if (speed_points < 2 || torque_points < 3) {
    throw InputError("operating-point table: needs at least 2 speed points and 3 torque points");
  }
  max_speed_ = max_speed;
  speed_points_ = speed_points;
  torque_points_ = torque_points;
  speed_step_ = max_speed / (speed_points - 1);
  reference_dc_voltage_ = limits.dc_voltage;
  const OperatingPointSolver solver(motor);
  std::vector<double> ids(static_cast<std::size_t>(speed_points) * torque_points);
  std::vector<double> iqs(ids.size());
  max_torque_positive_.resize(speed_points);
  max_torque_negative_.resize(speed_points);
  const double torque_step = 2.0 / (torque_points - 1);
  for (int a = 0; a < speed_points; ++a) {
    OperatingConditions c{0.0, speed_step_ * a, winding_temperature, magnet_temperature};
    max_torque_positive_[a] = std::max(solver.max_torque(+1.0, c, limits).torque, 0.0);
    max_torque_negative_[a] = std::max(-solver.max_torque(-1.0, c, limits).torque, 0.0);
    for (int b = 0; b < torque_points; ++b) {
      const double t = -1.0 + torque_step * b;
      c.torque_demand = t >= 0.0 ? t * max_torque_positive_[a] : t * max_torque_negative_[a];
      const OperatingPoint point = solver.solve(c, limits);
      ids[static_cast<std::size_t>(a) * torque_points + b] = point.current_d;
      iqs[static_cast<std::size_t>(a) * torque_points + b] = point.current_q;
    }
  }
  current_d_ = UniformGrid2d(0.0, speed_step_, speed_points, -1.0, torque_step, torque_points, ids);
  current_q_ = UniformGrid2d(0.0, speed_step_, speed_points, -1.0, torque_step, torque_points, iqs);
}

double OperatingPointTable::effective_speed(double mechanical_speed, double dc_voltage) const {
  const double voltage = std::max(dc_voltage, 1e-6 * reference_dc_voltage_);
  const double speed = std::abs(mechanical_speed) * reference_dc_voltage_ / voltage;
  return std::isfinite(speed) ? std::min(speed, max_speed_) : max_speed_;
}

double OperatingPointTable::max_torque(double sign, double mechanical_speed,
                                       double dc_voltage) const {
  const double w = effective_speed(mechanical_speed, dc_voltage);
  const int a = std::min(static_cast<int>(w / speed_step_), speed_points_ - 2);
  const double f = w / speed_step_ - a;
  const auto at = [&](const std::vector<double>& v) { return (1 - f) * v[a] + f * v[a + 1]; };
  const bool forward = mechanical_speed >= 0.0;
  if (sign >= 0.0) return at(forward ? max_torque_positive_ : max_torque_negative_);
  return -at(forward ? max_torque_negative_ : max_torque_positive_);
}

DqPair OperatingPointTable::current_reference(double torque_demand, double mechanical_speed,
                                              double dc_voltage) const {
  const double w = effective_speed(mechanical_speed, dc_voltage);
  const bool forward = mechanical_speed >= 0.0;
  const double torque = forward ? torque_demand : -torque_demand;  // mirror to positive speed
  const int a = std::min(static_cast<int>(w / speed_step_), speed_points_ - 2);
  const double f = w / speed_step_ - a;
  const auto at = [&](const std::vector<double>& v) { return (1 - f) * v[a] + f * v[a + 1]; };
  const double reachable = torque >= 0.0 ? at(max_torque_positive_) : at(max_torque_negative_);
  double t = reachable > 0.0 ? torque / reachable : 0.0;
  t = std::isfinite(t) ? std::clamp(t, -1.0, 1.0) : 0.0;
  DqPair reference{current_d_(w, t), current_q_(w, t)};
  if (!forward) reference.q = -reference.q;
  return reference;
}

}  // namespace etsim
