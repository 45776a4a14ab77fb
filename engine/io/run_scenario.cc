#include "engine/io/run_scenario.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>

#include "engine/exec/cosimulation.h"
#include "engine/exec/signal_selection.h"
#include "engine/io/results_writer.h"

namespace etsim {

namespace {

std::string describe_solver(const SolverOptions& o) {
  std::ostringstream text;
  text << "method: " << to_string(o.method) << "\n";
  if (is_fixed_step(o.method)) {
    text << "fixed_step: " << o.fixed_step << " s\n";
  } else {
    text << "relative_tolerance: " << o.relative_tolerance << "\n"
         << "absolute_tolerance: " << o.absolute_tolerance << "\n";
    if (o.max_step > 0.0) text << "max_step: " << o.max_step << " s\n";
  }
  return text.str();
}

std::map<std::string, double> statistics_of(const SolverStats& s, const EventStats& e) {
  return {{"steps", static_cast<double>(s.steps)},
          {"rejected_steps", static_cast<double>(s.rejected_steps)},
          {"rhs_evaluations", static_cast<double>(s.rhs_evaluations)},
          {"jacobian_evaluations", static_cast<double>(s.jacobian_evaluations)},
          {"newton_iterations", static_cast<double>(s.newton_iterations)},
          {"newton_failures", static_cast<double>(s.newton_failures)},
          {"state_events", static_cast<double>(e.state_events)},
          {"sample_hits", static_cast<double>(e.sample_hits)},
          {"time_events", static_cast<double>(e.time_events)}};
}

// One interface over a monolithic simulator and a co-simulation master.
class Stepper {
 public:
  Stepper(const ScenarioSpec& scenario, const ModelBuilder& network, CompiledKernelList kernels) {
    if (scenario.subsystems.empty()) {
      model_ = std::make_unique<Model>(network.build());
      simulator_ = std::make_unique<Simulator>(*model_, scenario.solver, scenario.start_time,
                                               /*start_now=*/true, kernels);
    } else {
      CosimulationOptions options = scenario.cosimulation;
      options.kernels = kernels;
      master_ = std::make_unique<CosimulationMaster>(network, scenario.subsystems, options,
                                                     scenario.start_time);
    }
  }
  void advance_to(double t) {
    if (simulator_) {
      simulator_->advance_to(t);
      simulator_->refresh_outputs();  // recorded outputs must belong to the state at t
    } else {
      master_->advance_to(t);
    }
  }
  std::vector<SubsystemView> views() const {
    if (simulator_) return {{model_.get(), &simulator_->data()}};
    return master_->views();
  }
  void fill(RunSummary& summary) const {
    const auto evaluation = [](const Simulator& simulator) {
      const CompiledKernel* kernel = simulator.compiled_kernel();
      return kernel != nullptr ? std::string("compiled kernel '") + kernel->name + "'"
                               : std::string("interpreted");
    };
    if (simulator_) {
      summary.solver[""] = simulator_->solver_stats();
      summary.events[""] = simulator_->event_stats();
      summary.evaluation[""] = evaluation(*simulator_);
      return;
    }
    for (int k = 0; k < master_->subsystem_count(); ++k) {
      summary.solver[master_->subsystem_name(k)] = master_->subsystem(k).solver_stats();
      summary.events[master_->subsystem_name(k)] = master_->subsystem(k).event_stats();
      summary.evaluation[master_->subsystem_name(k)] = evaluation(master_->subsystem(k));
    }
    summary.communication_steps = master_->communication_steps();
  }

