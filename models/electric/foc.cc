#include "models/electric/foc.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/error.h"

namespace etsim {

namespace {

void axis_gains(double resistance, double inductance, double sample_period, double bandwidth,
                double& proportional, double& integral) {
  const double plant_pole = std::exp(-resistance * sample_period / inductance);
  const double plant_gain = (1.0 - plant_pole) / resistance;
  proportional = (1.0 - std::exp(-bandwidth * sample_period)) / plant_gain;
  integral = proportional * (1.0 - plant_pole);
}

}  // namespace

CurrentLoopGains design_current_loop(const FocParameters& p) {
  const auto positive = [](double v) { return v > 0.0 && std::isfinite(v); };
  if (!positive(p.sample_period) || !positive(p.bandwidth) || !positive(p.resistance) ||
      !positive(p.inductance_d) || !positive(p.inductance_q)) {
    throw InputError("FOC: sample period [s], bandwidth [rad/s], resistance [Ohm] and inductances "
                     "[H] must all be positive and finite");
  }
  if (p.bandwidth * p.sample_period > 3.0) {
    throw InputError("FOC: bandwidth " + std::to_string(p.bandwidth) +
                     " rad/s is too high for sample period " + std::to_string(p.sample_period) +
                     " s (need bandwidth * period <= 3; typically <= 0.5)");
  }
  if (p.pole_pairs < 1 || !(p.max_modulation > 0.0) || !(p.magnet_flux >= 0.0)) {
    throw InputError("FOC: pole pairs >= 1, maximum modulation > 0 and magnet flux >= 0 required");
  }
  CurrentLoopGains gains;
  axis_gains(p.resistance, p.inductance_d, p.sample_period, p.bandwidth, gains.proportional_d,
             gains.integral_d);
  axis_gains(p.resistance, p.inductance_q, p.sample_period, p.bandwidth, gains.proportional_q,
             gains.integral_q);
  return gains;
}

FocCurrentController::FocCurrentController(FocParameters parameters,
                                           const OperatingPointTable* table)
    : parameters_(parameters), gains_(design_current_loop(parameters)), table_(table) {}

void FocCurrentController::step(const FocInputs& in, const double* state,
                                double* next_state) const {
  const DqPair reference = table_ != nullptr
                               ? table_->current_reference(in.torque_command, in.mechanical_speed,
                                                           in.dc_voltage)
                               : DqPair{state[kFocReferenceD], state[kFocReferenceQ]};
  step_with_reference(reference, in, state, next_state);
}

void FocCurrentController::step_with_reference(DqPair reference, const FocInputs& in,
                                               const double* state, double* next_state) const {
  const double electrical_speed = parameters_.pole_pairs * in.mechanical_speed;
  const double error_d = reference.d - in.current_d;
  const double error_q = reference.q - in.current_q;
  const double feed_forward_d = -electrical_speed * parameters_.inductance_q * in.current_q;
  const double feed_forward_q =
      electrical_speed * (parameters_.inductance_d * in.current_d + parameters_.magnet_flux);
  const double unsat_d = gains_.proportional_d * error_d + state[kFocIntegralD] + feed_forward_d;
  const double unsat_q = gains_.proportional_q * error_q + state[kFocIntegralQ] + feed_forward_q;
  const double v_max = parameters_.max_modulation * std::max(in.dc_voltage, 0.0) / std::sqrt(3.0);
  // sqrt rather than std::hypot (no overflow at volt magnitudes; hypot costs several times more
  // and this runs at every PWM sample).
  const double magnitude = std::sqrt(unsat_d * unsat_d + unsat_q * unsat_q);
  const double scale = magnitude > v_max ? v_max / magnitude : 1.0;
  const double v_d = unsat_d * scale, v_q = unsat_q * scale;
  // Clamping anti-windup: while the voltage is clamped, an axis integrates only when its error
  // pulls its voltage back towards the circle.
  const bool saturated = scale < 1.0;
  const bool integrate_d = !saturated || error_d * unsat_d < 0.0;
  const bool integrate_q = !saturated || error_q * unsat_q < 0.0;
  next_state[kFocIntegralD] = state[kFocIntegralD] + (integrate_d ? gains_.integral_d * error_d : 0.0);
  next_state[kFocIntegralQ] = state[kFocIntegralQ] + (integrate_q ? gains_.integral_q * error_q : 0.0);
  next_state[kFocVoltageD] = v_d;
  next_state[kFocVoltageQ] = v_q;
  next_state[kFocReferenceD] = reference.d;
  next_state[kFocReferenceQ] = reference.q;
}

}  // namespace etsim
