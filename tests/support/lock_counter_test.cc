// The lock counter sees std::mutex and std::shared_mutex, per thread.
#include "tests/support/lock_counter.h"

#include <gtest/gtest.h>

#include <mutex>
#include <shared_mutex>
#include <thread>

namespace etsim::test_support {
namespace {

TEST(LockCounter, CountsMutexAndSharedMutexOnThisThread) {
  std::mutex mutex;
  std::shared_mutex shared;
  LockCounter counter;
  { std::lock_guard<std::mutex> guard(mutex); }
  { std::shared_lock<std::shared_mutex> guard(shared); }
  { std::unique_lock<std::shared_mutex> guard(shared); }
  EXPECT_EQ(counter.count(), 3);
}

TEST(LockCounter, IgnoresOtherThreads) {
  std::mutex mutex;
  LockCounter counter;
  std::thread other([&] {
    for (int i = 0; i < 10; ++i) std::lock_guard<std::mutex> guard(mutex);
  });
  other.join();
  // join() itself may lock internally on some C libraries; the other thread's ten locks must not
  // appear here.
  EXPECT_LT(counter.count(), 10);
}

}  // namespace
}  // namespace etsim::test_support
