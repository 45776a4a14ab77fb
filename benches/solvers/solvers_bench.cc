// Integrator-layer overhead, measured side by side in one binary:
//  - one RK4 step of a small linear system (8 states) through Integrator::advance() vs a
//    hand-written RK4 loop calling the same OdeSystem::derivatives();
//  - Robertson to t = 40 through the CVODE integrator vs raw CVODE calls with the same method
//    (BDF, dense, analytic Jacobian) and the same tolerances.
// Report the ratios Integrator/hand-written and Integrator/raw.
#include <benchmark/benchmark.h>
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

#include <array>
#include <vector>

#include "engine/solvers/integrator.h"
#include "tests/engine/solvers/test_systems.h"

namespace {

// x' = A x + b with A tridiagonal 10 * (1, -2, 1) and b = 1: a small linear system whose state settles
// at a non-zero steady state (a decay to zero would end in denormals and time the FPU, not the code).
class LinearChain : public etsim::OdeSystem {
 public:
  static constexpr int kSize = 8;
  int state_size() const override { return kSize; }
  etsim::RhsStatus derivatives(double, const double* x, double* xdot) override {
    for (int i = 0; i < kSize; ++i) {
      const double left = i > 0 ? x[i - 1] : 0.0;
      const double right = i + 1 < kSize ? x[i + 1] : 0.0;
      xdot[i] = 10.0 * (left - 2.0 * x[i] + right) + 1.0;
    }
    return etsim::RhsStatus::Ok;
  }
};

constexpr double kStep = 1e-3;

void BM_Rk4StepThroughIntegrator(benchmark::State& state) {
  LinearChain system;
  etsim::SolverOptions options;
  options.method = etsim::SolverMethod::RungeKutta4;
  options.fixed_step = kStep;
  auto integrator = etsim::make_integrator(options);
  std::vector<double> x0(LinearChain::kSize, 1.0);
  integrator->initialize(system, 0.0, x0);
  long steps = 0;
  for (auto _ : state) {
    ++steps;
    integrator->advance(steps * kStep);
    benchmark::DoNotOptimize(integrator->state().data());
  }
  state.SetItemsProcessed(steps);
}
BENCHMARK(BM_Rk4StepThroughIntegrator);

void BM_Rk4StepHandWritten(benchmark::State& state) {
  LinearChain chain;
  // Called through an opaque OdeSystem pointer, as the integrator does: otherwise the compiler
  // devirtualises and inlines the RHS into this loop, which no model-independent code can do.
  etsim::OdeSystem* opaque = &chain;
  benchmark::DoNotOptimize(opaque);
  etsim::OdeSystem& system = *opaque;
  constexpr int n = LinearChain::kSize;
  std::array<double, n> x, k1, k2, k3, k4, stage;
  x.fill(1.0);
  double t = 0.0;
  long steps = 0;
  for (auto _ : state) {
    system.derivatives(t, x.data(), k1.data());
    for (int i = 0; i < n; ++i) stage[i] = x[i] + 0.5 * kStep * k1[i];
    system.derivatives(t + 0.5 * kStep, stage.data(), k2.data());
    for (int i = 0; i < n; ++i) stage[i] = x[i] + 0.5 * kStep * k2[i];
    system.derivatives(t + 0.5 * kStep, stage.data(), k3.data());
    for (int i = 0; i < n; ++i) stage[i] = x[i] + kStep * k3[i];
    system.derivatives(t + kStep, stage.data(), k4.data());
    for (int i = 0; i < n; ++i) x[i] += kStep / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
    ++steps;
    t = steps * kStep;
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(steps);
}
BENCHMARK(BM_Rk4StepHandWritten);

constexpr double kRelativeTolerance = 1e-6;

void BM_CvodeRobertsonThroughIntegrator(benchmark::State& state) {
  etsim::test::Robertson system(etsim::test::Robertson::JacobianKind::Dense);
  etsim::SolverOptions options;
  options.method = etsim::SolverMethod::CvodeBdf;
  options.linear_solver = etsim::LinearSolverKind::Dense;
  options.relative_tolerance = kRelativeTolerance;
  const double y0[] = {1.0, 0.0, 0.0};
  for (auto _ : state) {
    auto integrator = etsim::make_integrator(options);
    integrator->initialize(system, 0.0, y0);
    integrator->advance(40.0);
    benchmark::DoNotOptimize(integrator->state().data());
  }
}
BENCHMARK(BM_CvodeRobertsonThroughIntegrator)->Unit(benchmark::kMicrosecond);

// Raw CVODE: same RHS/Jacobian objects, same tolerances (rtol, per-state atol), stop time 40.
int raw_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void* data) {
  return static_cast<int>(static_cast<etsim::OdeSystem*>(data)->derivatives(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot)));
}
int raw_jacobian(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix jacobian, void* data, N_Vector, N_Vector, N_Vector) {
  return static_cast<int>(static_cast<etsim::OdeSystem*>(data)->jacobian(t, N_VGetArrayPointer(y), N_VGetArrayPointer(fy),
                                                                          SUNDenseMatrix_Data(jacobian)));
}

void BM_CvodeRobertsonRaw(benchmark::State& state) {
  etsim::test::Robertson system(etsim::test::Robertson::JacobianKind::Dense);
  for (auto _ : state) {
    SUNContext context;
    SUNContext_Create(nullptr, &context);
    N_Vector y = N_VNew_Serial(3, context);
    N_Vector absolute = N_VNew_Serial(3, context);
    NV_Ith_S(y, 0) = 1.0;
    NV_Ith_S(y, 1) = 0.0;
    NV_Ith_S(y, 2) = 0.0;
    for (int i = 0; i < 3; ++i) NV_Ith_S(absolute, i) = system.absolute_tolerances()[i];
    void* cvode = CVodeCreate(CV_BDF, context);
    CVodeInit(cvode, raw_rhs, 0.0, y);
    CVodeSetUserData(cvode, &system);
    CVodeSVtolerances(cvode, kRelativeTolerance, absolute);
    CVodeSetMaxNumSteps(cvode, 100000);
    SUNMatrix matrix = SUNDenseMatrix(3, 3, context);
    SUNLinearSolver solver = SUNLinSol_Dense(y, matrix, context);
    CVodeSetLinearSolver(cvode, solver, matrix);
    CVodeSetJacFn(cvode, raw_jacobian);
    CVodeSetStopTime(cvode, 40.0);
    sunrealtype reached = 0.0;
    CVode(cvode, 40.0, y, &reached, CV_NORMAL);
    benchmark::DoNotOptimize(NV_Ith_S(y, 0));
    CVodeFree(&cvode);
    SUNLinSolFree(solver);
    SUNMatDestroy(matrix);
    N_VDestroy(absolute);
    N_VDestroy(y);
    SUNContext_Free(&context);
  }
}
BENCHMARK(BM_CvodeRobertsonRaw)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
