#include "engine/exec/model_system.h"

#include <algorithm>
#include <cmath>

namespace etsim {

ModelSystem::ModelSystem(const Model& model, RunData& data, double default_absolute_tolerance,
                         bool provide_jacobian)
    : model_(model), data_(data), provide_jacobian_(provide_jacobian) {
  const int n = model.state_size();
  absolute_tolerance_.resize(n);
  for (int i = 0; i < n; ++i) {
    const double declared = model.state_absolute_tolerance()[i];
    absolute_tolerance_[i] =
        declared > 0.0 ? declared : default_absolute_tolerance * model.state_nominal()[i];
  }
  // Greedy column colouring (Curtis-Powell-Reid): two columns may share a colour when no row
  // has entries in both.
  const SparsityPattern& pattern = model.jacobian_pattern();
  colour_of_column_.assign(n, -1);
  std::vector<int> row_colour_mark;  // per row: last colour that uses it
  std::vector<std::vector<char>> row_used;
  for (int j = 0; j < n; ++j) {
    int colour = 0;
    for (;; ++colour) {
      if (colour >= static_cast<int>(row_used.size())) row_used.emplace_back(n, 0);
      bool clash = false;
      for (int k = pattern.column_start[j]; k < pattern.column_start[j + 1] && !clash; ++k) {
        clash = row_used[colour][pattern.row_index[k]] != 0;
      }
      if (!clash) break;
    }
    colour_of_column_[j] = colour;
    for (int k = pattern.column_start[j]; k < pattern.column_start[j + 1]; ++k) {
      row_used[colour][pattern.row_index[k]] = 1;
    }
    colour_count_ = std::max(colour_count_, colour + 1);
  }
  perturbed_x_.resize(n);
  perturbed_xdot_.resize(n);
}

const SparsityPattern* ModelSystem::jacobian_pattern() const {
  return provide_jacobian_ ? &model_.jacobian_pattern() : nullptr;
}

EvalContext ModelSystem::context(int component, double t, const double* x) {
  const ComponentLayout& l = model_.layout(component);
  EvalContext c;
  c.time = t;
  c.x = x + l.state_offset;
  c.u = data_.u.data() + l.input_offset;
  c.y = data_.y.data() + l.output_offset;
  c.d = data_.d.data() + l.discrete_offset;
  c.work = data_.work.data() + l.work_offset;
  return c;
}

void ModelSystem::gather_inputs(int component, double t) {
  const ComponentLayout& l = model_.layout(component);
  const auto start = model_.input_term_start();
  const auto terms = model_.input_terms();
  const double* y = data_.y.data();
  for (int i = l.input_offset; i < l.input_offset + l.input_count; ++i) {
    double sum = 0.0;
    for (int k = start[i]; k < start[i + 1]; ++k) {
      const int term = terms[k];
      if (term >= 0) {
        sum += y[term];
      } else {
        const int slot = -term - 1;
        sum += data_.external_value[slot] +
               data_.external_slope[slot] * (t - data_.external_time[slot]);
      }
    }
    data_.u[i] = sum;
  }
}

RhsStatus ModelSystem::evaluate_outputs(double t, const double* x) {
  for (int c : model_.output_sequence()) {
    gather_inputs(c, t);
    const RhsStatus status = model_.component(c).compute_outputs(context(c, t, x));
    if (status != RhsStatus::Ok) {
      failed_component_ = c;
      return status;
    }
  }
  return RhsStatus::Ok;
}

RhsStatus ModelSystem::evaluate_derivatives(double t, const double* x, double* xdot) {
  const int count = model_.component_count();
  for (int c = 0; c < count; ++c) {
    const ComponentLayout& l = model_.layout(c);
    if (l.state_count == 0) continue;
    gather_inputs(c, t);
    const RhsStatus status =
        model_.component(c).compute_derivatives(context(c, t, x), xdot + l.state_offset);
    if (status != RhsStatus::Ok) {
      failed_component_ = c;
      return status;
    }
  }
  return RhsStatus::Ok;
}

RhsStatus ModelSystem::derivatives(double t, const double* x, double* xdot) {
  const RhsStatus status = evaluate_outputs(t, x);
  if (status != RhsStatus::Ok) return status;
  return evaluate_derivatives(t, x, xdot);
}

RhsStatus ModelSystem::zero_crossings(double t, const double* x, double* g) {
  const RhsStatus status = evaluate_outputs(t, x);
  if (status != RhsStatus::Ok) return status;
  const int count = model_.component_count();
  for (int c = 0; c < count; ++c) {
    const ComponentLayout& l = model_.layout(c);
    if (l.zero_crossing_count == 0) continue;
    gather_inputs(c, t);
    model_.component(c).zero_crossings(context(c, t, x), g + l.zero_crossing_offset);
  }
  return RhsStatus::Ok;
}

RhsStatus ModelSystem::jacobian(double t, const double* x, const double* xdot, double* values) {
  const int n = model_.state_size();
  const SparsityPattern& pattern = model_.jacobian_pattern();
  std::copy(x, x + n, perturbed_x_.begin());
  const double root_epsilon = 1.4901161193847656e-8;  // sqrt(machine epsilon)
  for (int colour = 0; colour < colour_count_; ++colour) {
    for (int j = 0; j < n; ++j) {
      if (colour_of_column_[j] != colour) continue;
      const double step = root_epsilon * std::max(std::abs(x[j]), model_.state_nominal()[j]);
      perturbed_x_[j] = x[j] + step;
    }
    const RhsStatus status = derivatives(t, perturbed_x_.data(), perturbed_xdot_.data());
    if (status != RhsStatus::Ok) return status;
    for (int j = 0; j < n; ++j) {
      if (colour_of_column_[j] != colour) continue;
      const double step = perturbed_x_[j] - x[j];
      for (int k = pattern.column_start[j]; k < pattern.column_start[j + 1]; ++k) {
        const int row = pattern.row_index[k];
        values[k] = (perturbed_xdot_[row] - xdot[row]) / step;
      }
      perturbed_x_[j] = x[j];
    }
  }
  // Leave outputs consistent with the unperturbed state.
  return evaluate_outputs(t, x);
}

}  // namespace etsim