 private:
  std::unique_ptr<Model> model_;
  std::unique_ptr<Simulator> simulator_;
  std::unique_ptr<CosimulationMaster> master_;
};

// The master stops only at communication points; a sample between two would be mislabelled.
void check_output_grid(const ScenarioSpec& scenario, double interval) {
  if (scenario.subsystems.empty()) return;
  const double h = scenario.cosimulation.communication_step;
  const double span = scenario.stop_time - scenario.start_time;
  auto whole = [h](double value) { return std::abs(value / h - std::round(value / h)) <= 1e-6; };
  if (!whole(interval) || !whole(span)) {
    throw InputError(fmt::format(
        "{}: output.interval ({} s) and the simulated span ({} s) must be whole multiples of "
        "cosimulation.communication_step ({} s)",
        scenario.source_file, interval, span, h));
  }
}

double output_interval(const ScenarioSpec& scenario) {
  if (scenario.output.interval > 0.0) return scenario.output.interval;
  return scenario.subsystems.empty() ? (scenario.stop_time - scenario.start_time) / 1000.0
                                     : scenario.cosimulation.communication_step;
}

}  // namespace

ModelBuilder build_network(const ScenarioSpec& scenario) {
  ModelBuilder builder;
  for (const auto& component : scenario.components) {
    // The scenario keeps ownership; the builder shares the immutable descriptions.
    builder.add(std::shared_ptr<const Component>(component.get(), [](const Component*) {}));
  }
  for (const ConnectionSpec& connection : scenario.connections) {
    builder.connect(connection.from, connection.to, connection.where);
  }
  for (const std::string& end : scenario.unconnected) builder.allow_unconnected(end);
  builder.solve_algebraic_loops(scenario.solve_algebraic_loops);
  return builder;
}

void check_scenario(const ScenarioSpec& scenario) {
  check_output_grid(scenario, output_interval(scenario));
  const ModelBuilder network = build_network(scenario);
  Stepper stepper(scenario, network, {});
  const auto views = stepper.views();
  SignalSelection selection(views, scenario.output.signals);
}

RunSummary run_scenario(const ScenarioSpec& scenario, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  check_output_grid(scenario, output_interval(scenario));
  const ModelBuilder network = build_network(scenario);
  Stepper stepper(scenario, network, options.kernels);
  const auto views = stepper.views();
  const SignalSelection selection(views, scenario.output.signals);

  RunSummary summary;
  summary.output_path = !options.output_path.empty() ? options.output_path
                        : !scenario.output.file.empty()
                            ? scenario.output.file
                            : (scenario.name.empty() ? std::string("results") : scenario.name) + ".h5";

  std::vector<io::RecordedSignal> recorded;
  for (const SelectedSignal& signal : selection.signals()) {
    recorded.push_back({signal.component, signal.signal, signal.unit, signal.description});
  }
  std::string solver_text;
  if (scenario.subsystems.empty()) {
    solver_text = describe_solver(scenario.solver);
  } else {
    solver_text = fmt::format("cosimulation:\n  communication_step: {} s\n  scheme: {}\n  extrapolation: {}\n",
                              scenario.cosimulation.communication_step,
                              scenario.cosimulation.scheme == CouplingScheme::Jacobi ? "jacobi" : "gauss_seidel",
                              scenario.cosimulation.extrapolation == CouplingExtrapolation::Linear ? "linear" : "hold");
    for (const SubsystemSpec& subsystem : scenario.subsystems) {
      solver_text += "subsystem " + subsystem.name + ":\n";
      std::istringstream lines(describe_solver(subsystem.solver));
      for (std::string line; std::getline(lines, line);) solver_text += "  " + line + "\n";
    }
  }
  io::ResultsOptions results_options;
  results_options.flush_interval_s = scenario.output.flush_interval;
  io::ResultsWriter writer(summary.output_path, recorded, results_options,
                           {{"scenario", scenario.resolved_text}, {"solver", solver_text}});

  const double start = scenario.start_time, stop = scenario.stop_time;
  const double interval = output_interval(scenario);
  std::vector<double> values(selection.size());
  auto record = [&](double t) {
    selection.gather(views, values.data());
    writer.append(t, values.data());
    ++summary.samples;
  };
  auto finish_statistics = [&] {
    stepper.fill(summary);
    std::map<std::string, std::map<std::string, double>> statistics;
    for (const auto& [name, stats] : summary.solver) {
      statistics[name] = statistics_of(stats, summary.events[name]);
    }
    writer.set_statistics(statistics);
    std::string evaluation;
    for (const auto& [name, text] : summary.evaluation) {
      evaluation += (name.empty() ? std::string() : name + ": ") + text + "\n";
    }
    writer.set_meta_text("evaluation", evaluation);
    summary.wall_time = std::chrono::duration<double>(Clock::now() - started).count();
    summary.real_time_factor =
        summary.wall_time > 0.0 ? summary.simulated_time / summary.wall_time : 0.0;
  };

  record(start);
  auto last_progress = Clock::now();
  const long intervals = std::max(1L, std::lround(std::ceil((stop - start) / interval - 1e-9)));
  try {
    for (long k = 1; k <= intervals; ++k) {
      const double t = std::min(stop, start + k * interval);
      stepper.advance_to(t);
      summary.simulated_time = t - start;
      record(t);
      if (options.progress) {
        const auto now = Clock::now();
        if (std::chrono::duration<double>(now - last_progress).count() >= options.progress_interval ||
            k == intervals) {
          last_progress = now;
          options.progress({t, start, stop, std::chrono::duration<double>(now - started).count()});
        }
      }
    }
  } catch (const SimulationError& error) {
    finish_statistics();
    writer.fail(error.what());
    throw;
  }
  finish_statistics();
  writer.finish();
  return summary;
}

std::string format_summary(const RunSummary& s) {
  std::string text;
  text += fmt::format("simulated  {:.6g} s in {:.3f} s wall time (real-time factor {:.4g})\n",
                      s.simulated_time, s.wall_time, s.real_time_factor);
  for (const auto& [name, stats] : s.solver) {
    const EventStats& events = s.events.at(name);
    text += fmt::format(
        "solver{}  {} steps, {} rejected, {} RHS, {} Jacobians, {} Newton iterations, {} Newton "
        "failures; events: {} state, {} sample hits, {} time\n",
        name.empty() ? "" : " [" + name + "]", stats.steps, stats.rejected_steps,
        stats.rhs_evaluations, stats.jacobian_evaluations, stats.newton_iterations,
        stats.newton_failures, events.state_events, events.sample_hits, events.time_events);
    const auto evaluation = s.evaluation.find(name);
    if (evaluation != s.evaluation.end()) {
      text += fmt::format("evaluation{}  {}\n", name.empty() ? "" : " [" + name + "]",
                          evaluation->second);
    }
  }
  if (s.communication_steps > 0) {
    text += fmt::format("co-simulation  {} communication steps\n", s.communication_steps);
  }
  text += fmt::format("results    {} ({} samples)\n", s.output_path, s.samples);
  return text;
}

}  // namespace etsim
