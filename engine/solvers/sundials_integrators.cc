// SUNDIALS-backed integrators: CVODE (BDF, Adams) and ARKODE (ERKStep explicit RK, ARKStep IMEX/DIRK)
// behind the Integrator interface. SUNDIALS headers stay in this file.
//
// Common design:
//  - the state lives in our own std::vector wrapped without copying (N_VMake_Serial);
//  - the RHS callback maps RhsStatus to SUNDIALS' convention (Recoverable -> +1: the solver retries
//    with a smaller step; Fatal -> -1); C++ exceptions never cross SUNDIALS' C frames: they are stored
//    and re-thrown after the SUNDIALS call returns;
//  - every advance() sets the stop time, so the solver never steps past t_stop (discontinuities);
//  - SUNDIALS' own error printing is replaced by a handler that records the message for the
//    SolverFailure thrown on any negative return flag;
//  - statistics are accumulated across ReInit (reset) calls.
#include <arkode/arkode_arkstep.h>
#include <arkode/arkode_erkstep.h>
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_band.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_band.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/solvers/difference_jacobian.h"
#include "engine/solvers/integrator.h"
#include "engine/solvers/integrator_factories.h"

namespace etsim::solvers_detail {
namespace {

int to_sundials(RhsStatus status) {
  switch (status) {
    case RhsStatus::Ok:
      return 0;
    case RhsStatus::Recoverable:
      return 1;
    default:
      return -1;
  }
}

void add_stats(SolverStats& total, const SolverStats& part) {
  total.steps += part.steps;
  total.rejected_steps += part.rejected_steps;
  total.rhs_evaluations += part.rhs_evaluations;
  total.jacobian_evaluations += part.jacobian_evaluations;
  total.newton_iterations += part.newton_iterations;
  total.newton_failures += part.newton_failures;
  total.root_evaluations += part.root_evaluations;
  total.factorizations += part.factorizations;
}

std::string take_flag_name(char* name) {
  std::string result = name != nullptr ? name : "unknown flag";
  std::free(name);  // SUNDIALS allocates the name with malloc
  return result;
}

class SundialsIntegrator : public Integrator {
 public:
  explicit SundialsIntegrator(const SolverOptions& options) : options_(options) {}

  ~SundialsIntegrator() override { release_common(); }

  void initialize(OdeSystem& system, double t0, std::span<const double> x0) override {
    const int size = system.state_size();
    if (size < 1) throw InputError(name() + ": the system needs at least one state, got " + std::to_string(size));
    if (static_cast<int>(x0.size()) != size)
      throw InputError(name() + ": initial state has " + std::to_string(x0.size()) +
                       " entries but the system has " + std::to_string(size) + " states");
    if (!std::isfinite(t0)) throw InputError(name() + ": initial time must be finite");
    demand_finite_input(x0, "initial state");
    release_package();
    release_common();
    system_ = &system;
    size_ = size;
    time_ = t0;
    state_.assign(x0.begin(), x0.end());
    accumulated_stats_ = SolverStats{};
    stats_ = SolverStats{};
    own_rhs_evaluations_ = 0;
    root_count_ = system.zero_crossing_count();
    if (root_count_ < 0) throw InputError(name() + ": zero_crossing_count() must be >= 0");
    root_info_.assign(root_count_, 0);
    full_derivative_.assign(size_, 0.0);
    jacobian_point_.assign(size_, 0.0);

    if (SUNContext_Create(nullptr, &context_) != 0) throw Error(name() + ": SUNContext_Create failed");
    state_vector_ = N_VMake_Serial(size_, state_.data(), context_);
    local_errors_ = N_VNew_Serial(size_, context_);
    error_weights_ = N_VNew_Serial(size_, context_);
    if (state_vector_ == nullptr || local_errors_ == nullptr || error_weights_ == nullptr)
      throw Error(name() + ": cannot allocate SUNDIALS vectors");
    if (const double* tolerances = system.absolute_tolerances()) {
      absolute_tolerances_ = N_VNew_Serial(size_, context_);
      for (int i = 0; i < size_; ++i) {
        if (!(tolerances[i] > 0.0))
          throw InputError(name() + ": absolute tolerance of state " + std::to_string(i) + " must be > 0, got " +
                           std::to_string(tolerances[i]));
        NV_Ith_S(absolute_tolerances_, i) = tolerances[i];
      }
    }
    create_package(t0);
  }

