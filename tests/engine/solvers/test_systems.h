// Small ODE systems with known solutions, shared by the solver tests.
#pragma once

#include <cmath>
#include <vector>

#include "engine/solvers/ode_system.h"

namespace etsim::test {

// x' = -rate * x, x(0) = 1  =>  x(t) = exp(-rate t).
class ExponentialDecay : public OdeSystem {
 public:
  explicit ExponentialDecay(double rate = 1.0, bool with_jacobian = true) : rate_(rate), with_jacobian_(with_jacobian) {}
  int state_size() const override { return 1; }
  RhsStatus derivatives(double, const double* x, double* xdot) override {
    xdot[0] = -rate_ * x[0];
    return RhsStatus::Ok;
  }
  bool has_jacobian() const override { return with_jacobian_; }
  RhsStatus jacobian(double, const double*, const double*, double* values) override {
    values[0] = -rate_;
    return RhsStatus::Ok;
  }

 private:
  double rate_;
  bool with_jacobian_;
};

// x' = v, v' = -omega^2 x. Energy E = v^2 + omega^2 x^2 is conserved.
class HarmonicOscillator : public OdeSystem {
 public:
  explicit HarmonicOscillator(double omega = 1.0) : omega_(omega) {}
  int state_size() const override { return 2; }
  RhsStatus derivatives(double, const double* x, double* xdot) override {
    xdot[0] = x[1];
    xdot[1] = -omega_ * omega_ * x[0];
    return RhsStatus::Ok;
  }
  bool has_jacobian() const override { return true; }
  RhsStatus jacobian(double, const double*, const double*, double* values) override {
    values[0] = 0.0;                // d x'/dx
    values[1] = -omega_ * omega_;   // d v'/dx
    values[2] = 1.0;                // d x'/dv
    values[3] = 0.0;                // d v'/dv
    return RhsStatus::Ok;
  }
  double energy(const double* x) const { return x[1] * x[1] + omega_ * omega_ * x[0] * x[0]; }

 private:
  double omega_;
};

// Robertson's chemical kinetics (Robertson 1966; Hairer & Wanner 1996, Sec. IV.1):
//   y1' = -0.04 y1 + 1e4 y2 y3,  y2' = 0.04 y1 - 1e4 y2 y3 - 3e7 y2^2,  y3' = 3e7 y2^2.
// Jacobian in CSC with the structural zeros (2,0) and (2,2) left out.
class Robertson : public OdeSystem {
 public:
  enum class JacobianKind { None, Dense, Sparse };
  explicit Robertson(JacobianKind kind = JacobianKind::Sparse, bool first_state_explicit = false)
      : kind_(kind) {
    pattern_.size = 3;
    pattern_.column_start = {0, 2, 5, 7};
    pattern_.row_index = {0, 1, 0, 1, 2, 0, 1};
    explicit_[0] = first_state_explicit;
    split_ = first_state_explicit;
  }
  int state_size() const override { return 3; }
  RhsStatus derivatives(double, const double* y, double* ydot) override {
    ydot[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    ydot[2] = 3e7 * y[1] * y[1];
    ydot[1] = -ydot[0] - ydot[2];
    return RhsStatus::Ok;
  }
  const SparsityPattern* jacobian_pattern() const override {
    return kind_ == JacobianKind::Dense ? nullptr : &pattern_;
  }
  bool has_jacobian() const override { return kind_ != JacobianKind::None; }
  RhsStatus jacobian(double, const double* y, const double*, double* values) override {
    const double d00 = -0.04, d01 = 1e4 * y[2], d02 = 1e4 * y[1];
    const double d21 = 6e7 * y[1];
    const double d10 = 0.04, d11 = -d01 - d21, d12 = -d02;
    if (kind_ == JacobianKind::Dense) {
      const double dense[9] = {d00, d10, 0.0, d01, d11, d21, d02, d12, 0.0};
      for (int i = 0; i < 9; ++i) values[i] = dense[i];
    } else {
      const double sparse[7] = {d00, d10, d01, d11, d21, d02, d12};
      for (int i = 0; i < 7; ++i) values[i] = sparse[i];
    }
    return RhsStatus::Ok;
  }
  const double* absolute_tolerances() const override { return tolerances_; }
  const bool* explicit_states() const override { return split_ ? explicit_ : nullptr; }

  // Hairer & Wanner (1996) reference solution at t = 40 (reproduced with scipy Radau,
  // rtol 1e-13: 0.7158270687194, 9.185534764558e-6, 0.2841637457458).
  static constexpr double kReferenceTime = 40.0;
  static constexpr double kReference[3] = {0.7158270687, 9.185534764e-6, 0.2841637457};

 private:
  JacobianKind kind_;
  SparsityPattern pattern_;
  double tolerances_[3] = {1e-12, 1e-16, 1e-12};
  bool explicit_[3] = {false, false, false};
  bool split_ = false;
};

// Ball in free fall: h' = v, v' = -g; event g = h (ground).
class FallingBall : public OdeSystem {
 public:
  static constexpr double kGravity = 9.81;
  int state_size() const override { return 2; }
  RhsStatus derivatives(double, const double* x, double* xdot) override {
    xdot[0] = x[1];
    xdot[1] = -kGravity;
    return RhsStatus::Ok;
  }
  int zero_crossing_count() const override { return 1; }
  RhsStatus zero_crossings(double, const double* x, double* g) override {
    g[0] = x[0];
    return RhsStatus::Ok;
  }
  // Time to fall from height h0 with upward speed v0 to h = 0.
  static double impact_time(double h0, double v0) {
    return (v0 + std::sqrt(v0 * v0 + 2.0 * kGravity * h0)) / kGravity;
  }
};

// x' = 1, with the event g = x - threshold.
class ConstantRateWithThreshold : public OdeSystem {
 public:
  explicit ConstantRateWithThreshold(double threshold) : threshold_(threshold) {}
  int state_size() const override { return 1; }
  RhsStatus derivatives(double, const double*, double* xdot) override {
    xdot[0] = 1.0;
    return RhsStatus::Ok;
  }
  int zero_crossing_count() const override { return 1; }
  RhsStatus zero_crossings(double, const double* x, double* g) override {
    g[0] = x[0] - threshold_;
    return RhsStatus::Ok;
  }

