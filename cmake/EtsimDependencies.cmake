# Every dependency is a Debian 12 package; a missing one fails configure naming the package to install.
macro(etsim_require found_var package_name what)
  if(NOT ${found_var})
    message(FATAL_ERROR "etsim needs ${what}: install the Debian package '${package_name}' "
                        "(or run tools/setup-debian.sh, which installs all of them).")
  endif()
endmacro()

find_package(Eigen3 3.4 QUIET NO_MODULE)
etsim_require(Eigen3_FOUND libeigen3-dev "Eigen 3.4")

find_package(SUNDIALS 6.4 QUIET COMPONENTS cvode arkode kinsol nvecserial sunmatrixdense sunmatrixband
             sunmatrixsparse sunlinsoldense sunlinsolband sunlinsolklu sunnonlinsolnewton)
etsim_require(SUNDIALS_FOUND libsundials-dev "SUNDIALS 6.4 (CVODE, ARKODE, KINSOL, KLU)")

set(HDF5_PREFER_PARALLEL OFF)
find_package(HDF5 QUIET COMPONENTS C)
etsim_require(HDF5_FOUND libhdf5-dev "HDF5 1.10 (C API)")

find_package(TBB QUIET)
etsim_require(TBB_FOUND libtbb-dev "oneTBB")

find_package(OpenMP QUIET COMPONENTS CXX)
etsim_require(OpenMP_CXX_FOUND libgomp1 "OpenMP")

find_package(yaml-cpp QUIET)
etsim_require(yaml-cpp_FOUND libyaml-cpp-dev "yaml-cpp")

find_package(fmt QUIET)
etsim_require(fmt_FOUND libfmt-dev "fmt")

find_package(CLI11 QUIET)
etsim_require(CLI11_FOUND libcli11-dev "CLI11")

find_package(Threads REQUIRED)

if(ETSIM_BUILD_TESTS)
  find_package(GTest QUIET)
  etsim_require(GTest_FOUND "libgtest-dev libgmock-dev" "GoogleTest")
endif()
if(ETSIM_BUILD_BENCHES)
  find_package(benchmark QUIET)
  etsim_require(benchmark_FOUND libbenchmark-dev "Google Benchmark")
endif()

# Debian's /usr/bin/python3 carries numpy, h5py and matplotlib; the python3 first on PATH may not.
find_program(ETSIM_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
