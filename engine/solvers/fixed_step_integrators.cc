// Fixed-step integrators: explicit Euler, Heun, Bogacki-Shampine, classical RK4, two-step
// Adams-Bashforth, variable-coefficient BDF2 and Alexander's 2-stage SDIRK, behind the Integrator
// interface.
//
// Allocation guarantee: every buffer (Eigen vectors/matrices, the dense LU, KLU's symbolic and
// numeric factorisations) is created in initialize(); advance() and reset() only write into them.
// No mutex or other lock is taken on these paths.
//
// Implicit methods solve, per stage, the nonlinear system
//     Y = base + gh * f(t_stage, Y)
// by Newton's method with the iteration matrix M = I - gh * J, where J is evaluated (from the
// system or by finite differences) every `jacobian_reuse_steps` steps, after reset(), or when Newton
// converges poorly; M is re-factorised whenever J is new or gh changed.
//   BDF2 (step ratio w = h_n / h_{n-1}):
//     y_{n+1} - (1+w)^2/(1+2w) y_n + w^2/(1+2w) y_{n-1} = h_n (1+w)/(1+2w) f(t_{n+1}, y_{n+1}),
//     started (and restarted after reset) by one implicit Euler step.
//   SDIRK2 (Alexander 1977), g = 1 - 1/sqrt(2), stiffly accurate, L-stable, order 2:
//     Y1 = y_n + g h f(t_n + g h, Y1)
//     Y2 = y_n + (1-g) h f(t_n + g h, Y1) + g h f(t_n + h, Y2),   y_{n+1} = Y2.
#include <suitesparse/klu.h>

#include <Eigen/Core>
#include <Eigen/LU>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/error.h"
#include "engine/solvers/difference_jacobian.h"
#include "engine/solvers/integrator.h"
#include "engine/solvers/integrator_factories.h"

namespace etsim::solvers_detail {
namespace {

const char* status_name(RhsStatus status) {
  return status == RhsStatus::Recoverable ? "Recoverable" : "Fatal";
}

class FixedStepIntegrator : public Integrator {
 public:
  explicit FixedStepIntegrator(const SolverOptions& options) : options_(options) {}

  void initialize(OdeSystem& system, double t0, std::span<const double> x0) override {
    const int size = system.state_size();
    if (size < 0) throw InputError(name() + ": state_size() must be >= 0");
    if (static_cast<int>(x0.size()) != size)
      throw InputError(name() + ": initial state has " + std::to_string(x0.size()) +
                       " entries but the system has " + std::to_string(size) + " states");
    if (!std::isfinite(t0)) throw InputError(name() + ": initial time must be finite");
    system_ = &system;
    size_ = size;
    state_.resize(size);
    derivative_.resize(size);
    root_count_ = system.zero_crossing_count();
    if (root_count_ < 0) throw InputError(name() + ": zero_crossing_count() must be >= 0");
    crossings_.assign(2 * static_cast<std::size_t>(root_count_), 0.0);
    previous_crossings_ = crossings_.data();
    current_crossings_ = crossings_.data() + root_count_;
    root_directions_.assign(root_count_, 0);
    stats_ = SolverStats{};
    // The implicit methods evaluate and factorise the Jacobian at (t0, x0) while allocating.
    time_ = t0;
    for (int i = 0; i < size; ++i) state_[i] = x0[i];
    demand_finite_input(x0, "initial state");
    allocate_workspace();
    reset(t0, x0);
  }

  void reset(double t, std::span<const double> x) override {
    if (system_ == nullptr) throw Error(name() + ": reset() called before initialize()");
    if (static_cast<int>(x.size()) != size_)
      throw InputError(name() + ": reset state has " + std::to_string(x.size()) + " entries, expected " +
                       std::to_string(size_));
    if (!std::isfinite(t)) throw InputError(name() + ": reset time must be finite");
    demand_finite_input(x, "reset state");
    time_ = t;
    for (int i = 0; i < size_; ++i) state_[i] = x[i];
    restart();
    if (root_count_ > 0) evaluate_crossings(previous_crossings_);
  }

