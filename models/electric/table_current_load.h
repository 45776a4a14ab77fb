// A load drawing a current given as a function of time by a table (a drive-cycle-like profile):
//   i(t) = table(t)  (interpolation as chosen in the scenario), p = v i.
// The table's breakpoints are time events, so variable-step solvers stop at each kink.
#pragma once

#include <string>

#include "engine/core/table1d.h"
#include "engine/framework/component.h"

namespace etsim::electric {

class TableCurrentLoad final : public Component {
 public:
  TableCurrentLoad(std::string name, Table1D current_profile, bool stop_at_breakpoints);
  std::string_view type_name() const override { return "TableCurrentLoad"; }
  RhsStatus compute_outputs(const EvalContext& c) const override;
  bool has_partial_derivatives() const override { return true; }
  RhsStatus partial_derivatives(const EvalContext& c, const PartialDerivatives& p) const override;
  double next_time_event(double t, const EvalContext& c) const override;

 private:
  Table1D profile_;
  bool stop_at_breakpoints_;
};

// The equations, here rather than in the .cc file so that compiled kernels
// (engine/exec/compiled_kernel.h) can inline them.
inline RhsStatus TableCurrentLoad::compute_outputs(const EvalContext& c) const {
  const double current = profile_.evaluate(c.time, c.work[0]);
  c.y[0] = current;
  c.y[1] = current;
  c.y[2] = current * c.u[0];
  return RhsStatus::Ok;
}

}  // namespace etsim::electric
