#include "models/thermal/foster_cauer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <Eigen/Eigenvalues>

#include "engine/core/error.h"

namespace etsim {
namespace {

bool positive_finite(double value) { return std::isfinite(value) && value > 0.0; }

void check_values(const std::vector<double>& values, const char* what, const char* field,
                  const char* unit) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!positive_finite(values[i])) {
      throw InputError(std::string(what) + ": " + field + "[" + std::to_string(i) + "] = " +
                       std::to_string(values[i]) + " " + unit +
                       " is not allowed; expected a finite value > 0");
    }
  }
}

}  // namespace

void validate(const FosterNetwork& foster, const char* what) {
  if (foster.resistance.empty() || foster.resistance.size() != foster.time_constant.size()) {
    throw InputError(std::string(what) + ": a Foster network needs n >= 1 resistances and the same "
                     "number of time constants (got " + std::to_string(foster.resistance.size()) +
                     " and " + std::to_string(foster.time_constant.size()) + ")");
  }
  check_values(foster.resistance, what, "resistance", "K/W");
  check_values(foster.time_constant, what, "time_constant", "s");
}

void validate(const CauerNetwork& cauer, const char* what) {
  if (cauer.resistance.empty() || cauer.resistance.size() != cauer.capacitance.size()) {
    throw InputError(std::string(what) + ": a Cauer network needs n >= 1 resistances and the same "
                     "number of capacitances (got " + std::to_string(cauer.resistance.size()) +
                     " and " + std::to_string(cauer.capacitance.size()) + ")");
  }
  check_values(cauer.resistance, what, "resistance", "K/W");
  check_values(cauer.capacitance, what, "capacitance", "J/K");
}

double total_resistance(const FosterNetwork& foster) {
  return std::accumulate(foster.resistance.begin(), foster.resistance.end(), 0.0);
}

double total_resistance(const CauerNetwork& cauer) {
  return std::accumulate(cauer.resistance.begin(), cauer.resistance.end(), 0.0);
}

double foster_step_response(const FosterNetwork& foster, double power, double t) {
  double rise = 0.0;
  const std::size_t n = std::min(foster.resistance.size(), foster.time_constant.size());
  for (std::size_t i = 0; i < n; ++i) {
    // -expm1 keeps full relative accuracy for t << tau.
    rise += foster.resistance[i] * -std::expm1(-t / foster.time_constant[i]);
  }
  return power * rise;
}