  AdvanceResult advance(double t_stop) override {
    if (system_ == nullptr) throw Error(name() + ": advance() called before initialize()");
    if (!std::isfinite(t_stop)) throw InputError(name() + ": advance() needs a finite stop time");
    AdvanceResult result;
    const double step = options_.fixed_step;
    // A remainder below this is rounding noise of the caller's time grid, not a step to take. Far
    // from t = 0 the accumulated rounding of t + h + h + ... grows with |t|, hence the second term.
    const double negligible = std::max(1e-9 * step, 1e-13 * std::abs(t_stop));
    if (t_stop < time_ - negligible)
      throw InputError(name() + ": advance() to t = " + std::to_string(t_stop) + " s is before the current time " +
                       std::to_string(time_) + " s (integration runs forward only)");
    // Several whole steps in one call where the method can (a fused multi-step of a compiled
    // kernel), leaving the last step to the loop below so that the one landing on t_stop is taken
    // exactly as before. Each step in the call is one the loop would take as a whole step
    // (remaining > h + negligible) with a margin of at least h/2, far above the rounding of the
    // accumulated time. Only without zero crossings: those are checked after every step.
    if (root_count_ == 0 && size_ > 0 && takes_whole_steps()) {
      const double whole = std::floor((t_stop - time_ - negligible) / step + 0.5) - 1.0;
      if (whole >= 2.0) take_whole_steps(static_cast<int>(std::min(whole, 1e9)), step);
    }
    while (t_stop - time_ > negligible) {
      const double remaining = t_stop - time_;
      // Land exactly on t_stop: the last step is shortened (or stretched by rounding noise).
      const bool last = remaining <= step + negligible;
      const double h = last ? remaining : step;
      if (one_step(h, last ? t_stop : time_ + h)) {
        result.status = AdvanceResult::Status::RootFound;
        result.time = time_;
        result.root_directions = root_directions_;
        return result;
      }
    }
    if (time_ < t_stop) time_ = t_stop;  // absorb the negligible remainder
    result.time = time_;
    return result;
  }

  AdvanceResult step_to(double t_next) override {
    AdvanceResult result;
    if (one_step(t_next - time_, t_next)) {
      result.status = AdvanceResult::Status::RootFound;
      result.root_directions = root_directions_;
    }
    result.time = time_;
    return result;
  }

  // One step of h ending at t_end (given separately so that the last step lands exactly): the
  // state, statistics, finiteness check and zero-crossing check. Returns whether a function
  // crossed zero.
  bool one_step(double h, double t_end) {
    const bool crossings_done = size_ > 0 && step_with_crossings(h);  // empty: time only
    time_ = t_end;
    ++stats_.steps;
    stats_.last_step_size = h;
    check_finite_state("state after a step");
    return root_count_ > 0 && detect_crossings(crossings_done);
  }

  double time() const override { return time_; }
  std::span<const double> state() const override { return {state_.data(), static_cast<size_t>(size_)}; }
  std::span<const double> zero_crossings_at_current_state() const override {
    // Evaluated at the end of the last step or at the last reset.
    return {previous_crossings_, static_cast<std::size_t>(root_count_)};
  }
  const SolverStats& stats() const override { return stats_; }
  const SolverOptions& options() const override { return options_; }

 protected:
  std::string name() const { return to_string(options_.method); }

  virtual void allocate_workspace() = 0;
  virtual void restart() {}
  // Whether the method can take several whole steps in one call (take_whole_steps).
  virtual bool takes_whole_steps() const { return false; }
  // `count` steps of h, none of them the last before a stop, with the bookkeeping of one_step()
  // (time, statistics, finiteness check). Only called when takes_whole_steps().
  virtual void take_whole_steps(int count, double h) {}
  // The bookkeeping of `taken` whole steps of h done by a multi-step call: the same time
  // arithmetic as one_step() (t + h per step), statistics and the finiteness check.
  void account_whole_steps(int taken, double h) {
    for (int k = 0; k < taken; ++k) time_ = time_ + h;
    stats_.steps += taken;
    if (taken > 0) stats_.last_step_size = h;
    check_finite_state("state after a step");
  }
  virtual void take_step(double h) = 0;
  // A step that may also evaluate the zero-crossing functions at its end into the current
  // crossings (a fused step does both in one pass); returns whether it did.
  virtual bool step_with_crossings(double h) {
    take_step(h);
    return false;
  }
  double* crossings_for_fused_step() { return root_count_ > 0 ? current_crossings_ : nullptr; }
  // One step by the system's fused step of `method` (`evaluations` right-hand sides), which also
  // evaluates the zero-crossing functions at its end; returns whether it did.
  bool fused_step_with_crossings(FusedStepMethod method, int evaluations, double h) {
    double* crossings = crossings_for_fused_step();
    stats_.rhs_evaluations += evaluations;
    const RhsStatus status = system_->fused_step(method, time_, h, state_.data(), crossings);
    if (status != RhsStatus::Ok) throw_rhs_failure(time_, status);
    return crossings != nullptr;
  }

  // The rest of a Heun step once k1 = f(t, x) is known: k2 = f(t + h, x + h k1),
  // x += h/2 (k1 + k2). Heun's method and the start of Adams-Bashforth 2 share it.
  void complete_heun_step(double h, const double* k1, double* k2, double* stage) {
    const int n = size_;
    double* x = state_.data();
    for (int i = 0; i < n; ++i) stage[i] = x[i] + h * k1[i];
    evaluate_rhs(time_ + h, stage, k2);
    const double half = 0.5 * h;
    for (int i = 0; i < n; ++i) x[i] += half * (k1[i] + k2[i]);
  }

