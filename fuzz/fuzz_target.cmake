# iovcheck_add_fuzz_target(<target> SOURCES <file>... [LIBS <lib>...] [CORPUS <name>])
#
# One fuzz target, built two ways from the same SOURCES (which define
# LLVMFuzzerTestOneInput, usually through IOVCHECK_FUZZ_TARGET of fuzz/target.h):
#  - IOVCHECK_FUZZ (preset `fuzz`): the fuzzer binary build/fuzz/fuzz/<target>
#    (linked with IOVCHECK_FUZZING_ENGINE, -fsanitize=fuzzer by default; the
#    libraries carry IOVCHECK_FUZZ_INSTRUMENTATION from the top level);
#  - IOVCHECK_TESTS (presets dev, asan, coverage): the standalone replay binary
#    build/<preset>/fuzz/<target>_replay (fuzz/replay_main.cpp, any compiler),
#    and the ctest `corpus.<target>` (label `corpus`) that replays
#    corpus/<CORPUS>/ and corpus/regressions/<CORPUS>/ (CORPUS defaults to
#    <target>; both folders must exist).
# The fuzzer binary also links iovcheck_fuzz_hooks (LLVMFuzzerCustomMutator
# and LLVMFuzzerCustomCrossOver, fuzz/mutator.h).
# LIBS: extra libraries (e.g. an OBJECT library that registers an
# implementation); iovcheck_fuzz_support (decoder, oracle) is always linked.
#
# fuzz/ is added after external/ and faults/, so those folders include this
# file themselves before calling the function:
#   include(${PROJECT_SOURCE_DIR}/fuzz/fuzz_target.cmake)
include_guard(GLOBAL)

set(IOVCHECK_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR} CACHE INTERNAL "fuzz/ source folder")

function(iovcheck_add_fuzz_target target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "CORPUS" "SOURCES;LIBS")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "iovcheck_add_fuzz_target(${target}): SOURCES is required")
  endif()
  if(NOT ARG_CORPUS)
    set(ARG_CORPUS ${target})
  endif()
  # ci/ writes <build>/fuzz/targets.txt ("<target> <corpus>" per line) from this list.
  set_property(GLOBAL APPEND PROPERTY IOVCHECK_FUZZ_TARGET_CORPORA "${target} ${ARG_CORPUS}")
  # Every fuzz binary lands in <build>/fuzz/, wherever it is declared.
  set(output_dir ${PROJECT_BINARY_DIR}/fuzz)

  if(IOVCHECK_FUZZ)
    add_executable(${target} ${ARG_SOURCES})
    # iovcheck_fuzz_hooks: the structure-aware mutator (fuzz/mutator.h) for
    # a target with a TargetSpec, byte mutation for the others.
    target_link_libraries(${target} PRIVATE iovcheck_fuzz_support iovcheck_fuzz_hooks ${ARG_LIBS})
    separate_arguments(engine UNIX_COMMAND "${IOVCHECK_FUZZING_ENGINE}")
    target_link_options(${target} PRIVATE ${engine})
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${output_dir})
  endif()

  if(IOVCHECK_TESTS)
    add_executable(${target}_replay ${ARG_SOURCES} ${IOVCHECK_FUZZ_DIR}/replay_main.cpp)
    target_link_libraries(${target}_replay PRIVATE iovcheck_fuzz_support ${ARG_LIBS})
    set_target_properties(${target}_replay PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${output_dir})
    add_test(NAME corpus.${target}
             COMMAND ${target}_replay ${PROJECT_SOURCE_DIR}/corpus/${ARG_CORPUS}
                     ${PROJECT_SOURCE_DIR}/corpus/regressions/${ARG_CORPUS})
    set_tests_properties(corpus.${target} PROPERTIES LABELS corpus)
  endif()
endfunction()
