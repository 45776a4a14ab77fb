// Counts lock acquisitions by the current thread, to prove that a code path (fixed-step stepping)
// takes no locks. Linking etsim_test_support interposes pthread_mutex_lock, pthread_mutex_trylock,
// pthread_rwlock_rdlock, pthread_rwlock_wrlock and pthread_spin_lock (std::mutex,
// std::shared_mutex, std::call_once's fallbacks and C libraries all end up there) and forwards each
// call to the C library. Lock-free atomics are not locks and are not counted.
//
//   LockCounter locks;
//   simulator.advance_to(t);
//   EXPECT_EQ(locks.count(), 0);
#pragma once

namespace etsim::test_support {

struct LockCounter {
  LockCounter();
  long count() const;  // lock acquisitions by this thread since construction

 private:
  long start_;
};

}  // namespace etsim::test_support

namespace etsim {
using test_support::LockCounter;
}  // namespace etsim