  void evaluate_rhs(double t, const double* x, double* xdot) {
    ++stats_.rhs_evaluations;
    const RhsStatus status = system_->derivatives(t, x, xdot);
    if (status != RhsStatus::Ok) throw_rhs_failure(t, status);
  }
  [[noreturn]] void throw_rhs_failure(double t, RhsStatus status) const {
    throw SolverFailure(t, -1, name() + ": right-hand side returned " + status_name(status) + " at t = " +
                                   std::to_string(t) + " s (fixed-step methods cannot retry)");
  }

  void demand_finite_input(std::span<const double> x, const char* what) const {
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!std::isfinite(x[i]))
        throw InputError(name() + ": " + what + " entry " + std::to_string(i) + " is not finite (expected finite numbers)");
  }

  void check_finite_state(const char* what) const {
    // One branch-free pass per step: x - x is 0 for finite x and NaN for NaN or Inf (two
    // accumulators, so the adds do not wait for each other).
    const double* x = state_.data();
    double even = 0.0, odd = 0.0;
    int i = 0;
    for (; i + 1 < size_; i += 2) {
      even += x[i] - x[i];
      odd += x[i + 1] - x[i + 1];
    }
    if (i < size_) even += x[i] - x[i];
    if (even + odd != 0.0) report_non_finite_state(what);
  }
  [[gnu::cold, gnu::noinline]] void report_non_finite_state(const char* what) const {
    for (int k = 0; k < size_; ++k)
      if (!std::isfinite(state_[k]))
        throw SolverFailure(time_, k, name() + ": " + what + " is not finite at t = " + std::to_string(time_) +
                                          " s (state " + std::to_string(k) + ")");
  }

  void evaluate_crossings(double* g) {
    ++stats_.root_evaluations;
    const RhsStatus status = system_->zero_crossings(time_, state_.data(), g);
    if (status != RhsStatus::Ok)
      throw SolverFailure(time_, -1, name() + ": zero-crossing function returned " + status_name(status));
  }

  // Compares the sign of g at the end of the step with the start; rising = from < 0 to >= 0,
  // falling = from > 0 to <= 0 (so a crossing that ends exactly on zero is reported once).
  bool detect_crossings(bool already_evaluated) {
    if (already_evaluated) {
      ++stats_.root_evaluations;
    } else {
      evaluate_crossings(current_crossings_);
    }
    bool found = false;
    for (int i = 0; i < root_count_; ++i) {
      const double before = previous_crossings_[i];
      const double after = current_crossings_[i];
      int direction = 0;
      if (before < 0.0 && after >= 0.0) direction = 1;
      if (before > 0.0 && after <= 0.0) direction = -1;
      root_directions_[i] = direction;
      found = found || direction != 0;
    }
    std::swap(previous_crossings_, current_crossings_);
    return found;
  }

  SolverOptions options_;
  SolverStats stats_;
  OdeSystem* system_ = nullptr;
  int size_ = 0;
  double time_ = 0.0;
  Eigen::VectorXd state_;
  Eigen::VectorXd derivative_;

 private:
  int root_count_ = 0;
  std::vector<double> crossings_;  // two halves: previous and current values
  double* previous_crossings_ = nullptr;
  double* current_crossings_ = nullptr;
  std::vector<int> root_directions_;
};

// ---------------------------------------------------------------------------------------------
class ExplicitEulerIntegrator final : public FixedStepIntegrator {
 public:
  using FixedStepIntegrator::FixedStepIntegrator;

 private:
  void allocate_workspace() override {}
  void take_step(double h) override {
    evaluate_rhs(time_, state_.data(), derivative_.data());
    state_.noalias() += h * derivative_;
  }
};

// ---------------------------------------------------------------------------------------------
// Explicit trapezoid (Heun): k1 = f(t, x), k2 = f(t + h, x + h k1), x += h/2 (k1 + k2). Order 2,
// two evaluations per step: half the cost of RK4 where a 2nd-order error is small enough (fast
// electrical parts at a step far below their time constants).
class HeunIntegrator final : public FixedStepIntegrator {
 public:
  using FixedStepIntegrator::FixedStepIntegrator;

 private:
  void allocate_workspace() override {
    k2_.resize(size_);
    stage_.resize(size_);
    fused_ = system_->has_fused_step(FusedStepMethod::Heun);
  }
  bool step_with_crossings(double h) override {
    if (fused_) return fused_step_with_crossings(FusedStepMethod::Heun, 2, h);
    take_step(h);
    return false;
  }
  void take_step(double h) override {
    evaluate_rhs(time_, state_.data(), derivative_.data());
    complete_heun_step(h, derivative_.data(), k2_.data(), stage_.data());
  }
  Eigen::VectorXd k2_, stage_;
  bool fused_ = false;
};

// ---------------------------------------------------------------------------------------------
// Bogacki-Shampine 3(2), used at fixed step without its embedded estimate:
// k1 = f(t, x), k2 = f(t + h/2, x + h/2 k1), k3 = f(t + 3h/4, x + 3h/4 k2),
// x += h (2/9 k1 + 1/3 k2 + 4/9 k3). Order 3, three evaluations per step.
class BogackiShampineIntegrator final : public FixedStepIntegrator {
 public:
  using FixedStepIntegrator::FixedStepIntegrator;

