#include "engine/exec/model_system.h"

#include "engine/exec/model_system_work.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <typeinfo>

namespace etsim {
namespace {

// The outputs some consumers need: marked from the sources of chosen inputs (or chosen outputs),
// then closed over declared feedthrough - an output needs the sources of the inputs it depends on.
class NeededOutputs {
 public:
  explicit NeededOutputs(const Model& model) : model_(model), needed_(model.output_size(), 0) {}
  void need_output(int output) {
    if (!needed_[output]) {
      needed_[output] = 1;
      pending_.push_back(output);
    }
  }
  void need_sources_of_input(int input) {
    for (int k = model_.input_term_start()[input]; k < model_.input_term_start()[input + 1]; ++k) {
      if (model_.input_terms()[k] >= 0) need_output(model_.input_terms()[k]);
    }
  }
  void need_inputs_of(int component) {
    const ComponentLayout& l = model_.layout(component);
    for (int i = l.input_offset; i < l.input_offset + l.input_count; ++i) need_sources_of_input(i);
  }
  // To a fixed point: the sources of every input a needed output depends on.
  const std::vector<char>& close() {
    while (!pending_.empty()) {
      const int output = pending_.back();
      pending_.pop_back();
      const int c = model_.output_owner(output);
      const ComponentLayout& l = model_.layout(c);
      for (int i = 0; i < l.input_count; ++i) {
        if (model_.component(c).output_depends_on_input(output - l.output_offset, i)) {
          need_sources_of_input(l.input_offset + i);
        }
      }
    }
    return needed_;
  }

