#include "models/control/thermostat.h"

#include "engine/core/error.h"

namespace etsim::control {

Thermostat::Thermostat(std::string name, double on_temperature, double off_temperature)
    : Component(std::move(name)), on_temperature_(on_temperature), off_temperature_(off_temperature) {
  ETSIM_DEMAND(off_temperature < on_temperature,
               this->name() + ": off temperature must be below the on temperature");
  add_input({"temperature", "K", "measured temperature"});
  add_output({"command", "1", "1 when on, 0 when off"});
  add_discrete_state({"on", "1", 0.0, "switch state"});
  set_zero_crossing_count(2);
  set_direct_feedthrough(false);
}

void Thermostat::on_zero_crossing(int index, int direction, const EvalContext& c, double* d) const {
  if (index == 0 && direction > 0) d[0] = 1.0;
  if (index == 1 && direction < 0) d[0] = 0.0;
}

void Thermostat::initialize(const EvalContext& c, double* x, double* d) const {
  // Outside the hysteresis band the state follows the temperature; inside it the scenario's initial
  // value ('initial: {on: 1}') decides.
  if (c.u[0] >= on_temperature_) d[0] = 1.0;
  if (c.u[0] <= off_temperature_) d[0] = 0.0;
}

RhsStatus Thermostat::partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const {
  return RhsStatus::Ok;  // the command is a discrete state: no continuous dependence
}

}  // namespace etsim::control