  void reset(double t, std::span<const double> x) override {
    if (system_ == nullptr) throw Error(name() + ": reset() called before initialize()");
    if (static_cast<int>(x.size()) != size_)
      throw InputError(name() + ": reset state has " + std::to_string(x.size()) + " entries, expected " +
                       std::to_string(size_));
    if (!std::isfinite(t)) throw InputError(name() + ": reset time must be finite");
    demand_finite_input(x, "reset state");
    // ReInit zeroes SUNDIALS' counters: bank them first.
    read_package_stats(stats_);
    add_stats(accumulated_stats_, stats_);
    stats_ = accumulated_stats_;
    for (int i = 0; i < size_; ++i) state_[i] = x[i];
    time_ = t;
    const int flag = reinit_package(t);
    if (flag < 0) fail(flag, "ReInit");
  }

  AdvanceResult advance(double t_stop) override {
    if (system_ == nullptr) throw Error(name() + ": advance() called before initialize()");
    if (!std::isfinite(t_stop)) throw InputError(name() + ": advance() needs a finite stop time");
    if (t_stop < time_)
      throw InputError(name() + ": advance() to t = " + std::to_string(t_stop) + " s is before the current time " +
                       std::to_string(time_) + " s (integration runs forward only)");
    AdvanceResult result;
    result.time = time_;
    if (t_stop == time_) return result;
    double reached = time_;
    const int flag = solve_package(t_stop, &reached);
    update_stats();
    if (pending_exception_) {
      std::exception_ptr exception = pending_exception_;
      pending_exception_ = nullptr;
      std::rethrow_exception(exception);
    }
    if (flag < 0) fail(flag, "solve");
    time_ = reached;
    result.time = reached;
    if (is_root_return(flag)) {
      get_root_info(root_info_.data());
      result.status = AdvanceResult::Status::RootFound;
      result.root_directions = root_info_;
    }
    return result;
  }

  double time() const override { return time_; }
  std::span<const double> state() const override { return state_; }
  const SolverStats& stats() const override { return stats_; }
  const SolverOptions& options() const override { return options_; }

 protected:
  std::string name() const { return to_string(options_.method); }

  // Package-specific parts.
  virtual void create_package(double t0) = 0;
  virtual void release_package() = 0;
  virtual int reinit_package(double t) = 0;
  virtual int solve_package(double t_stop, double* reached) = 0;
  virtual bool is_root_return(int flag) const = 0;
  virtual void get_root_info(int* directions) = 0;
  virtual void read_package_stats(SolverStats& stats) = 0;
  virtual int get_local_errors_and_weights() = 0;  // fills local_errors_, error_weights_
  virtual std::string flag_name(int flag) const = 0;
  virtual double current_solver_time() = 0;  // the solver's internal time tn (time_ if unknown)

  void update_stats() {
    SolverStats current;
    read_package_stats(current);
    stats_ = accumulated_stats_;
    add_stats(stats_, current);
    stats_.rhs_evaluations += own_rhs_evaluations_;
    stats_.last_step_size = current.last_step_size;
  }

  [[noreturn]] void fail(int flag, const char* during) {
    const int worst_state = blame_state();
    double failure_time = current_solver_time();
    std::string message = name() + " failed (" + during + ") with " + flag_name(flag);
    if (!last_error_message_.empty()) message += ": " + last_error_message_;
    if (worst_state >= 0) message += " [largest weighted local error in state " + std::to_string(worst_state) + "]";
    last_error_message_.clear();
    throw SolverFailure(failure_time, worst_state, message);
  }

  void demand_finite_input(std::span<const double> x, const char* what) const {
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!std::isfinite(x[i]))
        throw InputError(name() + ": " + what + " entry " + std::to_string(i) + " is not finite (expected finite numbers)");
  }

