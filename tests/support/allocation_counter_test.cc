#include "tests/support/allocation_counter.h"

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cstdlib>
#include <memory>
#include <new>
#include <thread>
#include <vector>

namespace etsim::test_support {
namespace {

// Keeps the optimiser from removing an allocation whose result is unused.
void* volatile sink = nullptr;

TEST(AllocationCounter, StartsAtZeroAndCountsOperatorNew) {
  AllocationCounter counter;
  EXPECT_EQ(counter.count(), 0);
  auto boxed = std::make_unique<double>(1.0);
  sink = boxed.get();
  EXPECT_EQ(counter.count(), 1);
  auto* array = new double[64];
  sink = array;
  delete[] array;
  EXPECT_EQ(counter.count(), 2);
}

TEST(AllocationCounter, CountsAlignedAndNothrowForms) {
  struct alignas(64) Wide {
    double values[8];
  };
  AllocationCounter counter;
  auto* wide = new Wide();
  sink = wide;
  delete wide;
  auto* quiet = new (std::nothrow) int(3);
  sink = quiet;
  delete quiet;
  EXPECT_EQ(counter.count(), 2);
}

TEST(AllocationCounter, CountsMallocLevelAllocationsThatBypassOperatorNew) {
  AllocationCounter counter;
  void* raw = std::malloc(32);
  sink = raw;
  raw = std::realloc(raw, 4096);
  sink = raw;
  std::free(raw);
  EXPECT_EQ(counter.count(), 2);
  Eigen::VectorXd eigen_vector(1000);  // Eigen allocates with (aligned) malloc
  sink = eigen_vector.data();
  EXPECT_EQ(counter.count(), 3);
}

TEST(AllocationCounter, IgnoresOtherThreads) {
  AllocationCounter counter;
  std::thread worker([] {
    std::vector<std::vector<double>> garbage;
    for (int i = 0; i < 100; ++i) garbage.emplace_back(10);
  });
  const long after_thread_creation = counter.count();  // std::thread allocates its state here
  worker.join();
  EXPECT_EQ(counter.count(), after_thread_creation);
  EXPECT_LE(after_thread_creation, 2);
}

TEST(AllocationCounter, NoAllocationMeansZero) {
  std::vector<double> buffer(100, 1.0);
  AllocationCounter counter;
  double sum = 0.0;
  for (int repeat = 0; repeat < 1000; ++repeat)
    for (double& value : buffer) sum += value *= 1.0000001;
  sink = &sum;
  EXPECT_EQ(counter.count(), 0);
}

}  // namespace
}  // namespace etsim::test_support
