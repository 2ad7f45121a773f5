# cmake -DCOMPILER=c++ -DSOURCE=file.cpp -DINCLUDES="dir|dir..." -DLEAVE_OUT=MACRO -DEXPECT=text
#     -P expect_compile_failure.cmake
# Passes when SOURCE compiles as it is and fails to compile with -DLEAVE_OUT,
# with EXPECT in the compiler's messages (so that the failure is the one
# meant, not a broken include path).
string(REPLACE "|" ";" include_dirs "${INCLUDES}")
set(flags -std=c++20 -fsyntax-only)
foreach(dir IN LISTS include_dirs)
  list(APPEND flags "-I${dir}")
endforeach()

execute_process(COMMAND ${COMPILER} ${flags} ${SOURCE} RESULT_VARIABLE rc ERROR_VARIABLE messages)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} does not compile as it is (it must):\n${messages}")
endif()
execute_process(COMMAND ${COMPILER} ${flags} -D${LEAVE_OUT} ${SOURCE} RESULT_VARIABLE rc ERROR_VARIABLE messages)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiles with -D${LEAVE_OUT} (it must not)")
endif()
if(NOT messages MATCHES "${EXPECT}")
  message(FATAL_ERROR "${SOURCE} with -D${LEAVE_OUT} fails, but its messages do not mention ${EXPECT}:\n${messages}")
endif()
message(STATUS "compiles as it is; with -D${LEAVE_OUT} it does not, naming ${EXPECT}")
