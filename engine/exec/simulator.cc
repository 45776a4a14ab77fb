#include "engine/exec/simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace etsim {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}

Simulator::Simulator(const Model& model, const SolverOptions& options, double t0)
    : model_(model), options_(options), data_(make_run_data(model)) {
  fixed_step_ = is_fixed_step(options.method);
  const bool sparse = options.linear_solver == LinearSolverKind::SparseKlu;
  system_ = std::make_unique<ModelSystem>(model_, data_, options.absolute_tolerance, sparse);
  integrator_ = make_integrator(options_);
  data_.time = t0;
  next_sample_index_.assign(model.sample_groups().size(), 0);
  for (std::size_t k = 0; k < model.sample_groups().size(); ++k) {
    const SampleGroup& group = model.sample_groups()[k];
    if (fixed_step_) {
      const double ratio = group.period / options.fixed_step;
      if (std::abs(ratio - std::round(ratio)) > 1e-6 || ratio < 0.999) {
        std::ostringstream message;
        message << "sample period " << group.period << " s of component '"
                << model.component(group.components.front()).name()
                << "' is not a whole multiple of the fixed step " << options.fixed_step << " s";
        throw InputError(message.str());
      }
    }
    // First hit at or after t0.
    next_sample_index_[k] = static_cast<long>(
        std::ceil((t0 - group.offset) / group.period - 1e-9));
    if (next_sample_index_[k] < 0) next_sample_index_[k] = 0;
  }
  start();
}

Simulator::~Simulator() = default;

void Simulator::start() {
  // Components may initialise their states and discrete states consistently from their inputs.
  system_->evaluate_outputs(data_.time, data_.x.data());
  for (int c = 0; c < model_.component_count(); ++c) {
    const ComponentLayout& l = model_.layout(c);
    EvalContext context = system_->context(c, data_.time, data_.x.data());
    system_->gather_inputs(c, data_.time);
    model_.component(c).initialize(context, data_.x.data() + l.state_offset,
                                   data_.d.data() + l.discrete_offset);
  }
  if (system_->evaluate_outputs(data_.time, data_.x.data()) != RhsStatus::Ok) {
    const int c = system_->failed_component();
    throw SimulationError("initial outputs could not be evaluated in component '" +
                              (c >= 0 ? model_.component(c).name() : std::string("?")) + "'",
                          data_.time, "", c >= 0 ? model_.component(c).name() : "");
  }
  process_sample_hits();
  if (model_.state_size() > 0) integrator_->initialize(*system_, data_.time, data_.x);
}

double Simulator::next_sample_time() const {
  double next = kInfinity;
  const auto& groups = model_.sample_groups();
  for (std::size_t k = 0; k < groups.size(); ++k) {
    next = std::min(next, groups[k].offset + next_sample_index_[k] * groups[k].period);
  }
  return next;
}

void Simulator::process_sample_hits() {
  const auto& groups = model_.sample_groups();
  if (groups.empty()) return;
  // Tolerance for "now": a small fraction of the smallest step that can occur.
  const double tolerance = 1e-9 * (fixed_step_ ? options_.fixed_step : 1.0);
  bool any = false;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const double hit = groups[k].offset + next_sample_index_[k] * groups[k].period;
    if (hit > data_.time + tolerance) continue;
    if (!any) {
      // Outputs at the current state feed the controllers.
      system_->evaluate_outputs(data_.time, data_.x.data());
      any = true;
    }
    for (int c : groups[k].components) {
      const ComponentLayout& l = model_.layout(c);
      system_->gather_inputs(c, data_.time);
      EvalContext context = system_->context(c, data_.time, data_.x.data());
      model_.component(c).update_discrete(context, data_.d_next.data() + l.discrete_offset);
    }
    ++events_.sample_hits;
    ++next_sample_index_[k];
  }
  if (!any) return;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    for (int c : groups[k].components) {
      const ComponentLayout& l = model_.layout(c);
      std::copy_n(data_.d_next.begin() + l.discrete_offset, l.discrete_count,
                  data_.d.begin() + l.discrete_offset);
    }
  }
  system_->evaluate_outputs(data_.time, data_.x.data());
}

void Simulator::reset_solver() {
  if (model_.state_size() > 0) integrator_->reset(data_.time, data_.x);
  ++events_.solver_resets;
}

void Simulator::refresh_outputs() { system_->evaluate_outputs(data_.time, data_.x.data()); }

void Simulator::fail(const SolverFailure& failure) {
  std::string state, component;
  if (failure.state_index() >= 0 && failure.state_index() < model_.state_size()) {
    state = model_.state_name(failure.state_index());
    component = model_.component(model_.state_owner(failure.state_index())).name();
  }
  if (system_->failed_component() >= 0) {
    component = model_.component(system_->failed_component()).name();
  }
  std::ostringstream message;
  message << "solver failed at t = " << failure.time() << " s";
  if (!component.empty()) message << " in component '" << component << "'";
  if (!state.empty()) {
    message << ", state '" << state << "' = " << integrator_->state()[failure.state_index()];
  }
  message << ": " << failure.what();
  throw SimulationError(message.str(), failure.time(), state, component);
}

void Simulator::advance_to(double t_target) {
  const double tolerance = fixed_step_ ? 1e-9 * options_.fixed_step : 1e-12 * std::max(1.0, std::abs(t_target));
  while (data_.time < t_target - tolerance) {
    double t_stop = std::min(t_target, next_sample_time());
    bool time_event = false;
    if (!fixed_step_) {
      for (int c = 0; c < model_.component_count(); ++c) {
        EvalContext context = system_->context(c, data_.time, data_.x.data());
        const double event = model_.component(c).next_time_event(data_.time, context);
        if (event > data_.time + tolerance && event <= t_stop + tolerance) {
          t_stop = std::min(t_stop, event);
          time_event = true;
        }
      }
    }
    AdvanceResult result;
    if (model_.state_size() == 0) {
      // Purely discrete/algebraic model: nothing to integrate.
      result.time = t_stop;
    } else {
      try {
        result = integrator_->advance(t_stop);
      } catch (const SolverFailure& failure) {
        fail(failure);
      }
      const auto state = integrator_->state();
      std::copy(state.begin(), state.end(), data_.x.begin());
    }
    data_.time = result.time;

    bool restart = false;
    if (result.status == AdvanceResult::Status::RootFound) {
      system_->evaluate_outputs(data_.time, data_.x.data());
      for (int c = 0; c < model_.component_count(); ++c) {
        const ComponentLayout& l = model_.layout(c);
        for (int z = 0; z < l.zero_crossing_count; ++z) {
          const int direction = result.root_directions[l.zero_crossing_offset + z];
          if (direction == 0) continue;
          system_->gather_inputs(c, data_.time);
          EvalContext context = system_->context(c, data_.time, data_.x.data());
          model_.component(c).on_zero_crossing(z, direction, context,
                                               data_.d.data() + l.discrete_offset);
          ++events_.state_events;
          restart = true;
        }
      }
    }
    const long hits_before = events_.sample_hits;
    process_sample_hits();
    restart = restart || events_.sample_hits != hits_before;
    if (time_event && std::abs(data_.time - t_stop) <= tolerance) {
      ++events_.time_events;
      restart = true;
    }
    if (restart) {
      system_->evaluate_outputs(data_.time, data_.x.data());
      reset_solver();
    }
  }
}

}  // namespace etsim
