// Evaluates a model's outputs at many operating points in parallel (TBB): each point sets the
// model's external inputs, evaluates every output once at the initial state (algebraic,
// quasi-static components), and hands the selected outputs back. Used for efficiency and loss maps.
// The model is shared read-only; each worker thread has its own RunData and ModelSystem, built on
// the first run and kept for the next ones (a map computes two sweeps; a study many maps).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/framework/model.h"

namespace etsim {

class OperatingPointSweep {
 public:
  // inputs: names of the model's external inputs ("component.input" as in ExternalInput::name),
  // in the order fill_inputs writes them. outputs: "component/output" names, in the order
  // take_outputs reads them. Throws InputError for unknown names. The model must outlive this.
  OperatingPointSweep(const Model& model, const std::vector<std::string>& inputs,
                      const std::vector<std::string>& outputs);
  ~OperatingPointSweep();
  OperatingPointSweep(const OperatingPointSweep&) = delete;
  OperatingPointSweep& operator=(const OperatingPointSweep&) = delete;

  std::size_t input_count() const;
  std::size_t output_count() const;

  // fill_inputs(point, inputs) writes input_count() values for `point`;
  // take_outputs(point, ok, outputs) receives output_count() values (ok: every component
  // evaluated without error). Both are called concurrently, once per point in [0, count), from
  // `threads` threads (0: TBB default); they must only touch data of their own point.
  // Generating the inputs and consuming the outputs inside the parallel loop keeps the whole map
  // parallel (no serial pass over an input or output table). Calls on one object are serialised.
  using FillInputs = std::function<void(std::size_t point, double* inputs)>;
  using TakeOutputs = std::function<void(std::size_t point, bool ok, const double* outputs)>;
  void run(std::size_t count, const FillInputs& fill_inputs, const TakeOutputs& take_outputs,
           int threads = 0) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct SweepResult {
  std::vector<std::string> outputs;  // "component/output" names, in column order
  std::vector<double> values;        // row-major: values[point * outputs.size() + column]
  std::vector<char> ok;              // per point: every component evaluated without error
};

// One-shot form over a table of points: row-major, points.size() = count * inputs.size(), columns
// in the order of `inputs`.
SweepResult sweep_operating_points(const Model& model, const std::vector<std::string>& inputs,
                                   std::span<const double> points,
                                   const std::vector<std::string>& outputs, int threads = 0);

}  // namespace etsim
