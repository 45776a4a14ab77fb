// Counts heap allocations made by the current thread, to prove that a code path (e.g. a fixed-step
// integrator's advance()) allocates nothing.
//
// Linking etsim_test_support replaces the global operator new/delete (every form: plain, array,
// aligned, nothrow, sized) by versions that call malloc/free, and counts at the malloc level so that
// allocations that bypass operator new (Eigen's aligned_malloc, C libraries such as KLU or SUNDIALS)
// are seen too:
//  - normal builds: malloc, calloc, realloc, aligned_alloc, posix_memalign and memalign are
//    interposed and forwarded to glibc's __libc_* entry points;
//  - AddressSanitizer builds: ASan owns malloc, so the counter registers ASan's malloc hook
//    (__sanitizer_install_malloc_and_free_hooks) instead.
// Counters are thread_local, so allocations of other threads (test runner, TBB workers) do not
// disturb a measurement. The counter uses initial-exec TLS: link this library into executables only
// (not into a dlopen()ed module).
//
// The namespace is etsim::test_support (not "testing", which would hide GoogleTest's ::testing in
// code inside namespace etsim); etsim::AllocationCounter is provided as well.
//
//   AllocationCounter counter;
//   for (int i = 0; i < 10000; ++i) integrator.advance(t += h);
//   EXPECT_EQ(counter.count(), 0);
#pragma once

namespace etsim::test_support {

struct AllocationCounter {
  AllocationCounter();
  // Heap allocations (malloc-level, incl. operator new and realloc) by this thread since construction.
  long count() const;

 private:
  long start_;
};

// Total allocations by this thread since it started (monotonic).
long thread_allocation_count();

}  // namespace etsim::test_support

namespace etsim {
using test_support::AllocationCounter;  // so that tests may write etsim::AllocationCounter as well
}  // namespace etsim
