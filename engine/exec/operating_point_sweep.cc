#include "engine/exec/operating_point_sweep.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <memory>

#include "engine/exec/model_system.h"

namespace etsim {

namespace {
struct Worker {
  explicit Worker(const Model& model)
      : data(make_run_data(model)), system(std::make_unique<ModelSystem>(model, data)) {}
  RunData data;
  std::unique_ptr<ModelSystem> system;
};
}  // namespace

SweepResult sweep_operating_points(const Model& model, const std::vector<std::string>& inputs,
                                   std::span<const double> points,
                                   const std::vector<std::string>& outputs, int threads) {
  std::vector<std::vector<int>> slots(inputs.size());  // external slots per input column
  for (std::size_t k = 0; k < inputs.size(); ++k) {
    for (std::size_t slot = 0; slot < model.external_inputs().size(); ++slot) {
      if (model.external_inputs()[slot].name == inputs[k]) slots[k].push_back(static_cast<int>(slot));
    }
    if (slots[k].empty()) throw InputError("operating-point sweep: '" + inputs[k] + "' is not an external input");
  }
  std::vector<int> output_index;
  for (const std::string& name : outputs) {
    const int index = model.find_output(name);
    if (index < 0) throw InputError("operating-point sweep: no output '" + name + "'");
    output_index.push_back(index);
  }
  const std::size_t width = inputs.size();
  ETSIM_DEMAND(width > 0 && points.size() % width == 0, "sweep: points do not fill whole rows");
  const std::size_t count = points.size() / width;

  SweepResult result;
  result.outputs = outputs;
  result.values.assign(count * outputs.size(), 0.0);
  result.ok.assign(count, 0);
  tbb::enumerable_thread_specific<std::unique_ptr<Worker>> workers;
  tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count), [&](const auto& range) {
      std::unique_ptr<Worker>& worker = workers.local();
      if (!worker) worker = std::make_unique<Worker>(model);
      RunData& data = worker->data;
      for (std::size_t point = range.begin(); point != range.end(); ++point) {
        for (std::size_t k = 0; k < width; ++k) {
          for (int slot : slots[k]) {
            data.external_value[slot] = points[point * width + k];
            data.external_slope[slot] = 0.0;
          }
        }
        const bool ok = worker->system->evaluate_outputs(0.0, data.x.data()) == RhsStatus::Ok;
        result.ok[point] = ok ? 1 : 0;
        for (std::size_t column = 0; column < output_index.size(); ++column) {
          result.values[point * output_index.size() + column] = data.y[output_index[column]];
        }
      }
    });
  });
  return result;
}

}  // namespace etsim