 private:
  void allocate_workspace() override {
    k2_.resize(size_);
    k3_.resize(size_);
    stage_.resize(size_);
  }
  void take_step(double h) override {
    const int n = size_;
    double* x = state_.data();
    double* k1 = derivative_.data();
    double* k2 = k2_.data();
    double* k3 = k3_.data();
    double* stage = stage_.data();
    evaluate_rhs(time_, x, k1);
    for (int i = 0; i < n; ++i) stage[i] = x[i] + 0.5 * h * k1[i];
    evaluate_rhs(time_ + 0.5 * h, stage, k2);
    for (int i = 0; i < n; ++i) stage[i] = x[i] + 0.75 * h * k2[i];
    evaluate_rhs(time_ + 0.75 * h, stage, k3);
    for (int i = 0; i < n; ++i) x[i] += h * (2.0 / 9.0 * k1[i] + 1.0 / 3.0 * k2[i] + 4.0 / 9.0 * k3[i]);
  }
  Eigen::VectorXd k2_, k3_, stage_;
};

// ---------------------------------------------------------------------------------------------
class RungeKutta4Integrator final : public FixedStepIntegrator {
 public:
  using FixedStepIntegrator::FixedStepIntegrator;

 private:
  void allocate_workspace() override {
    k2_.resize(size_);
    k3_.resize(size_);
    k4_.resize(size_);
    stage_.resize(size_);
    fused_ = system_->has_fused_step(FusedStepMethod::RungeKutta4);
  }
  bool step_with_crossings(double h) override {
    if (fused_) return fused_step_with_crossings(FusedStepMethod::RungeKutta4, 4, h);
    take_step(h);
    return false;
  }
  void take_step(double h) override {
    // Plain loops over raw pointers: the state is small (often < 50 entries), where Eigen's
    // dynamic-size expressions cost more in set-up than in arithmetic.
    const int n = size_;
    double* x = state_.data();
    double* k1 = derivative_.data();
    double* k2 = k2_.data();
    double* k3 = k3_.data();
    double* k4 = k4_.data();
    double* stage = stage_.data();
    const double half = 0.5 * h;
    evaluate_rhs(time_, x, k1);
    for (int i = 0; i < n; ++i) stage[i] = x[i] + half * k1[i];
    evaluate_rhs(time_ + half, stage, k2);
    for (int i = 0; i < n; ++i) stage[i] = x[i] + half * k2[i];
    evaluate_rhs(time_ + half, stage, k3);
    for (int i = 0; i < n; ++i) stage[i] = x[i] + h * k3[i];
    evaluate_rhs(time_ + h, stage, k4);
    const double sixth = h / 6.0;
    for (int i = 0; i < n; ++i) x[i] += sixth * (k1[i] + 2.0 * (k2[i] + k3[i]) + k4[i]);
  }
  Eigen::VectorXd k2_, k3_, k4_, stage_;
  bool fused_ = false;
};

// ---------------------------------------------------------------------------------------------
// Two-step Adams-Bashforth (AB2), order 2, one evaluation per step: with the step ratio
// w = h_n / h_{n-1} (the last step before a stop may be shorter),
//   x_{n+1} = x_n + h_n ((1 + w/2) f_n - (w/2) f_{n-1}),
// i.e. the integral of the line through the last two derivatives. It reuses f_{n-1}, which is only
// right while the right-hand side is continuous: after reset() (which the simulator calls at
// every discontinuity for this method, see restarts_at_discontinuities) the first step is a Heun
// step from f_n alone. Linear stability: roots of z^2 - (1 + 3q/2) z + q/2 with q = h lambda;
// the real interval is (-1, 0], on the imaginary axis |z| = 1 + O(q^4) (as Heun's method), so a
// rotation needs a little damping - docs/solvers.md.
class AdamsBashforth2Integrator final : public FixedStepIntegrator {
 public:
  using FixedStepIntegrator::FixedStepIntegrator;

