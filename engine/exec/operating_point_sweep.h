// Evaluates a model's outputs at many operating points in parallel (TBB): each point sets the
// model's external inputs, evaluates every output once at the initial state (algebraic,
// quasi-static components), and collects the selected outputs. Used for efficiency and loss maps.
// The model is shared read-only; each worker thread has its own RunData.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/framework/model.h"

namespace etsim {

struct SweepResult {
  std::vector<std::string> outputs;  // "component/output" names, in column order
  std::vector<double> values;        // row-major: values[point * outputs.size() + column]
  std::vector<char> ok;              // per point: every component evaluated without error
};

// inputs: names of the model's external inputs ("component.input" as in ExternalInput::name) in
// the column order of `points` (row-major, points.size() = count * inputs.size()).
// outputs: "component/output" names. threads: 0 = TBB default. Throws InputError for unknown names.
SweepResult sweep_operating_points(const Model& model, const std::vector<std::string>& inputs,
                                   std::span<const double> points,
                                   const std::vector<std::string>& outputs, int threads = 0);

}  // namespace etsim
