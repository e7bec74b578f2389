# SPDX-License-Identifier: MIT
# Cross build for i686-linux-gnu with Debian's cross compilers (gcc-i686-linux-gnu,
# g++-i686-linux-gnu); the target's libraries are in /usr/i686-linux-gnu. What CMake must run
# (Catch2's test discovery, add_test) runs under qemu-i386 -L /usr/i686-linux-gnu (qemu-user),
# unless CMAKE_CROSSCOMPILING_EMULATOR is given. scripts/cross-test.sh uses this file:
#   cmake -S . -B build-i386 -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/i686-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(CMAKE_C_COMPILER i686-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER i686-linux-gnu-g++)

set(CMAKE_FIND_ROOT_PATH /usr/i686-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Catch2 is header-only: its CMake package in /usr/lib/cmake serves every architecture.
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

find_program(SOCKETX_QEMU_I386 qemu-i386)
if(SOCKETX_QEMU_I386 AND NOT CMAKE_CROSSCOMPILING_EMULATOR)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SOCKETX_QEMU_I386} -L /usr/i686-linux-gnu)
endif()
