#include "engine/exec/operating_point_sweep.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <mutex>

#include "engine/core/error.h"
#include "engine/exec/model_system.h"

namespace etsim {

namespace {
struct Worker {
  Worker(const Model& model, std::size_t input_count, std::size_t output_count)
      : data(make_run_data(model)),
        system(std::make_unique<ModelSystem>(model, data)),
        inputs(input_count),
        outputs(output_count) {}
  RunData data;
  std::unique_ptr<ModelSystem> system;
  std::vector<double> inputs, outputs;
};
}  // namespace

struct OperatingPointSweep::Impl {
  const Model* model = nullptr;
  std::vector<std::vector<int>> slots;  // external-input slots per input column
  std::vector<int> output_index;
  std::mutex run_mutex;
  tbb::enumerable_thread_specific<std::unique_ptr<Worker>> workers;
  int arena_threads = -1;
  std::unique_ptr<tbb::task_arena> arena;
};

OperatingPointSweep::OperatingPointSweep(const Model& model, const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& outputs)
    : impl_(std::make_unique<Impl>()) {
  impl_->model = &model;
  impl_->slots.resize(inputs.size());
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    for (std::size_t slot = 0; slot < model.external_inputs().size(); ++slot) {
      if (model.external_inputs()[slot].name == inputs[k]) {
        impl_->slots[k].push_back(static_cast<int>(slot));
      }
    }
    if (impl_->slots[k].empty()) {
      throw InputError("operating-point sweep: '" + inputs[k] + "' is not an external input");
    }
  }
  for (const std::string& name : outputs) {
    const int index = model.find_output(name);
    if (index < 0) throw InputError("operating-point sweep: no output '" + name + "'");
    impl_->output_index.push_back(index);
  }
}

OperatingPointSweep::~OperatingPointSweep() = default;

std::size_t OperatingPointSweep::input_count() const { return impl_->slots.size(); }
std::size_t OperatingPointSweep::output_count() const { return impl_->output_index.size(); }

void OperatingPointSweep::run(std::size_t count, const FillInputs& fill_inputs,
                              const TakeOutputs& take_outputs, int threads) const {
  Impl& impl = *impl_;
  const std::lock_guard<std::mutex> lock(impl.run_mutex);
  // The arena (its concurrency) is kept while the thread count stays the same; the workers are
  // per TBB thread and survive arenas, so a repeated run builds nothing.
  if (!impl.arena || impl.arena_threads != threads) {
    const int concurrency = threads > 0 ? threads : int{tbb::task_arena::automatic};
    impl.arena = std::make_unique<tbb::task_arena>(concurrency);
    impl.arena_threads = threads;
  }
  impl.arena->execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count), [&](const auto& range) {
      std::unique_ptr<Worker>& worker = impl.workers.local();
      if (!worker) {
        worker = std::make_unique<Worker>(*impl.model, impl.slots.size(), impl.output_index.size());
      }
      RunData& data = worker->data;
      for (std::size_t point = range.begin(); point != range.end(); ++point) {
        fill_inputs(point, worker->inputs.data());
        for (std::size_t k = 0; k < impl.slots.size(); ++k) {
          for (int slot : impl.slots[k]) {
            data.external_value[slot] = worker->inputs[k];
            data.external_slope[slot] = 0.0;
          }
        }
        const bool ok = worker->system->evaluate_outputs(0.0, data.x.data()) == RhsStatus::Ok;
        for (std::size_t column = 0; column < impl.output_index.size(); ++column) {
          worker->outputs[column] = data.y[impl.output_index[column]];
        }
        take_outputs(point, ok, worker->outputs.data());
      }
    });
  });
}

SweepResult sweep_operating_points(const Model& model, const std::vector<std::string>& inputs,
                                   std::span<const double> points,
                                   const std::vector<std::string>& outputs, int threads) {
  const OperatingPointSweep sweep(model, inputs, outputs);
  const std::size_t width = inputs.size();
  ETSIM_DEMAND(width > 0 && points.size() % width == 0, "sweep: points do not fill whole rows");
  const std::size_t count = points.size() / width;
  const std::size_t columns = outputs.size();
  SweepResult result;
  result.outputs = outputs;
  result.values.assign(count * columns, 0.0);
  result.ok.assign(count, 0);
  sweep.run(
      count,
      [&](std::size_t point, double* row) {
        std::copy_n(points.begin() + static_cast<std::ptrdiff_t>(point * width), width, row);
      },
      [&](std::size_t point, bool ok, const double* values) {
        result.ok[point] = ok ? 1 : 0;
        std::copy_n(values, columns, result.values.begin() + static_cast<std::ptrdiff_t>(point * columns));
      },
      threads);
  return result;
}

}  // namespace etsim
