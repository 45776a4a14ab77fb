#include "engine/exec/simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace etsim {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Sign change of a zero-crossing function, with the fixed-step integrators' convention: rising
// from < 0 to >= 0, falling from > 0 to <= 0.
int crossing_direction(double before, double after) {
  if (before < 0.0 && after >= 0.0) return 1;
  if (before > 0.0 && after <= 0.0) return -1;
  return 0;
}

bool whole_multiple(double value, double step) {
  const double ratio = value / step;
  return std::abs(ratio - std::round(ratio)) <= 1e-6;
}
}  // namespace

Simulator::Simulator(const Model& model, const SolverOptions& options, double t0, bool start_now,
                     CompiledKernelList kernels)
    : model_(model), options_(options), data_(make_run_data(model)), start_time_(t0) {
  fixed_step_ = is_fixed_step(options.method);
  const bool model_jacobian = options.linear_solver == LinearSolverKind::SparseKlu ||
                              options.jacobian == SolverOptions::JacobianSource::Model;
  system_ = std::make_unique<ModelSystem>(
      model_, data_, options.absolute_tolerance, model_jacobian,
      /*assemble_jacobian=*/options.jacobian == SolverOptions::JacobianSource::Model);
  system_->use_compiled_kernel(kernels);
  integrator_ = make_integrator(options_);
  data_.time = t0;
  g_reference_.assign(model.zero_crossing_size(), 0.0);
  group_hit_.assign(model.sample_groups().size(), 0);
  next_sample_index_.assign(model.sample_groups().size(), 0);
  for (std::size_t k = 0; k < model.sample_groups().size(); ++k) {
    const SampleGroup& group = model.sample_groups()[k];
    if (fixed_step_ && (!whole_multiple(group.period, options.fixed_step) ||
                        group.period < 0.999 * options.fixed_step ||
                        !whole_multiple(group.offset, options.fixed_step))) {
      std::ostringstream message;
      message << "sample period " << group.period << " s (offset " << group.offset
              << " s) of component '" << model.component(group.components.front()).name()
              << "' is not a whole multiple of the fixed step " << options.fixed_step << " s";
      throw InputError(message.str());
    }
    // First hit at or after t0.
    next_sample_index_[k] = static_cast<long>(
        std::ceil((t0 - group.offset) / group.period - 1e-9));
    if (next_sample_index_[k] < 0) next_sample_index_[k] = 0;
  }
  update_next_sample_time();
  if (start_now) start();
}

Simulator::~Simulator() = default;

void Simulator::start() {
  ETSIM_DEMAND(!started_, "Simulator::start() called twice");
  started_ = true;
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
  remember_crossings();
  if (model_.state_size() > 0) integrator_->initialize(*system_, data_.time, data_.x);
}

void Simulator::update_next_sample_time() {
  double next = kInfinity;
  const auto& groups = model_.sample_groups();
  for (std::size_t k = 0; k < groups.size(); ++k) {
    next = std::min(next, groups[k].offset + next_sample_index_[k] * groups[k].period);
  }
  next_sample_time_ = next;
}

