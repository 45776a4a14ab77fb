#include "models/electric/foc_component.h"

#include "engine/core/error.h"

namespace etsim {

FocController::FocController(std::string name, const FocParameters& parameters,
                             std::shared_ptr<const OperatingPointTable> table)
    : Component(std::move(name)), table_(std::move(table)), controller_(parameters, table_.get()) {
  ETSIM_DEMAND(table_ != nullptr, this->name() + ": FocController needs an operating-point table");
  in_torque_ = add_input({"torque_command", "N*m", "electromagnetic torque wanted"});
  in_i_d_ = add_input({"i_d", "A", "measured d-axis current"});
  in_i_q_ = add_input({"i_q", "A", "measured q-axis current"});
  in_speed_ = add_input({"speed", "rad/s", "measured mechanical speed"});
  in_dc_voltage_ = add_input({"dc_voltage", "V", "measured DC-link voltage"});
  add_output({"v_d", "V", "d-axis voltage command"});
  add_output({"v_q", "V", "q-axis voltage command"});
  add_output({"i_d_reference", "A", "d-axis current reference"});
  add_output({"i_q_reference", "A", "q-axis current reference"});
  add_discrete_state({"integral_d", "V", 0.0, "PI integrator, d axis"});
  add_discrete_state({"integral_q", "V", 0.0, "PI integrator, q axis"});
  add_discrete_state({"v_d", "V", 0.0, "held d-axis voltage command"});
  add_discrete_state({"v_q", "V", 0.0, "held q-axis voltage command"});
  add_discrete_state({"i_d_reference", "A", 0.0, "d-axis current reference"});
  add_discrete_state({"i_q_reference", "A", 0.0, "q-axis current reference"});
  set_direct_feedthrough(false);
  set_sample_period(parameters.sample_period);
}

void FocController::update_discrete(const EvalContext& c, double* d_next) const {
  const FocInputs in{c.u[in_torque_], c.u[in_i_d_], c.u[in_i_q_], c.u[in_speed_],
                     c.u[in_dc_voltage_]};
  controller_.step(in, c.d, d_next);
}

}  // namespace etsim