CauerNetwork foster_to_cauer(const FosterNetwork& foster_in) {
  validate(foster_in, "foster_to_cauer");

  // Sort by time constant and merge coincident poles (same tau = one pole with summed residue).
  std::vector<std::size_t> order(foster_in.resistance.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return foster_in.time_constant[a] < foster_in.time_constant[b];
  });
  std::vector<long double> tau, resistance;
  for (std::size_t index : order) {
    const long double t = foster_in.time_constant[index];
    if (!tau.empty() && (t - tau.back()) <= 1e-9L * t) {
      resistance.back() += foster_in.resistance[index];
    } else {
      tau.push_back(t);
      resistance.push_back(foster_in.resistance[index]);
    }
  }
  const std::size_t n = tau.size();

  // Lanczos on Lambda = diag(1/tau) from w, with full re-orthogonalisation (n is small).
  std::vector<long double> lambda(n), w(n);
  long double w_norm2 = 0.0L;
  for (std::size_t i = 0; i < n; ++i) {
    lambda[i] = 1.0L / tau[i];
    w[i] = std::sqrt(resistance[i] / tau[i]);
    w_norm2 += w[i] * w[i];
  }
  std::vector<std::vector<long double>> q(n, std::vector<long double>(n, 0.0L));
  std::vector<long double> alpha(n, 0.0L), beta(n, 0.0L);
  const long double w_norm = std::sqrt(w_norm2);
  for (std::size_t i = 0; i < n; ++i) q[0][i] = w[i] / w_norm;
  std::vector<long double> v(n);
  for (std::size_t k = 0; k < n; ++k) {
    for (std::size_t i = 0; i < n; ++i) v[i] = lambda[i] * q[k][i];
    long double a = 0.0L;
    for (std::size_t i = 0; i < n; ++i) a += q[k][i] * v[i];
    alpha[k] = a;
    if (k + 1 == n) break;
    // Two passes of Gram-Schmidt against every previous vector ("twice is enough").
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t j = 0; j <= k; ++j) {
        long double projection = 0.0L;
        for (std::size_t i = 0; i < n; ++i) projection += q[j][i] * v[i];
        for (std::size_t i = 0; i < n; ++i) v[i] -= projection * q[j][i];
      }
    }
    long double norm2 = 0.0L;
    for (std::size_t i = 0; i < n; ++i) norm2 += v[i] * v[i];
    const long double b = std::sqrt(norm2);
    if (!(b > 1e-14L * lambda.front())) {  // lambda[0] = largest (tau ascending)
      throw InputError("foster_to_cauer: the Foster network is numerically degenerate (Krylov "
                       "space collapsed at stage " + std::to_string(k + 1) +
                       "); expected well separated time constants and non-negligible resistances");
    }
    beta[k] = b;
    for (std::size_t i = 0; i < n; ++i) q[k + 1][i] = v[i] / b;
  }

  // Read the ladder off K: K_kk = (g_{k-1} + g_k) / C_k, K_k,k+1 = g_k / sqrt(C_k C_{k+1}).
  CauerNetwork cauer;
  cauer.resistance.resize(n);
  cauer.capacitance.resize(n);
  long double capacitance = 1.0L / w_norm2;
  long double previous_conductance = 0.0L;
  for (std::size_t k = 0; k < n; ++k) {
    const long double conductance = alpha[k] * capacitance - previous_conductance;
    if (!(conductance > 0.0L) || !(capacitance > 0.0L)) {
      throw InputError("foster_to_cauer: the expansion gave a non-physical element at stage " +
                       std::to_string(k + 1) + " (R or C <= 0); expected a Foster network with "
                       "positive, distinct terms");
    }
    cauer.capacitance[k] = static_cast<double>(capacitance);
    cauer.resistance[k] = static_cast<double>(1.0L / conductance);
    if (k + 1 < n) {
      capacitance = conductance * conductance / (beta[k] * beta[k] * capacitance);
    }
    previous_conductance = conductance;
  }
  validate(cauer, "foster_to_cauer (result)");
  return cauer;
}

FosterNetwork cauer_to_foster(const CauerNetwork& cauer) {
  validate(cauer, "cauer_to_foster");
  const Eigen::Index n = static_cast<Eigen::Index>(cauer.resistance.size());
  // Symmetric tridiagonal K = C^-1/2 G C^-1/2.
  Eigen::VectorXd diagonal(n);
  Eigen::VectorXd sub_diagonal(n > 1 ? n - 1 : 1);
  for (Eigen::Index k = 0; k < n; ++k) {
    const double g_before = k > 0 ? 1.0 / cauer.resistance[k - 1] : 0.0;
    const double g_after = 1.0 / cauer.resistance[k];
    diagonal[k] = (g_before + g_after) / cauer.capacitance[k];
    if (k + 1 < n) {
      sub_diagonal[k] = -g_after / std::sqrt(cauer.capacitance[k] * cauer.capacitance[k + 1]);
    }
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diagonal, sub_diagonal.head(n - 1), Eigen::ComputeEigenvectors);
  if (solver.info() != Eigen::Success) {
    throw Error("cauer_to_foster: eigen-decomposition failed");
  }
  FosterNetwork foster;
  // Eigenvalues ascending = time constants descending; emit ascending time constants.
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    const double eigenvalue = solver.eigenvalues()[i];
    const double first = solver.eigenvectors()(0, i);
    // Z(s) = sum_i (v_i0^2 / C_1) / (s + lambda_i)  =>  R_i = v_i0^2 / (C_1 lambda_i).
    foster.time_constant.push_back(1.0 / eigenvalue);
    foster.resistance.push_back(first * first / (cauer.capacitance[0] * eigenvalue));
  }
  validate(foster, "cauer_to_foster (result)");
  return foster;
}

}  // namespace etsim