  // The state with the largest weighted local error |ele_i * ewt_i| (SUNDIALS' own estimate of the
  // last attempted step); -1 when SUNDIALS has none. Error control equidistributes that measure, so
  // several states often tie (e.g. after CV_TOO_MUCH_WORK); among states within a factor 2 of the
  // largest, the one with the largest weighted rate |f_i * ewt_i| (the state racing away) is blamed.
  int blame_state() {
    if (get_local_errors_and_weights() < 0) return -1;
    double largest = 0.0;
    for (int i = 0; i < size_; ++i)
      largest = std::max(largest, std::fabs(NV_Ith_S(local_errors_, i) * NV_Ith_S(error_weights_, i)));
    if (!(largest > 0.0)) return -1;
    std::vector<int> candidates;
    for (int i = 0; i < size_; ++i)
      if (std::fabs(NV_Ith_S(local_errors_, i) * NV_Ith_S(error_weights_, i)) >= 0.5 * largest)
        candidates.push_back(i);
    if (candidates.size() == 1) return candidates.front();
    int worst = candidates.front();
    bool rates_known = false;
    try {
      rates_known = system_->derivatives(current_solver_time(), state_.data(), full_derivative_.data()) == RhsStatus::Ok;
    } catch (...) {
    }
    if (!rates_known) return worst;
    double fastest = -1.0;
    for (int i : candidates) {
      const double rate = std::fabs(full_derivative_[i] * NV_Ith_S(error_weights_, i));
      if (rate > fastest) {
        fastest = rate;
        worst = i;
      }
    }
    return worst;
  }

  // ---- callbacks ----------------------------------------------------------------------------
  static int rhs_full(sunrealtype t, N_Vector y, N_Vector ydot, void* user_data) {
    auto* self = static_cast<SundialsIntegrator*>(user_data);
    try {
      return to_sundials(self->system_->derivatives(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot)));
    } catch (...) {
      self->pending_exception_ = std::current_exception();
      return -1;
    }
  }

  // Splitting for ARKStep IMEX: part == true keeps the explicit states' derivatives, false the
  // implicit ones; the other entries are zero.
  int rhs_part(sunrealtype t, N_Vector y, N_Vector ydot, bool explicit_part) {
    try {
      double* derivative = N_VGetArrayPointer(ydot);
      const int status = to_sundials(system_->derivatives(t, N_VGetArrayPointer(y), derivative));
      if (status != 0) return status;
      for (int i = 0; i < size_; ++i)
        if (explicit_states_[i] != explicit_part) derivative[i] = 0.0;
      return 0;
    } catch (...) {
      pending_exception_ = std::current_exception();
      return -1;
    }
  }

  static int roots(sunrealtype t, N_Vector y, sunrealtype* g, void* user_data) {
    auto* self = static_cast<SundialsIntegrator*>(user_data);
    try {
      return self->system_->zero_crossings(t, N_VGetArrayPointer(y), g) == RhsStatus::Ok ? 0 : -1;
    } catch (...) {
      self->pending_exception_ = std::current_exception();
      return -1;
    }
  }

  static void error_handler(int error_code, const char* module, const char* function, char* message,
                            void* user_data) {
    auto* self = static_cast<SundialsIntegrator*>(user_data);
    if (error_code < 0)
      self->last_error_message_ = std::string(module) + "::" + function + ": " + message;
    // Warnings (error_code > 0) are dropped on purpose: SUNDIALS must not print to stderr.
  }

  // Jacobian of the (implicit part of the) right-hand side into a dense, band or sparse SUNMatrix.
  static int jacobian(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix matrix, void* user_data, N_Vector,
                      N_Vector, N_Vector) {
    auto* self = static_cast<SundialsIntegrator*>(user_data);
    try {
      return self->fill_jacobian(t, N_VGetArrayPointer(y), N_VGetArrayPointer(fy), matrix);
    } catch (...) {
      self->pending_exception_ = std::current_exception();
      return -1;
    }
  }