void Simulator::process_sample_hits() {
  const auto& groups = model_.sample_groups();
  if (groups.empty()) return;
  // Tolerance for "now": a small fraction of the smallest step that can occur.
  const double tolerance = 1e-9 * (fixed_step_ ? options_.fixed_step : 1.0);
  bool any = false;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const double hit = groups[k].offset + next_sample_index_[k] * groups[k].period;
    group_hit_[k] = hit <= data_.time + tolerance;
    if (!group_hit_[k]) continue;
    // Outputs at the current state feed the controllers: those of the group's components and of
    // what their inputs depend on. The discrete states are committed only after every group due
    // now has updated, so each group sees the same old ones.
    system_->evaluate_outputs_for_sample_group(static_cast<int>(k), data_.time, data_.x.data());
    any = true;
    for (int c : groups[k].components) {
      const ComponentLayout& l = model_.layout(c);
      // Start from the current values, so an update that writes only some entries keeps the rest.
      std::copy_n(data_.d.begin() + l.discrete_offset, l.discrete_count,
                  data_.d_next.begin() + l.discrete_offset);
      system_->gather_inputs(c, data_.time);
      EvalContext context = system_->context(c, data_.time, data_.x.data());
      model_.component(c).update_discrete(context, data_.d_next.data() + l.discrete_offset);
    }
    ++events_.sample_hits;
    ++next_sample_index_[k];
  }
  update_next_sample_time();
  if (!any) return;
  // All groups due now saw the same old discrete states; commit only theirs. The outputs are not
  // evaluated again here: the solver's right-hand side, the zero-crossing functions and
  // refresh_outputs() each compute what they read (see advance_to), and at 10 kHz a second full
  // output pass per hit was a few per cent of a dynamic drive's run.
  for (std::size_t k = 0; k < groups.size(); ++k) {
    if (!group_hit_[k]) continue;
    for (int c : groups[k].components) {
      const ComponentLayout& l = model_.layout(c);
      std::copy_n(data_.d_next.begin() + l.discrete_offset, l.discrete_count,
                  data_.d.begin() + l.discrete_offset);
    }
  }
}

void Simulator::remember_crossings() {
  if (model_.zero_crossing_size() == 0) return;
  system_->zero_crossings(data_.time, data_.x.data(), g_reference_.data());
}

bool Simulator::fire_discontinuity_crossings() {
  // A discontinuity (sample hit, new co-simulation inputs) can move a zero-crossing function
  // across zero without any time passing; the solver never sees that, so it is handled here by
  // comparing with the values remembered before the change.
  if (model_.zero_crossing_size() == 0) return false;
  double* g = data_.g.data();
  bool fired = false;
  system_->zero_crossings(data_.time, data_.x.data(), g);
  for (int c = 0; c < model_.component_count(); ++c) {
    const ComponentLayout& l = model_.layout(c);
    for (int z = 0; z < l.zero_crossing_count; ++z) {
      const int index = l.zero_crossing_offset + z;
      const int direction = crossing_direction(g_reference_[index], g[index]);
      if (direction == 0) continue;
      system_->gather_inputs(c, data_.time);
      EvalContext context = system_->context(c, data_.time, data_.x.data());
      model_.component(c).on_zero_crossing(z, direction, context, data_.d.data() + l.discrete_offset);
      ++events_.state_events;
      fired = true;
    }
  }
  if (fired) {
    system_->evaluate_outputs(data_.time, data_.x.data());
    remember_crossings();
  } else {
    std::copy(data_.g.begin(), data_.g.end(), g_reference_.begin());
  }
  return fired;
}

void Simulator::reset_solver() {
  fire_discontinuity_crossings();
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
  std::string loop;
  if (system_->failed_algebraic_loop() >= 0) {
    const AlgebraicLoop& failed = model_.algebraic_loops()[system_->failed_algebraic_loop()];
    loop = model_.output_name(failed.tear_outputs.front());
  }
  std::ostringstream message;
  message << "solver failed at t = " << failure.time() << " s";
  if (!component.empty()) message << " in component '" << component << "'";
  if (!loop.empty()) {
    message << " (the algebraic loop through '" << loop << "' has no solution near the last one)";
  }
  if (!state.empty()) {
    message << ", state '" << state << "' = " << integrator_->state()[failure.state_index()];
  }
  message << ": " << failure.what();
  throw SimulationError(message.str(), failure.time(), state, component);
}

