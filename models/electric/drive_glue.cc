#include "models/electric/drive_glue.h"

#include <cmath>
#include <numbers>

#include "engine/core/error.h"
#include "models/electric/inverter.h"

namespace etsim {

DriveDeadTimeCompensation::DriveDeadTimeCompensation(std::string name,
                                                     const DeadTimeCompensationParameters& p)
    : Component(std::move(name)), p_(p) {
  if (!(p_.dead_time >= 0.0) || !(p_.switching_frequency > 0.0) ||
      !(p_.dead_time_current_width > 0.0)) {
    throw InputError(this->name() +
                     ": dead_time must be >= 0 s, switching_frequency and "
                     "dead_time_current_width > 0 (expected the inverter's values)");
  }
  in_v_d_ = add_input({"v_d", "V", "d-axis voltage the motor needs"});
  in_v_q_ = add_input({"v_q", "V", "q-axis voltage the motor needs"});
  in_i_d_ = add_input({"i_d", "A", "d-axis phase current (peak)"});
  in_i_q_ = add_input({"i_q", "A", "q-axis phase current (peak)"});
  in_dc_voltage_ = add_input({"dc_voltage", "V", "DC-link voltage"});
  out_v_d_ref_ = add_output({"v_d_ref", "V", "d-axis reference incl. dead-time compensation"});
  out_v_q_ref_ = add_output({"v_q_ref", "V", "q-axis reference incl. dead-time compensation"});
}

RhsStatus DriveDeadTimeCompensation::compute_outputs(const EvalContext& c) const {
  const double i_d = c.u[in_i_d_], i_q = c.u[in_i_q_];
  // The inverter's own dead-time error, added instead of subtracted.
  const DeadTimeError error = dead_time_error(p_.dead_time, p_.switching_frequency,
                                              c.u[in_dc_voltage_], p_.dead_time_current_width, i_d, i_q);
  c.y[out_v_d_ref_] = c.u[in_v_d_] + error.d;
  c.y[out_v_q_ref_] = c.u[in_v_q_] + error.q;
  return std::isfinite(c.y[out_v_d_ref_]) && std::isfinite(c.y[out_v_q_ref_])
             ? RhsStatus::Ok
             : RhsStatus::Recoverable;
}

namespace {
constexpr const char* kPowerNames[DriveEnergyMeter::kChannels] = {
    "dc_power", "inverter_loss", "motor_loss", "gearbox_loss", "source_loss"};
constexpr const char* kPowerDescriptions[DriveEnergyMeter::kChannels] = {
    "power delivered by the DC source at its terminals", "all inverter semiconductor losses",
    "motor copper + iron + mechanical loss", "gearbox mesh and drag loss",
    "loss in the source's series resistance"};
constexpr const char* kEnergyNames[DriveEnergyMeter::kChannels] = {
    "energy_dc", "energy_inverter_loss", "energy_motor_loss", "energy_gearbox_loss",
    "energy_source_loss"};
}  // namespace

DriveEnergyMeter::DriveEnergyMeter(std::string name) : Component(std::move(name)) {
  for (int k = 0; k < kChannels; ++k) {
    // Nominal 1 MJ: a WLTC moves a few MJ; the absolute tolerance follows from the nominal.
    add_state({kEnergyNames[k], "J", 0.0, 1.0e6, 0.0, std::string("integral of ") + kPowerNames[k]});
    add_input({kPowerNames[k], "W", kPowerDescriptions[k]});
  }
  for (int k = 0; k < kChannels; ++k) {
    add_output({kEnergyNames[k], "J", std::string("integral of ") + kPowerNames[k]});
  }
  set_direct_feedthrough(false);
}

RhsStatus DriveEnergyMeter::compute_outputs(const EvalContext& c) const {
  for (int k = 0; k < kChannels; ++k) c.y[k] = c.x[k];
  return RhsStatus::Ok;
}

RhsStatus DriveEnergyMeter::compute_derivatives(const EvalContext& c, double* xdot) const {
  for (int k = 0; k < kChannels; ++k) xdot[k] = c.u[k];
  return RhsStatus::Ok;
}

}  // namespace etsim
