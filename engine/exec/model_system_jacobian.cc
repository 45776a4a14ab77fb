// ModelSystem's assembled Jacobian. Each component's block of partial derivatives (its outputs
// and state derivatives with respect to its own states and inputs) comes from the component when
// it gives one (Component::partial_derivatives) and from forward differences of that component
// alone otherwise. The blocks are chained through the connections in evaluation order:
//   d y_o / d x = dy_o/dx_own + sum_i dy_o/du_i * d u_i / d x,   d u_i / d x = sum of d y_src / d x,
//   d f_k / d x = df_k/dx_own + sum_i df_k/du_i * d u_i / d x,
// with rows over all states kept dense (outputs x states). All work space is allocated here once.
#include <algorithm>
#include <cmath>

#include "engine/exec/model_system.h"
#include "engine/exec/model_system_work.h"

namespace etsim {

void ModelSystem::prepare_assembly() {
  if (!provide_jacobian_ || !assemble_requested_ || !model_.algebraic_loops().empty()) return;
  bool any_analytic = false;
  int max_states = 0, max_inputs = 0, max_outputs = 0;
  for (int c = 0; c < model_.component_count(); ++c) {
    any_analytic = any_analytic || model_.component(c).has_partial_derivatives();
    const ComponentLayout& l = model_.layout(c);
    max_states = std::max(max_states, l.state_count);
    max_inputs = std::max(max_inputs, l.input_count);
    max_outputs = std::max(max_outputs, l.output_count);
  }
  if (!any_analytic) return;
  const std::size_t n = static_cast<std::size_t>(model_.state_size());
  assembly_ = std::make_unique<Assembly>();
  Assembly& a = *assembly_;
  a.output_rows.assign(static_cast<std::size_t>(model_.output_size()) * n, 0.0);
  a.input_rows.assign(static_cast<std::size_t>(model_.input_size()) * n, 0.0);
  a.jacobian.assign(n * n, 0.0);
  a.output_by_state.assign(static_cast<std::size_t>(max_outputs) * max_states, 0.0);
  a.output_by_input.assign(static_cast<std::size_t>(max_outputs) * max_inputs, 0.0);
  a.derivative_by_state.assign(static_cast<std::size_t>(max_states) * max_states, 0.0);
  a.derivative_by_input.assign(static_cast<std::size_t>(max_states) * max_inputs, 0.0);
  a.x.assign(std::max(1, max_states), 0.0);
  a.u.assign(std::max(1, max_inputs), 0.0);
  a.y_base.assign(std::max(1, max_outputs), 0.0);
  a.y.assign(std::max(1, max_outputs), 0.0);
  a.f_base.assign(std::max(1, max_states), 0.0);
  a.f.assign(std::max(1, max_states), 0.0);
  for (int c = 0; c < model_.component_count(); ++c) {
    a.analytic.push_back(model_.component(c).has_partial_derivatives() ? 1 : 0);
  }
}

// The block of component c at its current inputs (gathered) and states, into the assembly's
// block buffers (dense, row-major, leading dimensions the component's own counts).
RhsStatus ModelSystem::local_partials(int c, double t, const double* x) {
  Assembly& a = *assembly_;
  const Component& component = model_.component(c);
  const ComponentLayout& l = model_.layout(c);
  const int ns = l.state_count, ni = l.input_count, no = l.output_count;
  std::fill_n(a.output_by_state.begin(), no * ns, 0.0);
  std::fill_n(a.output_by_input.begin(), no * ni, 0.0);
  std::fill_n(a.derivative_by_state.begin(), ns * ns, 0.0);
  std::fill_n(a.derivative_by_input.begin(), ns * ni, 0.0);
  const double* u = data_.u.data() + l.input_offset;
  if (a.analytic[c]) {
    EvalContext context = prepare(c, t, x);
    return component.partial_derivatives(
        context, {a.output_by_state.data(), a.output_by_input.data(), a.derivative_by_state.data(),
                  a.derivative_by_input.data()});
  }
  // Forward differences of this component alone, in scratch copies of its states, inputs and
  // outputs (the run data is not touched, apart from lookup hints in its workspace).
  std::copy_n(x + l.state_offset, ns, a.x.begin());
  std::copy_n(u, ni, a.u.begin());
  EvalContext context = contexts_[c];
  context.time = t;
  context.x = a.x.data();
  context.u = a.u.data();
  const auto evaluate = [&](double* y, double* f) {
    context.y = y;
    RhsStatus status = component.compute_outputs(context);
    if (status == RhsStatus::Ok && ns > 0) status = component.compute_derivatives(context, f);
    return status;
  };
  RhsStatus status = evaluate(a.y_base.data(), a.f_base.data());
  if (status != RhsStatus::Ok) return status;
  const double root_epsilon = 1.4901161193847656e-8;
  for (int s = 0; s < ns; ++s) {
    const double saved = a.x[s];
    const double step = root_epsilon * std::max(std::abs(saved), model_.state_nominal()[l.state_offset + s]);
    a.x[s] = saved + step;
    status = evaluate(a.y.data(), a.f.data());
    a.x[s] = saved;
    if (status != RhsStatus::Ok) return status;
    for (int o = 0; o < no; ++o) a.output_by_state[o * ns + s] = (a.y[o] - a.y_base[o]) / step;
    for (int k = 0; k < ns; ++k) a.derivative_by_state[k * ns + s] = (a.f[k] - a.f_base[k]) / step;
  }
  for (int i = 0; i < ni; ++i) {
    const double saved = a.u[i];
    const double step = root_epsilon * std::max(std::abs(saved), 1.0);
    a.u[i] = saved + step;
    status = evaluate(a.y.data(), a.f.data());
    a.u[i] = saved;
    if (status != RhsStatus::Ok) return status;
    for (int o = 0; o < no; ++o) a.output_by_input[o * ni + i] = (a.y[o] - a.y_base[o]) / step;
    for (int k = 0; k < ns; ++k) a.derivative_by_input[k * ni + i] = (a.f[k] - a.f_base[k]) / step;
  }
  return RhsStatus::Ok;
}

RhsStatus ModelSystem::assemble_jacobian(double t, const double* x, double* values) {
  Assembly& a = *assembly_;
  const int n = model_.state_size();
  // Outputs and inputs at (t, x), every input gathered from the final outputs.
  RhsStatus status = evaluate_outputs(t, x);
  if (status != RhsStatus::Ok) return status;
  for (int c = 0; c < model_.component_count(); ++c) gather_inputs(c, t);
  std::fill(a.output_rows.begin(), a.output_rows.end(), 0.0);
  std::fill(a.jacobian.begin(), a.jacobian.end(), 0.0);
  const auto start = model_.input_term_start();
  const auto terms = model_.input_terms();
  // d u_i / d x from the rows of its sources (external terms do not depend on x).
  const auto input_row = [&](int input) {
    double* row = a.input_rows.data() + static_cast<std::size_t>(input) * n;
    std::fill_n(row, n, 0.0);
    for (int k = start[input]; k < start[input + 1]; ++k) {
      if (terms[k] < 0) continue;
      const double* source = a.output_rows.data() + static_cast<std::size_t>(terms[k]) * n;
      for (int j = 0; j < n; ++j) row[j] += source[j];
    }
    return row;
  };
  // Output rows in evaluation order: each output's feedthrough inputs come from outputs already
  // done. A component called several times gets its block once, at its first call (its inputs
  // are all gathered at their final values above).
  const auto sequence = model_.output_sequence();
  const auto sequence_start = model_.sequence_output_start();
  const auto sequence_outputs = model_.sequence_outputs();
  int block_of = -1;
  for (std::size_t call = 0; call < sequence.size(); ++call) {
    const int c = sequence[call];
    const ComponentLayout& l = model_.layout(c);
    // Recomputed when the sequence returns to a component (cheap for the few components that
    // are called twice).
    if (block_of != c) {
      status = local_partials(c, t, x);
      if (status != RhsStatus::Ok) {
        failed_component_ = c;
        return status;
      }
      block_of = c;
    }
    const Component& component = model_.component(c);
    for (int k = sequence_start[call]; k < sequence_start[call + 1]; ++k) {
      const int output = sequence_outputs[k];
      const int o = output - l.output_offset;
      double* row = a.output_rows.data() + static_cast<std::size_t>(output) * n;
      for (int s = 0; s < l.state_count; ++s) {
        row[l.state_offset + s] += a.output_by_state[o * l.state_count + s];
      }
      for (int i = 0; i < l.input_count; ++i) {
        const double partial = a.output_by_input[o * l.input_count + i];
        if (partial == 0.0 || !component.output_depends_on_input(o, i)) continue;
        const double* u_row = input_row(l.input_offset + i);
        for (int j = 0; j < n; ++j) row[j] += partial * u_row[j];
      }
    }
  }
  // State-derivative rows, with every output row final.
  for (int c : stateful_components_) {
    const ComponentLayout& l = model_.layout(c);
    status = local_partials(c, t, x);
    if (status != RhsStatus::Ok) {
      failed_component_ = c;
      return status;
    }
    for (int k = 0; k < l.state_count; ++k) {
      double* row = a.jacobian.data() + static_cast<std::size_t>(l.state_offset + k) * n;
      for (int s = 0; s < l.state_count; ++s) {
        row[l.state_offset + s] += a.derivative_by_state[k * l.state_count + s];
      }
    }
    for (int i = 0; i < l.input_count; ++i) {
      const double* u_row = input_row(l.input_offset + i);
      for (int k = 0; k < l.state_count; ++k) {
        const double partial = a.derivative_by_input[k * l.input_count + i];
        if (partial == 0.0) continue;
        double* row = a.jacobian.data() + static_cast<std::size_t>(l.state_offset + k) * n;
        for (int j = 0; j < n; ++j) row[j] += partial * u_row[j];
      }
    }
  }
  // Into the pattern's order (compressed columns).
  const SparsityPattern& pattern = model_.jacobian_pattern();
  for (int column = 0; column < n; ++column) {
    for (int entry = pattern.column_start[column]; entry < pattern.column_start[column + 1]; ++entry) {
      values[entry] = a.jacobian[static_cast<std::size_t>(pattern.row_index[entry]) * n + column];
    }
  }
  return RhsStatus::Ok;
}

}  // namespace etsim
