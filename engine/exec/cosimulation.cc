#include "engine/exec/cosimulation.h"

#include <algorithm>
#include <cmath>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include "engine/core/text.h"

namespace etsim {

struct CosimulationMaster::Arena {
  explicit Arena(int threads) : arena(threads > 0 ? threads : tbb::task_arena::automatic) {}
  tbb::task_arena arena;
};

CouplingScheme coupling_scheme_from_string(const std::string& text) {
  if (text == "jacobi") return CouplingScheme::Jacobi;
  if (text == "gauss_seidel") return CouplingScheme::GaussSeidel;
  throw InputError("unknown co-simulation scheme '" + text + "' (expected jacobi or gauss_seidel)" +
                   text::did_you_mean(text, {"jacobi", "gauss_seidel"}));
}

CouplingExtrapolation coupling_extrapolation_from_string(const std::string& text) {
  if (text == "hold") return CouplingExtrapolation::Hold;
  if (text == "linear") return CouplingExtrapolation::Linear;
  throw InputError("unknown extrapolation '" + text + "' (expected hold or linear)" +
                   text::did_you_mean(text, {"hold", "linear"}));
}

CosimulationMaster::CosimulationMaster(const ModelBuilder& network,
                                       std::vector<SubsystemSpec> subsystems,
                                       const CosimulationOptions& options, double t0)
    : specs_(std::move(subsystems)), options_(options), time_(t0), start_time_(t0) {
  if (specs_.empty()) throw InputError("co-simulation needs at least one subsystem");
  if (!(options.communication_step > 0.0)) {
    throw InputError("co-simulation communication_step must be positive");
  }
  // Every component in exactly one subsystem.
  for (const std::string& name : network.component_names()) {
    int owners = 0;
    for (const SubsystemSpec& spec : specs_) {
      owners += static_cast<int>(std::count(spec.components.begin(), spec.components.end(), name));
    }
    if (owners != 1) {
      throw InputError("component '" + name + "' must belong to exactly one subsystem (it is in " +
                       std::to_string(owners) + ")");
    }
  }
  for (const SubsystemSpec& spec : specs_) {
    Part part;
    part.model = std::make_unique<Model>(network.build_subset(spec.components));
    if (is_fixed_step(spec.solver.method)) {
      const double ratio = options.communication_step / spec.solver.fixed_step;
      if (std::abs(ratio - std::round(ratio)) > 1e-6 || ratio < 0.999) {
        throw InputError("subsystem '" + spec.name + "': communication step is not a whole "
                         "multiple of its fixed step");
      }
    }
    parts_.push_back(std::move(part));
  }
  // Wire couplings: external input "comp.input" <- source "comp.output".
  for (std::size_t target = 0; target < parts_.size(); ++target) {
    const auto& externals = parts_[target].model->external_inputs();
    for (std::size_t slot = 0; slot < externals.size(); ++slot) {
      const std::string& source = externals[slot].source;
      const auto dot = source.find('.');
      const std::string path = source.substr(0, dot) + "/" + source.substr(dot + 1);
      bool found = false;
      for (std::size_t s = 0; s < parts_.size() && !found; ++s) {
        const int output = parts_[s].model->find_output(path);
        if (output >= 0) {
          parts_[target].inputs.push_back(
              {static_cast<int>(s), output, static_cast<int>(slot)});
          found = true;
        }
      }
      ETSIM_DEMAND(found, "co-simulation: no subsystem provides '" + source + "'");
    }
  }
  // Initial outputs need the peers' initial outputs: evaluate with zero couplings, exchange,
  // evaluate again and exchange once more, all before any subsystem starts (so initialisation,
  // first sample hits and zero-crossing references see the coupled values, not zeros).
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    parts_[k].simulator =
        std::make_unique<Simulator>(*parts_[k].model, specs_[k].solver, t0, /*start_now=*/false,
                                    options.kernels);
  }
  y_now_.resize(parts_.size());
  y_previous_.resize(parts_.size());
  advanced_.assign(parts_.size(), 0);
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t k = 0; k < parts_.size(); ++k) {
      parts_[k].simulator->refresh_outputs();
    }
    for (std::size_t k = 0; k < parts_.size(); ++k) {
      y_now_[k] = parts_[k].simulator->data().y;
    }
    for (std::size_t k = 0; k < parts_.size(); ++k) exchange(static_cast<int>(k), t0, false);
  }
  for (std::size_t k = 0; k < parts_.size(); ++k) parts_[k].simulator->start();
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    y_now_[k] = parts_[k].simulator->data().y;
    y_previous_[k] = y_now_[k];
  }
  arena_ = std::make_unique<Arena>(options.threads);
}

CosimulationMaster::~CosimulationMaster() = default;

std::vector<SubsystemView> CosimulationMaster::views() const {
  std::vector<SubsystemView> result;
  for (const Part& part : parts_) result.push_back({part.model.get(), &part.simulator->data()});
  return result;
}

// Sets the external inputs of `target` for the interval starting at t_start.
void CosimulationMaster::exchange(int target, double t_start, bool use_advanced) {
  RunData& data = parts_[target].simulator->mutable_data();
  const double h = options_.communication_step;
  const bool linear = options_.extrapolation == CouplingExtrapolation::Linear && macro_steps_ > 0;
  for (const Coupling& coupling : parts_[target].inputs) {
    const int s = coupling.source_subsystem;
    const double now = y_now_[s][coupling.source_output];
    double value = now, slope = 0.0;
    if (use_advanced && advanced_[s]) {
      // Gauss-Seidel: the source already reached t_start + h; its fresh output is in its data.
      const double next = parts_[s].simulator->data().y[coupling.source_output];
      if (options_.extrapolation == CouplingExtrapolation::Linear) {
        slope = (next - now) / h;
      } else {
        value = next;
      }
    } else if (linear) {
      slope = (now - y_previous_[s][coupling.source_output]) / h;
    }
    data.external_value[coupling.target_slot] = value;
    data.external_slope[coupling.target_slot] = slope;
    data.external_time[coupling.target_slot] = t_start;
  }
}

void CosimulationMaster::step(double t_next) {
  const double t_start = time_;
  std::fill(advanced_.begin(), advanced_.end(), 0);
  const int count = static_cast<int>(parts_.size());
  if (options_.scheme == CouplingScheme::Jacobi) {
    for (int k = 0; k < count; ++k) {
      exchange(k, t_start, false);
      parts_[k].simulator->reset_solver();
    }
    arena_->arena.execute([&] {
      tbb::parallel_for(0, count, [&](int k) {
        parts_[k].simulator->advance_to(t_next);
        parts_[k].simulator->refresh_outputs();
      });
    });
  } else {
    for (int k = 0; k < count; ++k) {
      exchange(k, t_start, true);
      parts_[k].simulator->reset_solver();
      parts_[k].simulator->advance_to(t_next);
      parts_[k].simulator->refresh_outputs();
      advanced_[k] = 1;
    }
  }
  for (int k = 0; k < count; ++k) {
    y_previous_[k].swap(y_now_[k]);
    const auto& y = parts_[k].simulator->data().y;
    std::copy(y.begin(), y.end(), y_now_[k].begin());
  }
  time_ = t_next;
  ++macro_steps_;
}

void CosimulationMaster::advance_to(double t) {
  const double h = options_.communication_step;
  while (time_ < t - 1e-9 * h) {
    const long index = std::lround((time_ - start_time_) / h) + 1;
    step(start_time_ + index * h);
  }
}

}  // namespace etsim