 private:
  const Model& model_;
  std::vector<char> needed_;
  std::vector<int> pending_;
};

}  // namespace

ModelSystem::~ModelSystem() = default;

ModelSystem::ModelSystem(const Model& model, RunData& data, double default_absolute_tolerance,
                         bool provide_jacobian, bool assemble_jacobian)
    : assemble_requested_(assemble_jacobian), model_(model), data_(data),
      provide_jacobian_(provide_jacobian) {
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

  // Components whose outputs the zero-crossing functions need: the sources of the inputs of every
  // component with zero crossings, and, through direct feedthrough, the sources of theirs.
  std::vector<char> needed(model.component_count(), 0);
  std::vector<int> pending;
  auto owner_of_output = [&](int output) { return model.output_owner(output); };
  auto require_inputs_of = [&](int c) {
    const ComponentLayout& l = model.layout(c);
    for (int i = l.input_offset; i < l.input_offset + l.input_count; ++i) {
      for (int k = model.input_term_start()[i]; k < model.input_term_start()[i + 1]; ++k) {
        const int term = model.input_terms()[k];
        if (term < 0) continue;
        const int source = owner_of_output(term);
        if (source >= 0 && !needed[source]) {
          needed[source] = 1;
          if (model.component(source).direct_feedthrough()) pending.push_back(source);
        }
      }
    }
  };
  for (int c = 0; c < model.component_count(); ++c) {
    if (model.layout(c).zero_crossing_count > 0) require_inputs_of(c);
  }
  while (!pending.empty()) {
    const int c = pending.back();
    pending.pop_back();
    require_inputs_of(c);
  }
  for (int c : model.output_sequence()) {
    if (needed[c] || !model.algebraic_loops().empty()) zero_crossing_sequence_.push_back(c);
  }
  zero_crossing_sequence_.erase(std::unique(zero_crossing_sequence_.begin(), zero_crossing_sequence_.end()),
                                zero_crossing_sequence_.end());

  // Outputs the derivatives need: every source of an input of a component with states, then,
  // per output, the sources of the inputs it depends on (declared feedthrough), to a fixed point.
  NeededOutputs needed_by_derivatives(model);
  for (int c = 0; c < model.component_count(); ++c) {
    if (model.layout(c).state_count == 0) continue;
    stateful_components_.push_back(c);
    needed_by_derivatives.need_inputs_of(c);
  }
  const std::vector<char>& output_needed = needed_by_derivatives.close();
  std::vector<char> component_needed(model.component_count(), 0);
  for (int c = 0; c < model.component_count(); ++c) {
    const ComponentLayout& l = model.layout(c);
    component_needed[c] = l.state_count > 0;  // may read its own outputs in its derivatives
    for (int o = l.output_offset; o < l.output_offset + l.output_count; ++o) {
      component_needed[c] = component_needed[c] || output_needed[o];
    }
  }
  // Keep only the calls that compute a needed output (a component called twice in the full
  // sequence, once for an output that is only recorded, is called once here), plus the last call
  // of each stateful component none of whose calls is needed otherwise (its derivatives may read
  // its own outputs).
  const auto sequence = model.output_sequence();
  std::vector<char> keep(sequence.size(), 0), useful_call(model.component_count(), 0);
  std::vector<int> last_position(model.component_count(), -1);
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    for (int j = model.sequence_output_start()[k]; j < model.sequence_output_start()[k + 1]; ++j) {
      keep[k] = keep[k] || output_needed[model.sequence_outputs()[j]];
    }
    if (keep[k]) useful_call[sequence[k]] = 1;
    last_position[sequence[k]] = static_cast<int>(k);
  }
  for (int c = 0; c < model.component_count(); ++c) {
    if (component_needed[c] && !useful_call[c] && last_position[c] >= 0) keep[last_position[c]] = 1;
  }
  // With algebraic loops every evaluation runs the whole sequence (a loop's calls must all run at
  // each Newton iteration).
  if (!model.algebraic_loops().empty()) std::fill(keep.begin(), keep.end(), 1);
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    if (keep[k]) derivative_output_sequence_.push_back(sequence[k]);
  }

  // Per sample group: the output calls that a hit of the group needs - the outputs of its own
  // components (an update may read them) and the sources of their inputs, through declared
  // feedthrough, as for the derivatives. A 10 kHz controller then does not pay for every output of
  // the model at each hit.
  for (const SampleGroup& group : model.sample_groups()) {
    NeededOutputs needed_by_group(model);
    for (int c : group.components) {
      const ComponentLayout& l = model.layout(c);
      for (int o = l.output_offset; o < l.output_offset + l.output_count; ++o) needed_by_group.need_output(o);
      needed_by_group.need_inputs_of(c);
    }
    const std::vector<char>& group_output_needed = needed_by_group.close();
    std::vector<int> calls;
    for (std::size_t k = 0; k < sequence.size(); ++k) {
      bool useful = !model.algebraic_loops().empty();
      for (int j = model.sequence_output_start()[k]; j < model.sequence_output_start()[k + 1]; ++j) {
        useful = useful || group_output_needed[model.sequence_outputs()[j]];
      }
      if (useful) calls.push_back(sequence[k]);
    }
    sample_group_output_sequences_.push_back(std::move(calls));
  }

  // Gathering plan (see the header). An input is "late" for the derivative pass when one of its
  // sources is computed after the component's own last output call, or when the component is not
  // called in the derivative output sequence at all.
  std::vector<int> last_call(model.component_count(), -1);
  for (std::size_t k = 0; k < derivative_output_sequence_.size(); ++k) {
    last_call[derivative_output_sequence_[k]] = static_cast<int>(k);
  }
  auto single_source = [&](int input) {
    const int begin = model.input_term_start()[input], end = model.input_term_start()[input + 1];
    return end - begin == 1 && model.input_terms()[begin] >= 0 ? model.input_terms()[begin] : -1;
  };
  auto add_input = [&](GatherPlan& plan, int input) {
    const int source = single_source(input);
    if (source >= 0) {
      copies_.push_back({input, source});
      plan.copy_end = static_cast<int>(copies_.size());
    } else {
      sums_.push_back(input);
      plan.sum_end = static_cast<int>(sums_.size());
    }
  };
  // Copies and sums of one plan must be contiguous: build each plan's copies, then its sums.
  auto build_plan = [&](const std::vector<int>& inputs) {
    GatherPlan plan;
    plan.copy_begin = plan.copy_end = static_cast<int>(copies_.size());
    plan.sum_begin = plan.sum_end = static_cast<int>(sums_.size());
    for (int input : inputs) add_input(plan, input);
    return plan;
  };
  for (int c = 0; c < model.component_count(); ++c) {
    const ComponentLayout& l = model.layout(c);
    std::vector<int> inputs;
    for (int i = l.input_offset; i < l.input_offset + l.input_count; ++i) inputs.push_back(i);
    plan_all_.push_back(build_plan(inputs));
  }
  for (int c : stateful_components_) {
    const ComponentLayout& l = model.layout(c);
    std::vector<int> late_inputs;
    for (int i = l.input_offset; i < l.input_offset + l.input_count; ++i) {
      bool late = last_call[c] < 0;
      for (int j = model.input_term_start()[i]; j < model.input_term_start()[i + 1] && !late; ++j) {
        const int term = model.input_terms()[j];
        late = term < 0 || last_call[owner_of_output(term)] > last_call[c];
      }
      if (late) late_inputs.push_back(i);
    }
    plan_late_.push_back(build_plan(late_inputs));
  }
  for (int c = 0; c < model.component_count(); ++c) {
    state_offset_.push_back(model.layout(c).state_offset);
  }

  contexts_.resize(model.component_count());
  for (int c = 0; c < model.component_count(); ++c) {
    const ComponentLayout& l = model.layout(c);
    EvalContext& context = contexts_[c];
    context.u = data_.u.data() + l.input_offset;
    context.y = data_.y.data() + l.output_offset;
    context.d = data_.d.data() + l.discrete_offset;
    context.work = data_.work.data() + l.work_offset;
  }

  for (int c = 0; c < model.component_count(); ++c) component_pointers_.push_back(&model.component(c));
  kernel_data_.components = component_pointers_.data();
  kernel_data_.u = data_.u.data();
  kernel_data_.y = data_.y.data();
  kernel_data_.d = data_.d.data();
  kernel_data_.work = data_.work.data();
  kernel_data_.external_value = data_.external_value.data();
  kernel_data_.external_slope = data_.external_slope.data();
  kernel_data_.external_time = data_.external_time.data();
  signature_ = compute_signature();

  prepare_assembly();

  if (!model.algebraic_loops().empty()) {
    loops_ = std::make_unique<LoopWork>();
    for (const AlgebraicLoop& loop : model.algebraic_loops()) {
      const int m = static_cast<int>(loop.tear_outputs.size());
      LoopWork::Loop work;
      work.guess = Eigen::VectorXd::Zero(m);
      work.value.resize(m);
      work.perturbed.resize(m);
      work.residual.resize(m);
      work.step.resize(m);
      work.jacobian.resize(m, m);
      work.lu = Eigen::PartialPivLU<Eigen::MatrixXd>(m);
      loops_->loops.push_back(std::move(work));
    }
  }
}

