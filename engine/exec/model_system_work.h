// Work space of ModelSystem's algebraic-loop solver and Jacobian assembly, shared by
// model_system.cc and model_system_jacobian.cc only (keeps Eigen out of model_system.h).
#pragma once

#include <Eigen/Core>
#include <Eigen/LU>
#include <vector>

#include "engine/exec/model_system.h"

namespace etsim {

// Newton work space of each algebraic loop, allocated once.
struct ModelSystem::LoopWork {
  struct Loop {
    Eigen::VectorXd guess, value, perturbed, residual, step;
    Eigen::MatrixXd jacobian;
    Eigen::PartialPivLU<Eigen::MatrixXd> lu;
  };
  std::vector<Loop> loops;
};

struct ModelSystem::Assembly {
  std::vector<double> output_rows;  // [output_size x n] d y / d x
  std::vector<double> input_rows;   // [input_size x n]  d u / d x
  std::vector<double> jacobian;     // [n x n] row-major d f / d x
  // One component's block.
  std::vector<double> output_by_state, output_by_input, derivative_by_state, derivative_by_input;
  // Scratch for a component's numerical block.
  std::vector<double> x, u, y_base, y, f_base, f;
  std::vector<char> analytic;  // per component
};

}  // namespace etsim