 private:
  void allocate_workspace() override {
    previous_derivative_.resize(size_);
    k2_.resize(size_);
    stage_.resize(size_);
    fused_ = system_->has_fused_step(FusedStepMethod::AdamsBashforth2);
  }
  void restart() override { have_history_ = false; }
  bool step_with_crossings(double h) override {
    if (!fused_) {
      take_step(h);
      return false;
    }
    double* crossings = crossings_for_fused_step();
    int taken = 0;
    stats_.rhs_evaluations += have_history_ ? 1 : 2;
    const RhsStatus status = system_->fused_adams_bashforth2_steps(
        time_, h, 1, have_history_ ? previous_step_ : 0.0, state_.data(), previous_derivative_.data(),
        crossings, taken);
    if (status != RhsStatus::Ok) throw_rhs_failure(time_, status);
    have_history_ = true;
    previous_step_ = h;
    return crossings != nullptr;
  }
  bool takes_whole_steps() const override { return fused_; }
  void take_whole_steps(int count, double h) override {
    int taken = 0;
    stats_.rhs_evaluations += count + (have_history_ ? 0 : 1);
    const RhsStatus status = system_->fused_adams_bashforth2_steps(
        time_, h, count, have_history_ ? previous_step_ : 0.0, state_.data(),
        previous_derivative_.data(), nullptr, taken);
    if (taken > 0) {
      have_history_ = true;
      previous_step_ = h;
    }
    // The failed evaluation belongs to the step after the last completed one.
    if (status != RhsStatus::Ok) {
      account_whole_steps(taken, h);
      throw_rhs_failure(time_, status);
    }
    account_whole_steps(taken, h);  // throws for a non-finite state, at its step's time
  }
  void take_step(double h) override {
    const int n = size_;
    double* x = state_.data();
    double* f = derivative_.data();
    double* f_previous = previous_derivative_.data();
    evaluate_rhs(time_, x, f);
    if (have_history_) {
      const double half_ratio = 0.5 * h / previous_step_;
      const double weight_now = h * (1.0 + half_ratio);
      const double weight_before = h * half_ratio;
      for (int i = 0; i < n; ++i) x[i] += weight_now * f[i] - weight_before * f_previous[i];
    } else {
      complete_heun_step(h, f, k2_.data(), stage_.data());
      have_history_ = true;
    }
    derivative_.swap(previous_derivative_);  // swaps the buffers, allocates nothing
    previous_step_ = h;
  }
  Eigen::VectorXd previous_derivative_, k2_, stage_;
  double previous_step_ = 0.0;
  bool have_history_ = false;
  bool fused_ = false;
};

// ---------------------------------------------------------------------------------------------
// Newton machinery shared by BDF2 and SDIRK2.
class ImplicitFixedStepIntegrator : public FixedStepIntegrator {
 public:
  using FixedStepIntegrator::FixedStepIntegrator;
  ~ImplicitFixedStepIntegrator() override { free_klu(); }

 protected:
  // The leading coefficient gh used to pre-factorise in initialize() (h times the method's gamma).
  virtual double nominal_gamma_h() const = 0;

  void allocate_workspace() override {
    free_klu();
    const SparsityPattern* pattern = system_->jacobian_pattern();
    sparse_ = pattern != nullptr;
    analytic_jacobian_ = system_->has_jacobian();
    residual_.resize(size_);
    correction_.resize(size_);
    newton_start_.resize(size_);
    best_iterate_.resize(size_);
    jacobian_point_.resize(size_);
    if (sparse_) {
      validate_pattern(*pattern, size_, name().c_str());
      pattern_ = pattern;
      build_newton_pattern(*pattern);
      jacobian_values_.assign(pattern->nonzeros(), 0.0);
    } else {
      dense_jacobian_.setZero(size_, size_);
      newton_matrix_.setZero(size_, size_);
      dense_lu_ = Eigen::PartialPivLU<Eigen::MatrixXd>(size_);
    }
    if (!analytic_jacobian_) difference_jacobian_.initialize(size_, pattern);
    // Evaluate J at the initial state and factorise once here, so that KLU's numeric object (whose
    // creation allocates) exists before the first advance(); later factorisations reuse it.
    jacobian_point_ = Eigen::Map<const Eigen::VectorXd>(state_.data(), size_);
    evaluate_jacobian(time_, jacobian_point_);
    factorize(nominal_gamma_h());
  }

  // A restart (event, co-simulation exchange) keeps the Jacobian: the Newton iteration refreshes it
  // on poor convergence and every jacobian_reuse_steps steps, so a co-simulated subsystem does not
  // pay one Jacobian per communication step.
  void restart() override {}