RhsStatus ModelSystem::call_outputs(std::span<const int> calls, double t, const double* x) {
  for (int c : calls) {
    gather_inputs(c, t);
    const RhsStatus status = model_.component(c).compute_outputs(prepare(c, t, x));
    if (status != RhsStatus::Ok) {
      failed_component_ = c;
      return status;
    }
  }
  return RhsStatus::Ok;
}

RhsStatus ModelSystem::evaluate_loop_calls(int loop, double t, const double* x) {
  const AlgebraicLoop& spec = model_.algebraic_loops()[loop];
  const auto sequence = model_.output_sequence();
  return call_outputs(sequence.subspan(spec.sequence_begin, spec.sequence_end - spec.sequence_begin),
                      t, x);
}

// Newton's method on g(z) = F(z) - z, where z are the torn outputs as their consumers see them
// and F(z) what their owners compute from them; the Jacobian by forward differences (a loop has
// few torn outputs). Starts from the previous solution, so usually converges in one or two
// iterations. Allocation-free.
RhsStatus ModelSystem::solve_loop(int loop, double t, const double* x) {
  const AlgebraicLoop& spec = model_.algebraic_loops()[loop];
  LoopWork::Loop& work = loops_->loops[loop];
  const int m = static_cast<int>(spec.tear_outputs.size());
  double* y = data_.y.data();
  const auto evaluate = [&](const Eigen::VectorXd& z, Eigen::VectorXd& value) {
    for (int i = 0; i < m; ++i) y[spec.tear_outputs[i]] = z[i];
    const RhsStatus status = evaluate_loop_calls(loop, t, x);
    for (int i = 0; i < m; ++i) value[i] = y[spec.tear_outputs[i]];
    return status;
  };
  constexpr int kMaxIterations = 30;
  constexpr double kTolerance = 1e-12;  // relative to 1 + |z|
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    const RhsStatus status = evaluate(work.guess, work.value);
    if (status != RhsStatus::Ok) return status;
    work.residual = work.value - work.guess;
    bool converged = true, finite = true;
    for (int i = 0; i < m; ++i) {
      finite = finite && std::isfinite(work.residual[i]);
      converged = converged && std::abs(work.residual[i]) <= kTolerance * (1.0 + std::abs(work.guess[i]));
    }
    if (!finite) break;
    if (converged) {
      // The loop's calls last ran with the guess; the torn outputs hold what their owners made of
      // it, equal within the tolerance. Next time, start from here.
      work.guess = work.value;
      return RhsStatus::Ok;
    }
    for (int j = 0; j < m; ++j) {
      const double delta = 1e-7 * (1.0 + std::abs(work.guess[j]));
      work.perturbed = work.guess;
      work.perturbed[j] += delta;
      Eigen::VectorXd& column_value = work.step;  // scratch here
      const RhsStatus perturbed_status = evaluate(work.perturbed, column_value);
      if (perturbed_status != RhsStatus::Ok) return perturbed_status;
      for (int i = 0; i < m; ++i) {
        work.jacobian(i, j) = (column_value[i] - work.value[i]) / delta - (i == j ? 1.0 : 0.0);
      }
    }
    work.lu.compute(work.jacobian);
    work.step.noalias() = work.lu.solve(work.residual);
    work.guess -= work.step;
  }
  // No convergence (no solution near the guess, or a singular loop): let the solver retry with a
  // smaller step from the last accepted state; the failure names the loop's first torn output.
  failed_loop_ = loop;
  failed_component_ = model_.output_owner(spec.tear_outputs.front());
  work.guess.setZero();
  return RhsStatus::Recoverable;
}