  int fill_jacobian(double t, const double* y, const double* fy, SUNMatrix matrix) {
    const bool masked = !explicit_states_.empty();
    const SparsityPattern& pattern = *pattern_;
    if (!masked && system_->has_jacobian() && system_->jacobian_pattern() == nullptr &&
        SUNMatGetID(matrix) == SUNMATRIX_DENSE) {
      // Same column-major layout as SUNDIALS' dense matrix (leading dimension n): no copy.
      return to_sundials(system_->jacobian(t, y, fy, SUNDenseMatrix_Data(matrix)));
    }
    for (int i = 0; i < size_; ++i) jacobian_point_[i] = y[i];
    RhsStatus status;
    if (system_->has_jacobian()) {
      // The system's Jacobian wants the full derivative; for IMEX, SUNDIALS passes only fi.
      const double* derivative = fy;
      if (masked) {
        ++own_rhs_evaluations_;
        status = system_->derivatives(t, jacobian_point_.data(), full_derivative_.data());
        if (status != RhsStatus::Ok) return to_sundials(status);
        derivative = full_derivative_.data();
      }
      status = system_->jacobian(t, jacobian_point_.data(), derivative, jacobian_values_.data());
    } else {
      // Coloured differences of the function SUNDIALS integrates implicitly (f, or fi for IMEX).
      auto rhs = [this, masked](double time, const double* x, double* xdot) {
        ++own_rhs_evaluations_;
        const RhsStatus result = system_->derivatives(time, x, xdot);
        if (masked)
          for (int i = 0; i < size_; ++i)
            if (explicit_states_[i]) xdot[i] = 0.0;
        return result;
      };
      status = difference_jacobian_.evaluate(rhs, t, jacobian_point_.data(), fy, jacobian_values_.data());
    }
    if (status != RhsStatus::Ok) return to_sundials(status);
    SUNMatZero(matrix);
    const SUNMatrix_ID kind = SUNMatGetID(matrix);
    if (kind == SUNMATRIX_SPARSE) {
      sunindextype* column_start = SUNSparseMatrix_IndexPointers(matrix);
      sunindextype* rows = SUNSparseMatrix_IndexValues(matrix);
      sunrealtype* values = SUNSparseMatrix_Data(matrix);
      for (int column = 0; column <= size_; ++column) column_start[column] = pattern.column_start[column];
      for (int entry = 0; entry < pattern.nonzeros(); ++entry) {
        rows[entry] = pattern.row_index[entry];
        values[entry] = (masked && explicit_states_[pattern.row_index[entry]]) ? 0.0 : jacobian_values_[entry];
      }
      return 0;
    }
    for (int column = 0; column < size_; ++column) {
      for (int entry = pattern.column_start[column]; entry < pattern.column_start[column + 1]; ++entry) {
        const int row = pattern.row_index[entry];
        if (masked && explicit_states_[row]) continue;
        if (kind == SUNMATRIX_DENSE) {
          SM_ELEMENT_D(matrix, row, column) = jacobian_values_[entry];
        } else if (row - column <= lower_bandwidth_ && column - row <= upper_bandwidth_) {
          SM_ELEMENT_B(matrix, row, column) = jacobian_values_[entry];
        }
      }
    }
    return 0;
  }

  // Creates the matrix and linear solver for options_.linear_solver; returns whether our
  // Jacobian callback must be installed (otherwise SUNDIALS' internal difference quotients are used).
  bool create_linear_solver() {
    const SparsityPattern* system_pattern = system_->jacobian_pattern();
    if (system_pattern != nullptr) {
      validate_pattern(*system_pattern, size_, name().c_str());
      pattern_ = system_pattern;
    } else {
      owned_dense_pattern_ = SparsityPattern::dense(size_);
      pattern_ = &owned_dense_pattern_;
    }
    jacobian_values_.assign(pattern_->nonzeros(), 0.0);
    switch (options_.linear_solver) {
      case LinearSolverKind::Dense:
        matrix_ = SUNDenseMatrix(size_, size_, context_);
        linear_solver_ = SUNLinSol_Dense(state_vector_, matrix_, context_);
        break;
      case LinearSolverKind::Band:
        lower_bandwidth_ = system_pattern != nullptr ? system_pattern->lower_bandwidth() : size_ - 1;
        upper_bandwidth_ = system_pattern != nullptr ? system_pattern->upper_bandwidth() : size_ - 1;
        matrix_ = SUNBandMatrix(size_, upper_bandwidth_, lower_bandwidth_, context_);
        linear_solver_ = SUNLinSol_Band(state_vector_, matrix_, context_);
        break;
      case LinearSolverKind::SparseKlu:
        matrix_ = SUNSparseMatrix(size_, size_, pattern_->nonzeros(), CSC_MAT, context_);
        linear_solver_ = SUNLinSol_KLU(state_vector_, matrix_, context_);
        break;
    }
    if (matrix_ == nullptr || linear_solver_ == nullptr)
      throw Error(name() + ": cannot create the SUNDIALS matrix / linear solver");
    const bool own_differences = !system_->has_jacobian() && options_.linear_solver == LinearSolverKind::SparseKlu;
    if (own_differences) difference_jacobian_.initialize(size_, pattern_);
    return system_->has_jacobian() || own_differences;
  }

