#include "tests/support/lock_counter.h"

#include <dlfcn.h>
#include <pthread.h>

namespace {

thread_local long locks_on_this_thread = 0;

template <typename Function>
Function next_symbol(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

}  // namespace

namespace etsim::test_support {

LockCounter::LockCounter() : start_(locks_on_this_thread) {}
long LockCounter::count() const { return locks_on_this_thread - start_; }

}  // namespace etsim::test_support

// The interposed entry points. Each resolves the C library's function once (dlsym takes the
// loader's internal lock, not these) and counts the call on this thread.
extern "C" {

int pthread_mutex_lock(pthread_mutex_t* mutex) {
  using Function = int (*)(pthread_mutex_t*);
  static const Function real = next_symbol<Function>("pthread_mutex_lock");
  ++locks_on_this_thread;
  return real(mutex);
}

int pthread_mutex_trylock(pthread_mutex_t* mutex) {
  using Function = int (*)(pthread_mutex_t*);
  static const Function real = next_symbol<Function>("pthread_mutex_trylock");
  ++locks_on_this_thread;
  return real(mutex);
}

int pthread_rwlock_rdlock(pthread_rwlock_t* lock) {
  using Function = int (*)(pthread_rwlock_t*);
  static const Function real = next_symbol<Function>("pthread_rwlock_rdlock");
  ++locks_on_this_thread;
  return real(lock);
}

int pthread_rwlock_wrlock(pthread_rwlock_t* lock) {
  using Function = int (*)(pthread_rwlock_t*);
  static const Function real = next_symbol<Function>("pthread_rwlock_wrlock");
  ++locks_on_this_thread;
  return real(lock);
}

int pthread_spin_lock(pthread_spinlock_t* lock) {
  using Function = int (*)(pthread_spinlock_t*);
  static const Function real = next_symbol<Function>("pthread_spin_lock");
  ++locks_on_this_thread;
  return real(lock);
}

}  // extern "C"