// After the integrator stopped at result.time: state events, sample hits, time events and the
// restarts they need. Returns whether anything changed after the integrator's last step.
bool Simulator::handle_events(const AdvanceResult& result, double t_stop, bool time_event,
                              double tolerance) {
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
  bool discontinuity = false;
  if (next_sample_time_ <= data_.time + tolerance) {
    // What the zero-crossing functions were before the controllers update.
    if (restart) system_->evaluate_outputs(data_.time, data_.x.data());
    remember_crossings();
    process_sample_hits();
    discontinuity = true;
  }
  if (time_event && std::abs(data_.time - t_stop) <= tolerance) {
    ++events_.time_events;
    discontinuity = true;
  }
  // A jump of discrete values may push a zero-crossing function across zero without time
  // passing; such crossings are handled here and force a restart. Otherwise the solver goes on
  // with its history unless the options ask for a restart at every discontinuity, or the method
  // carries past derivatives that the jump made wrong (explicit multistep).
  if (discontinuity && fire_discontinuity_crossings()) restart = true;
  if (discontinuity && (options_.restart_at_discontinuities ||
                        restarts_at_discontinuities(options_.method))) {
    restart = true;
  }
  if (restart) {
    if (model_.state_size() > 0) integrator_->reset(data_.time, data_.x);
    ++events_.solver_resets;
    remember_crossings();
  }
  return restart || discontinuity || result.status == AdvanceResult::Status::RootFound;
}

void Simulator::step() {
  ETSIM_DEMAND(started_ && fixed_step_, "Simulator::step() needs a started fixed-step simulator");
  const double h = options_.fixed_step;
  const double tolerance = 1e-9 * h;
  // The next point of the step grid t0 + k h from the index k, not by adding h up (that would
  // drift away from the sample-hit times by rounding and cause needless short steps). The index
  // is found again only when something else moved the time.
  if (data_.time != grid_time_) {
    grid_index_ = std::llround((data_.time - start_time_) / h);
    grid_time_ = data_.time;
  }
  const double t_next = start_time_ + static_cast<double>(grid_index_ + 1) * h;
  // Sample hits within the step (and the rare model without states) take the general path.
  if (model_.state_size() == 0 || next_sample_time_ <= t_next + tolerance) {
    advance_to(t_next);
    ++grid_index_;
    grid_time_ = data_.time;
    return;
  }
  AdvanceResult result;
  try {
    result = integrator_->step_to(t_next);
  } catch (const SolverFailure& failure) {
    fail(failure);
  }
  // Plain loops, not std::copy: the vectors are short, and the memmove call std::copy becomes
  // costs more than the copy itself at every real-time step.
  const auto state = integrator_->state();
  double* x = data_.x.data();
  for (std::size_t i = 0; i < state.size(); ++i) x[i] = state[i];
  data_.time = result.time;
  ++grid_index_;
  grid_time_ = data_.time;
  if (result.status == AdvanceResult::Status::RootFound) {
    handle_events(result, data_.time, false, tolerance);
    remember_crossings();
    return;
  }
  // The reference for a later discontinuity: the integrator evaluated the functions right here.
  const auto crossings = integrator_->zero_crossings_at_current_state();
  double* reference = g_reference_.data();
  for (std::size_t i = 0; i < crossings.size(); ++i) reference[i] = crossings[i];
}

void Simulator::advance_to(double t_target) {
  ETSIM_DEMAND(started_, "Simulator::advance_to() before start()");
  const double tolerance = fixed_step_ ? 1e-9 * options_.fixed_step : 1e-12 * std::max(1.0, std::abs(t_target));
  // Whether anything changed discrete states or restarted the solver after its last step (the
  // integrator's own zero-crossing values at the end of that step are then out of date).
  bool changed_after_step = true;
  while (data_.time < t_target - tolerance) {
    double t_stop = std::min(t_target, next_sample_time_);
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
    changed_after_step = model_.state_size() == 0;
    changed_after_step = handle_events(result, t_stop, time_event, tolerance) || changed_after_step;
  }
  // Reference for a discontinuity the caller may cause next (new co-simulation inputs). A
  // fixed-step integrator evaluated the functions at this very state at the end of its last step.
  const auto integrator_crossings = integrator_->zero_crossings_at_current_state();
  if (!changed_after_step && model_.zero_crossing_size() > 0 &&
      integrator_crossings.size() == g_reference_.size()) {
    std::copy(integrator_crossings.begin(), integrator_crossings.end(), g_reference_.begin());
  } else {
    remember_crossings();
  }
}

}  // namespace etsim
