# SPDX-License-Identifier: MIT
# socketx_generate_constants(TARGET OUTPUT_DIR): a custom target TARGET that runs
# tools/gen-constants.py for this build's C compiler and flags, writing
#   OUTPUT_DIR/include/socketx/constants.h      (public, per architecture)
#   OUTPUT_DIR/src/constants_table.inc, constants_pins.inc   (src/core/constants.c)
# The generator only compiles its probe (it never runs it), so a cross compiler gives the
# target's values. Sets SOCKETX_CONSTANTS_HEADER in the caller's scope.
# Used by the top-level CMakeLists.txt and by the standalone fuzzing project (tests/fuzz).

get_filename_component(SOCKETX_CONSTANTS_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)

function(socketx_generate_constants target out_dir)
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  set(root ${SOCKETX_CONSTANTS_ROOT})
  # The probe must see what the library's sources see: the compiler, its target and sysroot,
  # and the flags of every build type (CMAKE_C_FLAGS carries -m32, --sysroot, dpkg-buildflags).
  set(cc ${CMAKE_C_COMPILER})
  if(CMAKE_C_COMPILER_ARG1)
    separate_arguments(arg1 UNIX_COMMAND "${CMAKE_C_COMPILER_ARG1}")
    list(APPEND cc ${arg1})
  endif()
  if(CMAKE_C_COMPILER_TARGET AND CMAKE_C_COMPILER_ID MATCHES "Clang")
    list(APPEND cc --target=${CMAKE_C_COMPILER_TARGET})
  endif()
  if(CMAKE_SYSROOT)
    list(APPEND cc --sysroot=${CMAKE_SYSROOT})
  endif()
  separate_arguments(flags UNIX_COMMAND "${CMAKE_C_FLAGS}")
  list(APPEND cc ${flags})

  set(header ${out_dir}/include/socketx/constants.h)
  set(outputs ${header} ${out_dir}/src/constants_table.inc ${out_dir}/src/constants_pins.inc)
  # The other public headers decide which names need the SX_NATIVE_ spelling.
  file(GLOB public_headers CONFIGURE_DEPENDS ${root}/abi/include/socketx/*.h)
  add_custom_command(OUTPUT ${outputs}
    COMMAND ${Python3_EXECUTABLE} ${root}/tools/gen-constants.py ${out_dir} -- ${cc}
    # The generator leaves an unchanged file alone; touched, it stays newer than its inputs
    # and the build does not run the generator again (every source includes the public
    # headers, so there is no recompilation to save).
    COMMAND ${CMAKE_COMMAND} -E touch_nocreate ${outputs}
    DEPENDS ${root}/tools/gen-constants.py ${root}/tools/constants.list ${public_headers}
    COMMENT "Generating socketx/constants.h for ${CMAKE_C_COMPILER}"
    VERBATIM)
  add_custom_target(${target} DEPENDS ${outputs})
  set(SOCKETX_CONSTANTS_HEADER ${header} PARENT_SCOPE)
endfunction()