  // Solves Y = base + gh f(t, Y); Y holds the initial guess on entry and the solution on exit.
  // On poor convergence (adaptive mode) the Jacobian is re-evaluated at the best iterate so far and
  // the iteration continues from there, up to kMaxJacobianRefreshes times per stage.
  void solve_stage(double t, double gamma_h, const Eigen::VectorXd& base, Eigen::VectorXd& stage) {
    constexpr int kMaxJacobianRefreshes = 5;
    newton_start_ = stage;
    for (int attempt = 0;; ++attempt) {
      if (jacobian_wanted_ || steps_since_jacobian_ >= options_.jacobian_reuse_steps) {
        evaluate_jacobian(t, stage);
      }
      // The Newton matrix only steers the iteration (the residual uses the exact gamma_h), so a
      // gamma_h that differs by rounding noise (a last step of t_stop - t, e.g. 1e-3 +- 1e-15 at
      // every co-simulation exchange) keeps the factorisation instead of paying a new one.
      if (!factorization_current_ ||
          std::abs(gamma_h - factored_gamma_h_) > 1e-9 * std::abs(factored_gamma_h_)) {
        factorize(gamma_h);
      }
      const NewtonOutcome outcome = iterate(t, gamma_h, base, stage);
      if (outcome == NewtonOutcome::Converged) return;
      if (options_.fixed_newton_iterations) {
        // Deterministic cost: keep the result, but refresh the Jacobian for the next step.
        if (outcome == NewtonOutcome::Diverging) jacobian_wanted_ = true;
        return;
      }
      if (attempt < kMaxJacobianRefreshes) {
        // A stale Jacobian (or one taken far from the solution) is the usual cause. Continue from
        // the last iterate if the iteration was still contracting, else from the best one.
        if (outcome == NewtonOutcome::Diverging)
          stage = best_iterate_norm_ < std::numeric_limits<double>::infinity() ? best_iterate_ : newton_start_;
        jacobian_wanted_ = true;
        continue;
      }
      ++stats_.newton_failures;
      int worst = 0;
      correction_.cwiseAbs().maxCoeff(&worst);
      char detail[160];
      std::snprintf(detail, sizeof detail,
                    " at t = %.9g s: %d Jacobian refreshes of %d iterations each, last relative correction "
                    "%.3g > newton_tolerance %.3g",
                    t, kMaxJacobianRefreshes, options_.newton_iterations, last_correction_norm_,
                    options_.newton_tolerance);
      throw SolverFailure(t, worst, name() + ": Newton iteration did not converge" + detail +
                                        " (reduce fixed_step or raise newton_iterations)");
    }
  }

  // Called once per step by the methods (counts steps for the Jacobian reuse policy).
  void begin_step() {
    ++steps_since_jacobian_;
    jacobian_fresh_ = false;
  }

 private:
  enum class NewtonOutcome { Converged, NotConverged, Diverging };

  NewtonOutcome iterate(double t, double gamma_h, const Eigen::VectorXd& base, Eigen::VectorXd& stage) {
    double previous_norm = 0.0;
    best_iterate_norm_ = std::numeric_limits<double>::infinity();
    for (int iteration = 0; iteration < options_.newton_iterations; ++iteration) {
      evaluate_rhs(t, stage.data(), derivative_.data());
      residual_.noalias() = stage - base - gamma_h * derivative_;
      solve_linear(residual_, correction_);
      stage -= correction_;
      ++stats_.newton_iterations;
      // Correction size relative to the state's magnitude (max norm).
      const double norm = correction_.cwiseAbs().maxCoeff() / (1.0 + stage.cwiseAbs().maxCoeff());
      last_correction_norm_ = norm;
      if (!std::isfinite(norm)) return NewtonOutcome::Diverging;
      if (!options_.fixed_newton_iterations && norm < best_iterate_norm_) {
        best_iterate_norm_ = norm;
        best_iterate_ = stage;
      }
      if (options_.fixed_newton_iterations) {
        if (iteration > 0 && norm > 0.9 * previous_norm && norm > options_.newton_tolerance)
          last_outcome_diverging_ = true;
        previous_norm = norm;
        continue;
      }
      if (norm <= options_.newton_tolerance) return NewtonOutcome::Converged;
      if (iteration > 0) {
        const double rate = norm / previous_norm;
        if (rate > 0.9) return NewtonOutcome::Diverging;
        // Predicted remaining error of a linearly converging iteration.
        if (norm * rate / (1.0 - rate) <= options_.newton_tolerance) return NewtonOutcome::Converged;
      }
      previous_norm = norm;
    }
    if (options_.fixed_newton_iterations) {
      const bool diverging = last_outcome_diverging_;
      last_outcome_diverging_ = false;
      return diverging ? NewtonOutcome::Diverging : NewtonOutcome::NotConverged;
    }
    return NewtonOutcome::NotConverged;
  }

  void evaluate_jacobian(double t, const Eigen::VectorXd& at) {
    jacobian_point_ = at;
    evaluate_rhs(t, jacobian_point_.data(), derivative_.data());
    double* values = sparse_ ? jacobian_values_.data() : dense_jacobian_.data();
    RhsStatus status;
    if (analytic_jacobian_) {
      status = system_->jacobian(t, jacobian_point_.data(), derivative_.data(), values);
    } else {
      auto rhs = [this](double time, const double* x, double* xdot) {
        ++stats_.rhs_evaluations;
        return system_->derivatives(time, x, xdot);
      };
      status = difference_jacobian_.evaluate(rhs, t, jacobian_point_.data(), derivative_.data(), values);
    }
    if (status != RhsStatus::Ok)
      throw SolverFailure(t, -1, name() + ": Jacobian evaluation returned " + status_name(status));
    ++stats_.jacobian_evaluations;
    steps_since_jacobian_ = 0;
    jacobian_wanted_ = false;
    jacobian_fresh_ = true;
    factorization_current_ = false;
  }

