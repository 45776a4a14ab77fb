# Compile options shared by every etsim target.
add_library(etsim_options INTERFACE)
target_compile_options(etsim_options INTERFACE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
target_include_directories(etsim_options INTERFACE ${PROJECT_SOURCE_DIR})
if(ETSIM_SANITIZE)
  target_compile_options(etsim_options INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=undefined)
  target_link_options(etsim_options INTERFACE -fsanitize=address,undefined)
endif()
if(ETSIM_TSAN)
  target_compile_options(etsim_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(etsim_options INTERFACE -fsanitize=thread)
endif()

# etsim_library(NAME DIR [DEPS ...]): a static library from every .cc file in DIR.
function(etsim_library name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_link_libraries(${name} PUBLIC etsim_options ${ARG_DEPS})
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE etsim_options ${ARG_DEPS})
  endif()
endfunction()

# etsim_test_suite(NAME [DEPS ...]): one GoogleTest executable from every *_test.cc in the current folder.
function(etsim_test_suite name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cc)
  if(NOT sources)
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    ETSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ETSIM_BINARY_DIR="${PROJECT_BINARY_DIR}"
    ETSIM_SYSTEM_PYTHON="${ETSIM_SYSTEM_PYTHON}")
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 600)
endfunction()