RhsStatus ModelSystem::evaluate_sequence_with_loops(double t, const double* x) {
  failed_component_ = -1;
  failed_loop_ = -1;
  const auto sequence = model_.output_sequence();
  const auto& loops = model_.algebraic_loops();
  std::size_t next_loop = 0;
  for (int k = 0; k < static_cast<int>(sequence.size());) {
    if (next_loop < loops.size() && loops[next_loop].sequence_begin == k) {
      const RhsStatus status = solve_loop(static_cast<int>(next_loop), t, x);
      if (status != RhsStatus::Ok) return status;
      k = loops[next_loop].sequence_end;
      ++next_loop;
      continue;
    }
    const RhsStatus status = call_outputs(sequence.subspan(k, 1), t, x);
    if (status != RhsStatus::Ok) return status;
    ++k;
  }
  return RhsStatus::Ok;
}

namespace {
// FNV-1a, 64 bit: stable across runs and builds (unlike std::hash), enough to tell structures apart.
class SignatureHash {
 public:
  void add(std::uint64_t value) {
    for (int byte = 0; byte < 8; ++byte) {
      hash_ ^= (value >> (8 * byte)) & 0xffu;
      hash_ *= 0x100000001b3ull;
    }
  }
  void add(const char* text) {
    for (const char* p = text; *p != '\0'; ++p) {
      hash_ ^= static_cast<unsigned char>(*p);
      hash_ *= 0x100000001b3ull;
    }
    add(std::strlen(text));
  }
  template <typename Range>
  void add_all(const Range& range) {
    add(static_cast<std::uint64_t>(std::size(range)));
    for (const auto& value : range) add(static_cast<std::uint64_t>(static_cast<std::int64_t>(value)));
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ull;
};
}  // namespace

std::uint64_t ModelSystem::compute_signature() const {
  SignatureHash hash;
  hash.add(static_cast<std::uint64_t>(model_.component_count()));
  for (int c = 0; c < model_.component_count(); ++c) {
    // The concrete class: the kernel calls its functions directly.
    hash.add(typeid(model_.component(c)).name());
    const ComponentLayout& l = model_.layout(c);
    for (int value : {l.state_offset, l.state_count, l.input_offset, l.input_count, l.output_offset,
                      l.output_count, l.discrete_offset, l.discrete_count, l.zero_crossing_offset,
                      l.zero_crossing_count, l.work_offset, l.work_count}) {
      hash.add(static_cast<std::uint64_t>(value));
    }
  }
  hash.add_all(model_.output_sequence());
  hash.add_all(model_.input_term_start());
  hash.add_all(model_.input_terms());
  hash.add_all(derivative_output_sequence_);
  hash.add_all(zero_crossing_sequence_);
  hash.add_all(stateful_components_);
  hash.add_all(sums_);
  for (const Copy& copy : copies_) {
    hash.add(static_cast<std::uint64_t>(copy.input));
    hash.add(static_cast<std::uint64_t>(copy.source));
  }
  for (const auto* plans : {&plan_all_, &plan_late_}) {
    for (const GatherPlan& plan : *plans) {
      for (int value : {plan.copy_begin, plan.copy_end, plan.sum_begin, plan.sum_end}) {
        hash.add(static_cast<std::uint64_t>(value));
      }
    }
  }
  return hash.value();
}

const CompiledKernel* ModelSystem::use_compiled_kernel(CompiledKernelList kernels) {
  kernel_ = nullptr;
  if (loops_ != nullptr) return nullptr;  // kernels are not generated for models with loops
  for (const CompiledKernel* kernel : kernels) {
    if (kernel != nullptr && kernel->signature == signature_) {
      kernel_ = kernel;
      break;
    }
  }
  return kernel_;
}

const SparsityPattern* ModelSystem::jacobian_pattern() const {
  return provide_jacobian_ ? &model_.jacobian_pattern() : nullptr;
}

void ModelSystem::gather_sums(const GatherPlan& plan, double t) {
  double* u = data_.u.data();
  const double* y = data_.y.data();
  const auto start = model_.input_term_start();
  const auto terms = model_.input_terms();
  for (int k = plan.sum_begin; k < plan.sum_end; ++k) {
    const int input = sums_[k];
    double sum = 0.0;
    for (int j = start[input]; j < start[input + 1]; ++j) {
      const int term = terms[j];
      if (term >= 0) {
        sum += y[term];
      } else {
        const int slot = -term - 1;
        sum += data_.external_value[slot] +
               data_.external_slope[slot] * (t - data_.external_time[slot]);
      }
    }
    u[input] = sum;
  }
}

RhsStatus ModelSystem::evaluate_outputs(double t, const double* x) {
  failed_component_ = -1;
  if (kernel_ != nullptr) return kernel_->outputs(kernel_data_, t, x, failed_component_);
  if (loops_ != nullptr) return evaluate_sequence_with_loops(t, x);
  return call_outputs(model_.output_sequence(), t, x);
}

RhsStatus ModelSystem::evaluate_outputs_for_sample_group(int group, double t, const double* x) {
  failed_component_ = -1;
  if (kernel_ != nullptr && group < kernel_->sample_group_count) {
    return kernel_->sample_group_outputs[group](kernel_data_, t, x, failed_component_);
  }
  if (loops_ != nullptr) return evaluate_outputs(t, x);
  return call_outputs(sample_group_output_sequences_[group], t, x);
}

RhsStatus ModelSystem::evaluate_derivatives(double t, const double* x, double* xdot) {
  for (std::size_t k = 0; k < stateful_components_.size(); ++k) {
    const int c = stateful_components_[k];
    const ComponentLayout& l = model_.layout(c);
    gather(plan_late_[k], t);
    const RhsStatus status =
        model_.component(c).compute_derivatives(prepare(c, t, x), xdot + l.state_offset);
    if (status != RhsStatus::Ok) {
      failed_component_ = c;
      return status;
    }
  }
  return RhsStatus::Ok;
}

RhsStatus ModelSystem::derivatives(double t, const double* x, double* xdot) {
  failed_component_ = -1;
  if (kernel_ != nullptr) return kernel_->derivatives(kernel_data_, t, x, xdot, failed_component_);
  if (loops_ != nullptr) {
    const RhsStatus status = evaluate_sequence_with_loops(t, x);
    if (status != RhsStatus::Ok) return status;
    return evaluate_derivatives(t, x, xdot);
  }
  const RhsStatus status = call_outputs(derivative_output_sequence_, t, x);
  if (status != RhsStatus::Ok) return status;
  return evaluate_derivatives(t, x, xdot);
}

RhsStatus ModelSystem::zero_crossings(double t, const double* x, double* g) {
  if (kernel_ != nullptr) {
    failed_component_ = -1;
    return kernel_->zero_crossings(kernel_data_, t, x, g, failed_component_);
  }
  if (loops_ != nullptr) {
    const RhsStatus status = evaluate_sequence_with_loops(t, x);
    if (status != RhsStatus::Ok) return status;
  } else {
    const RhsStatus status = call_outputs(zero_crossing_sequence_, t, x);
    if (status != RhsStatus::Ok) return status;
  }
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
  if (assembly_ != nullptr) return assemble_jacobian(t, x, values);
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