  void release_common() {
    if (linear_solver_ != nullptr) SUNLinSolFree(linear_solver_);
    if (matrix_ != nullptr) SUNMatDestroy(matrix_);
    if (state_vector_ != nullptr) N_VDestroy(state_vector_);
    if (local_errors_ != nullptr) N_VDestroy(local_errors_);
    if (error_weights_ != nullptr) N_VDestroy(error_weights_);
    if (absolute_tolerances_ != nullptr) N_VDestroy(absolute_tolerances_);
    if (context_ != nullptr) SUNContext_Free(&context_);
    linear_solver_ = nullptr;
    matrix_ = nullptr;
    state_vector_ = local_errors_ = error_weights_ = absolute_tolerances_ = nullptr;
    context_ = nullptr;
  }

  SolverOptions options_;
  SolverStats stats_;
  SolverStats accumulated_stats_;
  OdeSystem* system_ = nullptr;
  int size_ = 0;
  double time_ = 0.0;
  int root_count_ = 0;
  std::vector<double> state_;
  std::vector<int> root_info_;
  std::vector<bool> explicit_states_;  // empty unless ARKStep IMEX with a split
  std::vector<double> full_derivative_, jacobian_point_, jacobian_values_;
  const SparsityPattern* pattern_ = nullptr;
  SparsityPattern owned_dense_pattern_;
  int lower_bandwidth_ = 0, upper_bandwidth_ = 0;
  DifferenceJacobian difference_jacobian_;
  long own_rhs_evaluations_ = 0;
  std::string last_error_message_;
  std::exception_ptr pending_exception_;

  SUNContext context_ = nullptr;
  N_Vector state_vector_ = nullptr;
  N_Vector local_errors_ = nullptr;
  N_Vector error_weights_ = nullptr;
  N_Vector absolute_tolerances_ = nullptr;
  SUNMatrix matrix_ = nullptr;
  SUNLinearSolver linear_solver_ = nullptr;
};