  void factorize(double gamma_h) {
    ++stats_.factorizations;
    if (sparse_) {
      for (double& value : newton_values_) value = 0.0;
      for (std::size_t entry = 0; entry < jacobian_to_newton_.size(); ++entry)
        newton_values_[jacobian_to_newton_[entry]] = -gamma_h * jacobian_values_[entry];
      for (int position : newton_diagonal_) newton_values_[position] += 1.0;
      bool ok = false;
      if (klu_numeric_ != nullptr) {
        ok = klu_refactor(newton_start_column_.data(), newton_row_.data(), newton_values_.data(), klu_symbolic_,
                          klu_numeric_, &klu_common_) != 0;
        // The pivot order of the first factorisation may not suit the new matrix: check the
        // reciprocal pivot growth cheaply and pivot afresh (this allocates) only when it degrades.
        if (ok && klu_rcond(klu_symbolic_, klu_numeric_, &klu_common_) != 0 && klu_common_.rcond < 1e-12)
          ok = false;
      }
      if (!ok) {
        if (klu_numeric_ != nullptr) klu_free_numeric(&klu_numeric_, &klu_common_);
        klu_numeric_ = klu_factor(newton_start_column_.data(), newton_row_.data(), newton_values_.data(),
                                  klu_symbolic_, &klu_common_);
        if (klu_numeric_ == nullptr)
          throw SolverFailure(time_, -1, name() + ": Newton matrix I - h*gamma*J is singular (KLU status " +
                                             std::to_string(klu_common_.status) + ")");
      }
    } else {
      newton_matrix_.noalias() = (-gamma_h) * dense_jacobian_;
      newton_matrix_.diagonal().array() += 1.0;
      dense_lu_.compute(newton_matrix_);
      int smallest = 0;
      if (size_ > 0 && dense_lu_.matrixLU().diagonal().cwiseAbs().minCoeff(&smallest) == 0.0)
        throw SolverFailure(time_, smallest, name() + ": Newton matrix I - h*gamma*J is singular");
    }
    factored_gamma_h_ = gamma_h;
    factorization_current_ = true;
  }

  void solve_linear(const Eigen::VectorXd& right_side, Eigen::VectorXd& solution) {
    if (sparse_) {
      solution = right_side;
      klu_solve(klu_symbolic_, klu_numeric_, size_, 1, solution.data(), &klu_common_);
    } else {
      solution = dense_lu_.solve(right_side);
    }
  }

  // Pattern of M = I - gh J: the Jacobian's pattern plus the diagonal.
  void build_newton_pattern(const SparsityPattern& pattern) {
    newton_start_column_.assign(size_ + 1, 0);
    newton_row_.clear();
    jacobian_to_newton_.assign(pattern.nonzeros(), 0);
    newton_diagonal_.assign(size_, 0);
    for (int column = 0; column < size_; ++column) {
      bool diagonal_done = false;
      for (int k = pattern.column_start[column]; k < pattern.column_start[column + 1]; ++k) {
        const int row = pattern.row_index[k];
        if (!diagonal_done && row > column) {
          newton_diagonal_[column] = static_cast<int>(newton_row_.size());
          newton_row_.push_back(column);
          diagonal_done = true;
        }
        if (row == column) {
          newton_diagonal_[column] = static_cast<int>(newton_row_.size());
          diagonal_done = true;
        }
        jacobian_to_newton_[k] = static_cast<int>(newton_row_.size());
        newton_row_.push_back(row);
      }
      if (!diagonal_done) {
        newton_diagonal_[column] = static_cast<int>(newton_row_.size());
        newton_row_.push_back(column);
      }
      newton_start_column_[column + 1] = static_cast<int>(newton_row_.size());
    }
    newton_values_.assign(newton_row_.size(), 0.0);
    klu_defaults(&klu_common_);
    klu_symbolic_ = klu_analyze(size_, newton_start_column_.data(), newton_row_.data(), &klu_common_);
    if (klu_symbolic_ == nullptr)
      throw SolverFailure(time_, -1, name() + ": KLU symbolic analysis failed (status " +
                                         std::to_string(klu_common_.status) + ")");
  }

  void free_klu() {
    if (klu_numeric_ != nullptr) klu_free_numeric(&klu_numeric_, &klu_common_);
    if (klu_symbolic_ != nullptr) klu_free_symbolic(&klu_symbolic_, &klu_common_);
  }

  bool sparse_ = false;
  bool analytic_jacobian_ = false;
  const SparsityPattern* pattern_ = nullptr;
  DifferenceJacobian difference_jacobian_;

