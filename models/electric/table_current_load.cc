#include "models/electric/table_current_load.h"

#include <limits>

namespace etsim::electric {

TableCurrentLoad::TableCurrentLoad(std::string name, Table1D current_profile,
                                   bool stop_at_breakpoints)
    : Component(std::move(name)),
      profile_(std::move(current_profile)),
      stop_at_breakpoints_(stop_at_breakpoints) {
  add_port("dc", PortKind::ElectricalDc, PortRole::B);  // in 0: voltage; out 0: current drawn
  add_output({"current", "A", "load current"});
  add_output({"power", "W", "electrical power drawn"});
  set_workspace_size(1);  // interpolation search hint
  add_feedthrough(2, 0);  // power depends on the voltage; the current does not
}

double TableCurrentLoad::next_time_event(double t, const EvalContext& c) const {
  if (!stop_at_breakpoints_) return std::numeric_limits<double>::infinity();
  return profile_.next_breakpoint_after(t);
}

RhsStatus TableCurrentLoad::partial_derivatives(const EvalContext& c,
                                                const PartialDerivatives& p) const {
  // Only the power (output 2) = current(t) * voltage depends on an input.
  p.output_by_input[2] = profile_.evaluate(c.time, c.work[0]);
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