// Throws with the flag name when a SUNDIALS set-up call fails.
#define ETSIM_SUNDIALS_CALL(call)                                                              \
  do {                                                                                         \
    const int sundials_flag = (call);                                                          \
    if (sundials_flag < 0) fail(sundials_flag, #call);                                         \
  } while (false)

// ---------------------------------------------------------------------------------------------
class CvodeIntegrator final : public SundialsIntegrator {
 public:
  using SundialsIntegrator::SundialsIntegrator;
  ~CvodeIntegrator() override { release_package(); }

 private:
  void create_package(double t0) override {
    memory_ = CVodeCreate(options_.method == SolverMethod::CvodeAdams ? CV_ADAMS : CV_BDF, context_);
    if (memory_ == nullptr) throw Error(name() + ": CVodeCreate failed");
    ETSIM_SUNDIALS_CALL(CVodeSetErrHandlerFn(memory_, error_handler, this));
    ETSIM_SUNDIALS_CALL(CVodeInit(memory_, rhs_full, t0, state_vector_));
    ETSIM_SUNDIALS_CALL(CVodeSetUserData(memory_, this));
    if (absolute_tolerances_ != nullptr)
      ETSIM_SUNDIALS_CALL(CVodeSVtolerances(memory_, options_.relative_tolerance, absolute_tolerances_));
    else
      ETSIM_SUNDIALS_CALL(CVodeSStolerances(memory_, options_.relative_tolerance, options_.absolute_tolerance));
    ETSIM_SUNDIALS_CALL(CVodeSetMaxNumSteps(memory_, options_.max_steps_per_call));
    if (options_.max_step > 0) ETSIM_SUNDIALS_CALL(CVodeSetMaxStep(memory_, options_.max_step));
    if (options_.initial_step > 0) ETSIM_SUNDIALS_CALL(CVodeSetInitStep(memory_, options_.initial_step));
    // Adams and BDF both use Newton's method here (CVODE's default), so a stiff transient does not
    // stall the Adams variant; the linear solver choice applies to both.
    const bool use_jacobian = create_linear_solver();
    ETSIM_SUNDIALS_CALL(CVodeSetLinearSolver(memory_, linear_solver_, matrix_));
    if (use_jacobian) ETSIM_SUNDIALS_CALL(CVodeSetJacFn(memory_, jacobian));
    if (root_count_ > 0) ETSIM_SUNDIALS_CALL(CVodeRootInit(memory_, root_count_, roots));
  }

  void release_package() override {
    if (memory_ != nullptr) CVodeFree(&memory_);
    memory_ = nullptr;
  }

  int reinit_package(double t) override { return CVodeReInit(memory_, t, state_vector_); }

  int solve_package(double t_stop, double* reached) override {
    // CVODE rejects a stop time behind its internal time tn (possible after a root return, when tn is
    // past the root); then t_stop lies inside the last step and CVODE interpolates, never overshooting.
    sunrealtype internal_time = time_;
    CVodeGetCurrentTime(memory_, &internal_time);
    if (t_stop >= internal_time) ETSIM_SUNDIALS_CALL(CVodeSetStopTime(memory_, t_stop));
    return CVode(memory_, t_stop, state_vector_, reached, CV_NORMAL);
  }

  bool is_root_return(int flag) const override { return flag == CV_ROOT_RETURN; }
  void get_root_info(int* directions) override { CVodeGetRootInfo(memory_, directions); }

  void read_package_stats(SolverStats& stats) override {
    long steps = 0, rhs = 0, lin_rhs = 0, error_fails = 0, iterations = 0, convergence_fails = 0,
         jacobians = 0, setups = 0, root_evaluations = 0;
    CVodeGetNumSteps(memory_, &steps);
    CVodeGetNumRhsEvals(memory_, &rhs);
    CVodeGetNumLinRhsEvals(memory_, &lin_rhs);
    CVodeGetNumErrTestFails(memory_, &error_fails);
    CVodeGetNumNonlinSolvIters(memory_, &iterations);
    CVodeGetNumNonlinSolvConvFails(memory_, &convergence_fails);
    CVodeGetNumJacEvals(memory_, &jacobians);
    CVodeGetNumLinSolvSetups(memory_, &setups);
    if (root_count_ > 0) CVodeGetNumGEvals(memory_, &root_evaluations);
    stats = SolverStats{};
    stats.steps = steps;
    stats.rejected_steps = error_fails;
    stats.rhs_evaluations = rhs + lin_rhs;
    stats.jacobian_evaluations = jacobians;
    stats.newton_iterations = iterations;
    stats.newton_failures = convergence_fails;
    stats.root_evaluations = root_evaluations;
    stats.factorizations = setups;
    CVodeGetLastStep(memory_, &stats.last_step_size);
  }

  int get_local_errors_and_weights() override {
    const int flag = CVodeGetEstLocalErrors(memory_, local_errors_);
    return flag < 0 ? flag : CVodeGetErrWeights(memory_, error_weights_);
  }

  std::string flag_name(int flag) const override { return take_flag_name(CVodeGetReturnFlagName(flag)); }

  double current_solver_time() override {
    sunrealtype internal_time = time_;
    if (memory_ != nullptr) CVodeGetCurrentTime(memory_, &internal_time);
    return internal_time;
  }

  void* memory_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// ArkodeErk: ERKStep with its default adaptive explicit table (order 4).
// ArkodeImex: ARKStep, fe = derivatives of explicit_states(), fi = the rest (default ARK IMEX table of
// order 4); without explicit_states() fe is absent and ARKStep runs its default DIRK (order 4).
class ArkodeIntegrator final : public SundialsIntegrator {
 public:
  using SundialsIntegrator::SundialsIntegrator;
  ~ArkodeIntegrator() override { release_package(); }

 private:
  bool explicit_only() const { return options_.method == SolverMethod::ArkodeErk; }

  static int rhs_explicit(sunrealtype t, N_Vector y, N_Vector ydot, void* user_data) {
    return static_cast<ArkodeIntegrator*>(user_data)->rhs_part(t, y, ydot, true);
  }
  static int rhs_implicit(sunrealtype t, N_Vector y, N_Vector ydot, void* user_data) {
    return static_cast<ArkodeIntegrator*>(user_data)->rhs_part(t, y, ydot, false);
  }

  ARKRhsFn explicit_function() const { return explicit_states_.empty() ? nullptr : rhs_explicit; }
  ARKRhsFn implicit_function() const { return explicit_states_.empty() ? rhs_full : rhs_implicit; }

  void create_package(double t0) override {
    explicit_states_.clear();
    if (explicit_only()) {
      memory_ = ERKStepCreate(rhs_full, t0, state_vector_, context_);
      if (memory_ == nullptr) throw Error(name() + ": ERKStepCreate failed");
      ETSIM_SUNDIALS_CALL(ERKStepSetErrHandlerFn(memory_, error_handler, this));
      ETSIM_SUNDIALS_CALL(ERKStepSetUserData(memory_, this));
      if (absolute_tolerances_ != nullptr)
        ETSIM_SUNDIALS_CALL(ERKStepSVtolerances(memory_, options_.relative_tolerance, absolute_tolerances_));
      else
        ETSIM_SUNDIALS_CALL(ERKStepSStolerances(memory_, options_.relative_tolerance, options_.absolute_tolerance));
      ETSIM_SUNDIALS_CALL(ERKStepSetMaxNumSteps(memory_, options_.max_steps_per_call));
      if (options_.max_step > 0) ETSIM_SUNDIALS_CALL(ERKStepSetMaxStep(memory_, options_.max_step));
      if (options_.initial_step > 0) ETSIM_SUNDIALS_CALL(ERKStepSetInitStep(memory_, options_.initial_step));
      if (root_count_ > 0) ETSIM_SUNDIALS_CALL(ERKStepRootInit(memory_, root_count_, roots));
      return;
    }
    if (const bool* split = system_->explicit_states()) {
      explicit_states_.assign(split, split + size_);
      bool any_implicit = false, any_explicit = false;
      for (bool is_explicit : explicit_states_) {
        any_implicit = any_implicit || !is_explicit;
        any_explicit = any_explicit || is_explicit;
      }
      if (!any_implicit)
        throw InputError(name() + ": explicit_states() marks every state explicit; use arkode_erk instead");
      if (!any_explicit) explicit_states_.clear();  // no split: plain DIRK, no masking work
    }
    memory_ = ARKStepCreate(explicit_function(), implicit_function(), t0, state_vector_, context_);
    if (memory_ == nullptr) throw Error(name() + ": ARKStepCreate failed");
    ETSIM_SUNDIALS_CALL(ARKStepSetErrHandlerFn(memory_, error_handler, this));
    ETSIM_SUNDIALS_CALL(ARKStepSetUserData(memory_, this));
    if (absolute_tolerances_ != nullptr)
      ETSIM_SUNDIALS_CALL(ARKStepSVtolerances(memory_, options_.relative_tolerance, absolute_tolerances_));
    else
      ETSIM_SUNDIALS_CALL(ARKStepSStolerances(memory_, options_.relative_tolerance, options_.absolute_tolerance));
    ETSIM_SUNDIALS_CALL(ARKStepSetMaxNumSteps(memory_, options_.max_steps_per_call));
    if (options_.max_step > 0) ETSIM_SUNDIALS_CALL(ARKStepSetMaxStep(memory_, options_.max_step));
    if (options_.initial_step > 0) ETSIM_SUNDIALS_CALL(ARKStepSetInitStep(memory_, options_.initial_step));
    // ARKStep (6.4) keeps the Newton convergence-rate estimate across steps and re-forms the
    // iteration matrix only when gamma = h*a_ii changes by more than 20 %; after a modest step change
    // (e.g. the last step clipped to the stop time) a stage is then accepted after one iteration with
    // the old matrix, leaving errors far above the tolerance (measured: 4e-6 at rtol 1e-8 on
    // x' = -x). Re-forming M = I - gamma*J on every gamma change (J itself is still reused) avoids it.
    ETSIM_SUNDIALS_CALL(ARKStepSetDeltaGammaMax(memory_, 1e-12));
    const bool use_jacobian = create_linear_solver();
    ETSIM_SUNDIALS_CALL(ARKStepSetLinearSolver(memory_, linear_solver_, matrix_));
    if (use_jacobian) ETSIM_SUNDIALS_CALL(ARKStepSetJacFn(memory_, jacobian));
    if (root_count_ > 0) ETSIM_SUNDIALS_CALL(ARKStepRootInit(memory_, root_count_, roots));
  }

  void release_package() override {
    if (memory_ == nullptr) return;
    if (explicit_only())
      ERKStepFree(&memory_);
    else
      ARKStepFree(&memory_);
    memory_ = nullptr;
  }

  int reinit_package(double t) override {
    if (explicit_only()) return ERKStepReInit(memory_, rhs_full, t, state_vector_);
    return ARKStepReInit(memory_, explicit_function(), implicit_function(), t, state_vector_);
  }

  int solve_package(double t_stop, double* reached) override {
    sunrealtype internal_time = time_;
    if (explicit_only()) {
      ERKStepGetCurrentTime(memory_, &internal_time);
      if (t_stop >= internal_time) ETSIM_SUNDIALS_CALL(ERKStepSetStopTime(memory_, t_stop));
      return ERKStepEvolve(memory_, t_stop, state_vector_, reached, ARK_NORMAL);
    }
    ARKStepGetCurrentTime(memory_, &internal_time);
    if (t_stop >= internal_time) ETSIM_SUNDIALS_CALL(ARKStepSetStopTime(memory_, t_stop));
    return ARKStepEvolve(memory_, t_stop, state_vector_, reached, ARK_NORMAL);
  }

  bool is_root_return(int flag) const override { return flag == ARK_ROOT_RETURN; }
  void get_root_info(int* directions) override {
    if (explicit_only())
      ERKStepGetRootInfo(memory_, directions);
    else
      ARKStepGetRootInfo(memory_, directions);
  }

  void read_package_stats(SolverStats& stats) override {
    stats = SolverStats{};
    long steps = 0, error_fails = 0, root_evaluations = 0;
    if (explicit_only()) {
      long rhs = 0;
      ERKStepGetNumSteps(memory_, &steps);
      ERKStepGetNumRhsEvals(memory_, &rhs);
      ERKStepGetNumErrTestFails(memory_, &error_fails);
      if (root_count_ > 0) ERKStepGetNumGEvals(memory_, &root_evaluations);
      ERKStepGetLastStep(memory_, &stats.last_step_size);
      stats.rhs_evaluations = rhs;
    } else {
      long explicit_rhs = 0, implicit_rhs = 0, lin_rhs = 0, iterations = 0, convergence_fails = 0,
           jacobians = 0, setups = 0;
      ARKStepGetNumSteps(memory_, &steps);
      ARKStepGetNumRhsEvals(memory_, &explicit_rhs, &implicit_rhs);
      ARKStepGetNumLinRhsEvals(memory_, &lin_rhs);
      ARKStepGetNumErrTestFails(memory_, &error_fails);
      ARKStepGetNumNonlinSolvIters(memory_, &iterations);
      ARKStepGetNumNonlinSolvConvFails(memory_, &convergence_fails);
      ARKStepGetNumJacEvals(memory_, &jacobians);
      ARKStepGetNumLinSolvSetups(memory_, &setups);
      if (root_count_ > 0) ARKStepGetNumGEvals(memory_, &root_evaluations);
      ARKStepGetLastStep(memory_, &stats.last_step_size);
      // With a split, each fe or fi call costs one full system evaluation.
      stats.rhs_evaluations = explicit_rhs + implicit_rhs + lin_rhs;
      stats.newton_iterations = iterations;
      stats.newton_failures = convergence_fails;
      stats.jacobian_evaluations = jacobians;
      stats.factorizations = setups;
    }
    stats.steps = steps;
    stats.rejected_steps = error_fails;
    stats.root_evaluations = root_evaluations;
  }

  int get_local_errors_and_weights() override {
    if (explicit_only()) {
      const int flag = ERKStepGetEstLocalErrors(memory_, local_errors_);
      return flag < 0 ? flag : ERKStepGetErrWeights(memory_, error_weights_);
    }
    const int flag = ARKStepGetEstLocalErrors(memory_, local_errors_);
    return flag < 0 ? flag : ARKStepGetErrWeights(memory_, error_weights_);
  }

  std::string flag_name(int flag) const override {
    return take_flag_name(explicit_only() ? ERKStepGetReturnFlagName(flag) : ARKStepGetReturnFlagName(flag));
  }

  double current_solver_time() override {
    sunrealtype internal_time = time_;
    if (memory_ == nullptr) return internal_time;
    if (explicit_only())
      ERKStepGetCurrentTime(memory_, &internal_time);
    else
      ARKStepGetCurrentTime(memory_, &internal_time);
    return internal_time;
  }

  void* memory_ = nullptr;
};

#undef ETSIM_SUNDIALS_CALL

}  // namespace

std::unique_ptr<Integrator> make_cvode_integrator(const SolverOptions& options) {
  return std::make_unique<CvodeIntegrator>(options);
}

std::unique_ptr<Integrator> make_arkode_integrator(const SolverOptions& options) {
  return std::make_unique<ArkodeIntegrator>(options);
}

}  // namespace etsim::solvers_detail