 private:
  double threshold_;
};

// Stiff, nonlinear heat-conduction chain with a tridiagonal Jacobian (optionally as a pattern),
// used for the zero-allocation tests:  x_i' = k (x_{i-1} - 2 x_i + x_{i+1}) - c x_i^3 + s.
class NonlinearChain : public OdeSystem {
 public:
  enum class JacobianKind { None, Dense, Sparse, SparseDifferences };
  NonlinearChain(int size, JacobianKind kind) : size_(size), kind_(kind) {
    pattern_.size = size;
    pattern_.column_start.push_back(0);
    for (int column = 0; column < size; ++column) {
      for (int row = column - 1; row <= column + 1; ++row)
        if (row >= 0 && row < size) pattern_.row_index.push_back(row);
      pattern_.column_start.push_back(static_cast<int>(pattern_.row_index.size()));
    }
  }
  int state_size() const override { return size_; }
  RhsStatus derivatives(double, const double* x, double* xdot) override {
    for (int i = 0; i < size_; ++i) {
      const double left = i > 0 ? x[i - 1] : 0.0;
      const double right = i + 1 < size_ ? x[i + 1] : 0.0;
      xdot[i] = kCoupling * (left - 2.0 * x[i] + right) - kCubic * x[i] * x[i] * x[i] + kSource;
    }
    return RhsStatus::Ok;
  }
  const SparsityPattern* jacobian_pattern() const override {
    return (kind_ == JacobianKind::Sparse || kind_ == JacobianKind::SparseDifferences) ? &pattern_ : nullptr;
  }
  bool has_jacobian() const override { return kind_ == JacobianKind::Dense || kind_ == JacobianKind::Sparse; }
  RhsStatus jacobian(double, const double* x, const double*, double* values) override {
    if (kind_ == JacobianKind::Dense) {
      for (int i = 0; i < size_ * size_; ++i) values[i] = 0.0;
      for (int i = 0; i < size_; ++i) {
        values[i * size_ + i] = -2.0 * kCoupling - 3.0 * kCubic * x[i] * x[i];
        if (i > 0) values[(i - 1) * size_ + i] = kCoupling;       // row i, column i-1
        if (i + 1 < size_) values[(i + 1) * size_ + i] = kCoupling;  // row i, column i+1
      }
      return RhsStatus::Ok;
    }
    for (int column = 0; column < size_; ++column)
      for (int entry = pattern_.column_start[column]; entry < pattern_.column_start[column + 1]; ++entry) {
        const int row = pattern_.row_index[entry];
        values[entry] = row == column ? -2.0 * kCoupling - 3.0 * kCubic * x[row] * x[row] : kCoupling;
      }
    return RhsStatus::Ok;
  }
  int zero_crossing_count() const override { return 1; }
  RhsStatus zero_crossings(double, const double* x, double* g) override {
    g[0] = x[0] - 0.005;  // crossed upwards early on (x0 settles near 0.0075)
    return RhsStatus::Ok;
  }
  static constexpr double kCoupling = 400.0, kCubic = 2.0, kSource = 1.0;

 private:
  int size_;
  JacobianKind kind_;
  SparsityPattern pattern_;
};

}  // namespace etsim::test