  Eigen::VectorXd residual_, correction_, newton_start_, best_iterate_, jacobian_point_;
  double best_iterate_norm_ = 0.0;
  Eigen::MatrixXd dense_jacobian_, newton_matrix_;
  Eigen::PartialPivLU<Eigen::MatrixXd> dense_lu_;

  std::vector<double> jacobian_values_;
  std::vector<int> newton_start_column_, newton_row_, jacobian_to_newton_, newton_diagonal_;
  std::vector<double> newton_values_;
  klu_common klu_common_{};
  klu_symbolic* klu_symbolic_ = nullptr;
  klu_numeric* klu_numeric_ = nullptr;

  bool jacobian_wanted_ = false;
  bool jacobian_fresh_ = false;
  bool factorization_current_ = false;
  bool last_outcome_diverging_ = false;
  int steps_since_jacobian_ = 0;
  double factored_gamma_h_ = 0.0;
  double last_correction_norm_ = 0.0;
};

// ---------------------------------------------------------------------------------------------
class Bdf2Integrator final : public ImplicitFixedStepIntegrator {
 public:
  using ImplicitFixedStepIntegrator::ImplicitFixedStepIntegrator;

 private:
  double nominal_gamma_h() const override { return options_.fixed_step * 2.0 / 3.0; }

  void allocate_workspace() override {
    previous_state_.resize(size_);
    base_.resize(size_);
    next_.resize(size_);
    ImplicitFixedStepIntegrator::allocate_workspace();
  }

  void restart() override {
    ImplicitFixedStepIntegrator::restart();
    has_history_ = false;
  }

  void take_step(double h) override {
    begin_step();
    if (!has_history_) {
      // Implicit Euler start: y1 = y0 + h f(t1, y1).
      base_ = state_;
      next_ = state_;
      solve_stage(time_ + h, h, base_, next_);
    } else {
      const double ratio = h / previous_step_;
      const double denominator = 1.0 + 2.0 * ratio;
      const double current_weight = (1.0 + ratio) * (1.0 + ratio) / denominator;
      const double previous_weight = ratio * ratio / denominator;
      base_.noalias() = current_weight * state_ - previous_weight * previous_state_;
      // Linear extrapolation as predictor.
      next_.noalias() = (1.0 + ratio) * state_ - ratio * previous_state_;
      solve_stage(time_ + h, h * (1.0 + ratio) / denominator, base_, next_);
    }
    previous_state_ = state_;
    state_ = next_;
    previous_step_ = h;
    has_history_ = true;
  }

  Eigen::VectorXd previous_state_, base_, next_;
  double previous_step_ = 0.0;
  bool has_history_ = false;
};

// ---------------------------------------------------------------------------------------------
class Sdirk2Integrator final : public ImplicitFixedStepIntegrator {
 public:
  using ImplicitFixedStepIntegrator::ImplicitFixedStepIntegrator;

 private:
  static constexpr double kGamma = 1.0 - 0.70710678118654752440;  // 1 - 1/sqrt(2)

  double nominal_gamma_h() const override { return kGamma * options_.fixed_step; }

  void allocate_workspace() override {
    base_.resize(size_);
    first_stage_.resize(size_);
    second_stage_.resize(size_);
    ImplicitFixedStepIntegrator::allocate_workspace();
  }

  void take_step(double h) override {
    begin_step();
    const double gamma_h = kGamma * h;
    first_stage_ = state_;
    solve_stage(time_ + gamma_h, gamma_h, state_, first_stage_);
    // h f(Y1) = (Y1 - y_n) / g, so base2 = y_n + (1-g)/g (Y1 - y_n) without another RHS call.
    const double weight = (1.0 - kGamma) / kGamma;
    base_.noalias() = state_ + weight * (first_stage_ - state_);
    second_stage_ = first_stage_;
    solve_stage(time_ + h, gamma_h, base_, second_stage_);
    state_ = second_stage_;
  }

  Eigen::VectorXd base_, first_stage_, second_stage_;
};

}  // namespace

std::unique_ptr<Integrator> make_fixed_step_integrator(const SolverOptions& options) {
  switch (options.method) {
    case SolverMethod::ExplicitEuler:
      return std::make_unique<ExplicitEulerIntegrator>(options);
    case SolverMethod::Heun:
      return std::make_unique<HeunIntegrator>(options);
    case SolverMethod::BogackiShampine:
      return std::make_unique<BogackiShampineIntegrator>(options);
    case SolverMethod::RungeKutta4:
      return std::make_unique<RungeKutta4Integrator>(options);
    case SolverMethod::AdamsBashforth2:
      return std::make_unique<AdamsBashforth2Integrator>(options);
    case SolverMethod::Bdf2:
      return std::make_unique<Bdf2Integrator>(options);
    case SolverMethod::Sdirk2:
      return std::make_unique<Sdirk2Integrator>(options);
    default:
      throw Error("make_fixed_step_integrator: " + to_string(options.method) + " is not a fixed-step method");
  }
}

}  // namespace etsim::solvers_detail
