#include "models/thermal/coolant_boundary.h"

#include <algorithm>
#include <limits>

#include "engine/core/error.h"

namespace etsim::thermal {

CoolantSupply::CoolantSupply(std::string name, double mass_flow, double temperature,
                             Table1D mass_flow_profile, Table1D temperature_profile)
    : Component(std::move(name)),
      mass_flow_(mass_flow),
      temperature_(temperature),
      mass_flow_profile_(std::move(mass_flow_profile)),
      temperature_profile_(std::move(temperature_profile)) {
  ETSIM_DEMAND(mass_flow >= 0.0 && temperature > 0.0,
               this->name() + ": mass flow must be >= 0 and temperature > 0 K");
  add_port("outlet", PortKind::Coolant, PortRole::A);  // out: mass_flow, temperature
  set_direct_feedthrough(false);
  set_workspace_size(2);  // interpolation hints
}

RhsStatus CoolantSupply::compute_outputs(const EvalContext& c) const {
  c.y[0] = mass_flow_profile_.empty() ? mass_flow_ : mass_flow_profile_.evaluate(c.time, c.work[0]);
  c.y[1] = temperature_profile_.empty() ? temperature_
                                        : temperature_profile_.evaluate(c.time, c.work[1]);
  return RhsStatus::Ok;
}

double CoolantSupply::next_time_event(double t, const EvalContext& c) const {
  double next = std::numeric_limits<double>::infinity();
  if (!mass_flow_profile_.empty()) next = std::min(next, mass_flow_profile_.next_breakpoint_after(t));
  if (!temperature_profile_.empty()) {
    next = std::min(next, temperature_profile_.next_breakpoint_after(t));
  }
  return next;
}

CoolantReturn::CoolantReturn(std::string name, double specific_heat, double reference_temperature)
    : Component(std::move(name)),
      specific_heat_(specific_heat),
      reference_temperature_(reference_temperature) {
  ETSIM_DEMAND(specific_heat > 0.0, this->name() + ": specific heat must be positive");
  add_port("inlet", PortKind::Coolant, PortRole::B);  // in: mass_flow, temperature
  add_output({"temperature", "K", "returning coolant temperature"});
  add_output({"heat_carried", "W", "m_dot c_p (T_return - T_reference)"});
}

RhsStatus CoolantReturn::compute_outputs(const EvalContext& c) const {
  c.y[0] = c.u[1];
  c.y[1] = c.u[0] * specific_heat_ * (c.u[1] - reference_temperature_);
  return RhsStatus::Ok;
}

}  // namespace etsim::thermal
