# cmake -P script of the ctest core_installed_from_c (see CMakeLists.txt).
# Every step that fails stops the test with one message naming the step.
foreach(var BUILD_DIR WORK_DIR SOURCE_DIR C_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "installed_library_test: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "installed_library_test: ${name} failed (${status}):\n${out}${err}")
  endif()
endfunction()

step("cmake --install" ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

# 1. find_package(iovcheck) -> iovcheck::core, in a C-only project.
step("configure the consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/consumer -B ${WORK_DIR}/consumer
     -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
step("build the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
step("run the consumer" ${WORK_DIR}/consumer/uses_core)

# 2. pkg-config, the C compiler and nothing else on the link line.
find_program(PKG_CONFIG NAMES pkg-config pkgconf REQUIRED)
file(GLOB pc_file ${prefix}/*/pkgconfig/iovcheck.pc ${prefix}/*/*/pkgconfig/iovcheck.pc)
if(NOT pc_file)
  message(FATAL_ERROR "installed_library_test: no iovcheck.pc under ${prefix}")
endif()
get_filename_component(pc_dir ${pc_file} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs iovcheck RESULT_VARIABLE status
                OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "installed_library_test: pkg-config --cflags --libs iovcheck failed")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
step("compile with pkg-config's flags" ${C_COMPILER} ${SOURCE_DIR}/uses_core.c ${flags}
     -o ${WORK_DIR}/uses_core_pkgconfig)
step("run the pkg-config build" ${WORK_DIR}/uses_core_pkgconfig)
